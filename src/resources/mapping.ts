import { ApiObject, Chart, Duration } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { effectiveAmbassadorIds, normaliseAmbassadorId } from './ambassador-id';
import { AmbassadorResource } from './ambassador-resource';
import { AmbassadorApiVersion } from './api-version';
import { LoadBalancer } from './load-balancer';
import { IResolver } from './resolver';
import { ITlsContext } from './tls-context';
import { formatUpstream, parseUpstream, UpstreamScheme, UpstreamService, upstreamOfService } from './upstream-service';
import * as v2 from '../../imports/getambassador.io-v2';
import * as v3alpha1 from '../../imports/getambassador.io-v3alpha1';
import { EXTERNAL_RESOLVER_ANNOTATION, EXTERNAL_TLS_CONTEXT_ANNOTATION } from '../core/annotations';
import { propError } from '../core/errors';
import { IKubeObject } from '../core/kube-object';
import { checkNamespace, checkObjectName } from '../core/names';

/** Props for `Mapping`. */
export interface MappingProps {
  /**
   * `metadata.name`.
   * @default - a unique name derived from the construct path
   */
  readonly name?: string;
  /**
   * `metadata.namespace`.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /** `prefix`: the URL path prefix this Mapping matches; starts with `/`. */
  readonly prefix: string;
  /**
   * `service`: the upstream. Either a string `[scheme://]name[.namespace][:port]`, or a Service
   * of this app (a cdk8s-plus `Service` of any version 27 to 33, or an `ApiObject` of kind
   * Service; then `servicePort` picks the port).
   */
  readonly service: string | IKubeObject;
  /**
   * The port of a Service object given as `service`; it must be one the Service exposes.
   * @default - the Service's only port (an error when it has several)
   */
  readonly servicePort?: number;
  /**
   * The scheme written before a Service object given as `service`.
   * @default - none (with `tls` set, Ambassador originates TLS anyway)
   */
  readonly serviceScheme?: UpstreamScheme;
  /**
   * `rewrite`: what replaces the matched prefix upstream; `''` keeps the path unchanged.
   * @default - Ambassador's default (`/`)
   */
  readonly rewrite?: string;
  /**
   * `tls`: the TLSContext whose certificate Ambassador presents to the upstream (mutual TLS).
   * @default - no TLS origination unless the service is `https://`
   */
  readonly tls?: ITlsContext;
  /**
   * The request host this Mapping matches: `host` in v2, `hostname` (a DNS glob) in v3alpha1.
   * @default - any host (v3alpha1 writes `hostname: "*"`, which it needs; v2 omits the field)
   */
  readonly host?: string;
  /**
   * `resolver`: how Ambassador finds the upstream's endpoints.
   * @default - Ambassador's default Kubernetes Service resolver
   */
  readonly resolver?: IResolver;
  /**
   * `load_balancer`. Required with a resolver that routes to endpoints directly.
   * @default - `LoadBalancer.roundRobin()` with such a resolver, else Ambassador's default
   */
  readonly loadBalancer?: LoadBalancer;
  /**
   * `timeout_ms`: the whole-request timeout.
   * @default - Ambassador's default (3 s)
   */
  readonly timeout?: Duration;
  /**
   * `ambassador_id`: which Ambassador installations read this Mapping. Must be ids its
   * `tls` context and `resolver` also carry.
   * @default - the ids of `tls`, else Ambassador's default (`["default"]`)
   */
  readonly ambassadorId?: string | string[];
  /**
   * The getambassador.io API version to emit.
   * @default - `AmbassadorApiVersion.of(this)`: the chart's choice, else v3alpha1
   */
  readonly apiVersion?: AmbassadorApiVersion;
}

/**
 * A `Mapping`: routes a URL prefix to an upstream service, optionally originating mutual TLS
 * with a `TlsContext`.
 *
 * It is itself the cdk8s `ApiObject` (one construct per route, which keeps large route tables
 * cheap to synthesize): `addJsonPatch()` takes paths of the emitted manifest, such as
 * `/spec/timeout_ms`.
 */
export class Mapping extends AmbassadorResource {
  /** The upstream, parsed. */
  public readonly upstream: UpstreamService;
  /** The TLSContext used to originate TLS, if any. */
  public readonly tls?: ITlsContext;
  /** The `ambassador_id`s written, or `undefined` for Ambassador's default. */
  public readonly ambassadorIds?: readonly string[];

  constructor(scope: Construct, id: string, props: MappingProps) {
    super(scope, id, { kind: 'Mapping', name: props.name, namespace: props.namespace, apiVersion: props.apiVersion });
    const apiVersion = this.ambassadorApiVersion;
    this.tls = props.tls;
    if (props.name !== undefined) checkObjectName(this, 'name', props.name);
    if (props.namespace !== undefined) checkNamespace(this, 'namespace', props.namespace);
    this.checkPath('prefix', props.prefix, false);
    if (props.rewrite !== undefined) this.checkPath('rewrite', props.rewrite, true);
    this.upstream = this.resolveUpstream(props);
    this.ambassadorIds = normaliseAmbassadorId(this, props.ambassadorId) ?? props.tls?.ambassadorIds;
    if (props.tls) {
      this.checkReference('tls', props.tls);
      if (props.tls.requiresUpstreamPort && this.upstream.port === undefined) {
        throw propError(this, 'service', formatUpstream(this.upstream), `names no port, but tls "${props.tls.name}" originates mesh mTLS: Ambassador would dial 443 and the connection hang`,
          'name the port the upstream Service exposes, for example https://productpage:9080');
      }
    }
    if (props.resolver) this.checkReference('resolver', props.resolver);
    // A reference to a resource installed outside the app says so, for the validation rules.
    if (props.tls && !ApiObject.isApiObject(props.tls)) this.metadata.addAnnotation(EXTERNAL_TLS_CONTEXT_ANNOTATION, props.tls.name);
    if (props.resolver && !ApiObject.isApiObject(props.resolver)) this.metadata.addAnnotation(EXTERNAL_RESOLVER_ANNOTATION, props.resolver.name);
    const loadBalancer = props.loadBalancer ?? (props.resolver?.routesToEndpoints ? LoadBalancer.roundRobin() : undefined);
    const timeoutMs = props.timeout && this.checkTimeout(props.timeout);
    const host = props.host !== undefined ? this.checkHost(props.host, apiVersion) : undefined;

    const service = formatUpstream(this.upstream);
    const resolver = props.resolver?.name;
    const ambassadorId = this.ambassadorIds && [...this.ambassadorIds];
    const balancing = loadBalancer && {
      policy: loadBalancer.policy as v3alpha1.MappingSpecLoadBalancerPolicy,
      header: loadBalancer.header,
      cookie: loadBalancer.cookie !== undefined ? { name: loadBalancer.cookie } : undefined,
      sourceIp: loadBalancer.sourceIp,
    };
    // The imported converters give the manifest's field names (timeout_ms, load_balancer, ...).
    // One literal per version, no object spread: V8 keeps such objects fast, which shows at
    // thousands of routes (a spread copy made the conversion 3-4 times slower).
    this.setSpec(apiVersion.isV2
      ? v2.toJson_MappingSpec({
        prefix: props.prefix,
        service,
        rewrite: props.rewrite,
        tls: props.tls && v2.MappingSpecTls.fromString(props.tls.name),
        host,
        resolver,
        loadBalancer: balancing,
        timeoutMs,
        ambassadorId,
      })
      : v3alpha1.toJson_MappingSpec({
        prefix: props.prefix,
        service,
        rewrite: props.rewrite,
        tls: props.tls?.name,
        hostname: host ?? '*',
        resolver,
        loadBalancer: balancing,
        timeoutMs,
        ambassadorId,
      }));
  }

  private checkPath(prop: string, value: string, emptyAllowed: boolean) {
    if (typeof value !== 'string' || !(value.startsWith('/') || (emptyAllowed && value === '')) || /\s/.test(value)) {
      throw propError(this, prop, value, 'does not start with "/" (or holds spaces)',
        prop === 'prefix' ? `write it as a URL path, for example "/${String(value ?? '').replace(/^\/*/, '').replace(/\s+/g, '')}"`
          : 'write it as a URL path starting with "/", or "" to keep the request path unchanged');
    }
  }

  private resolveUpstream(props: MappingProps): UpstreamService {
    if (typeof props.service !== 'string' && props.service !== undefined && props.service !== null) {
      const upstream = upstreamOfService(this, props.service, props.servicePort, props.serviceScheme);
      this.checkSameChart('service', props.service);
      const mappingNamespace = props.namespace ?? Chart.of(this).namespace;
      if (!upstream.host.includes('.') && mappingNamespace !== undefined) {
        throw propError(this, 'service', props.service.node.path, `has no namespace, so Ambassador would look for it in the Mapping's namespace "${mappingNamespace}", where it is not applied`,
          'give the Service (or its chart) a namespace');
      }
      return upstream;
    }
    if (props.servicePort !== undefined || props.serviceScheme !== undefined) {
      throw propError(this, props.servicePort !== undefined ? 'servicePort' : 'serviceScheme', props.servicePort ?? props.serviceScheme,
        'only applies when `service` is a Service object', 'write the port and scheme into the service string instead, for example https://name:8443');
    }
    return parseUpstream(this, props.service);
  }

  /** A referenced TLSContext or resolver must be in this chart and read by the same Ambassadors. */
  private checkReference(prop: string, target: ITlsContext | IResolver) {
    this.checkSameChart(prop, target);
    const mine = effectiveAmbassadorIds(this.ambassadorIds);
    const theirs = effectiveAmbassadorIds(target.ambassadorIds);
    const missing = mine.filter((id) => !theirs.includes(id));
    if (missing.length > 0) {
      throw propError(this, 'ambassadorId', [...mine], `is not covered by ${prop} "${target.name}", whose ambassador_id is ${JSON.stringify(theirs)}: Ambassador "${missing.join('", "')}" would not find it`,
        `leave ambassadorId unset to inherit it from ${prop}, or give both the same ids`);
    }
  }

  private checkSameChart(prop: string, target: IConstruct) {
    const targetChart = target.node.scopes.find(Chart.isChart);
    if (targetChart !== undefined && targetChart !== Chart.of(this)) {
      throw propError(this, prop, target.node.path, `is defined in another chart or app than this Mapping (${Chart.of(this).node.path})`,
        `define it in the same chart, or reference the deployed one with ${prop === 'tls' ? 'TlsContext.fromName(this, id, name)' : 'a reference created in this chart'}`);
    }
  }

  private checkTimeout(timeout: Duration): number {
    const ms = timeout.toMilliseconds({ integral: false });
    if (!Number.isInteger(ms) || ms <= 0) {
      throw propError(this, 'timeout', `${ms}ms`, 'is not a positive whole number of milliseconds', 'use for example Duration.seconds(10)');
    }
    return ms;
  }

  private checkHost(host: string, apiVersion: AmbassadorApiVersion): string {
    const label = '[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?';
    const glob = new RegExp(`^(\\*|(\\*\\.)?${label}(\\.${label})*)(:\\d{1,5})?$`);
    if (typeof host !== 'string' || !glob.test(host)) {
      throw propError(this, 'host', host, 'is not a host name or DNS glob', 'use for example "example.com", "*.example.com" or "*"');
    }
    if (apiVersion.isV2 && host.includes('*')) {
      // v2's `host` is an exact match: a glob would only match the literal "*" string.
      throw propError(this, 'host', host, 'is a glob, but getambassador.io/v2 matches `host` exactly',
        'leave host unset to match any host, name one exact host, or emit v3alpha1 (whose `hostname` takes globs)');
    }
    return host;
  }
}
