import { ApiObject, Chart, Duration } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { effectiveAmbassadorIds, normaliseAmbassadorId } from './ambassador-id';
import { AmbassadorResource } from './ambassador-resource';
import { AmbassadorApiVersion } from './api-version';
import { LoadBalancer } from './load-balancer';
import { checkHost, checkPath } from './mapping-checks';
import { mappingSpec } from './mapping-spec';
import { checkResolverReference, checkTlsReference, upstreamFor } from './mapping-upstream';
import { IResolver } from './resolver';
import { ITlsContext, TlsContext } from './tls-context';
import { formatUpstream, parseUpstream, UpstreamScheme, UpstreamService, upstreamOfService } from './upstream-service';
import { EXTERNAL_RESOLVER_ANNOTATION, EXTERNAL_TLS_CONTEXT_ANNOTATION } from '../core/annotations';
import { propKeys } from '../core/construct-args';
import { propError } from '../core/errors';
import { IKubeObject, isConstruct } from '../core/kube-object';
import { checkBoolean, checkDuration } from '../core/validators';

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
   * Service; then `servicePort` picks the port). An IPv6 literal (`https://[fd00::5]:8443`) also
   * writes `enable_ipv6: true`, without which Emissary resolves it to no endpoint.
   */
  readonly service: string | IKubeObject;
  /**
   * The port of a Service object given as `service`; it must be one the Service exposes.
   * @default - the Service's only port (an error when it has several)
   */
  readonly servicePort?: number;
  /**
   * The scheme written before a Service object given as `service`.
   * @default - none; `https` with `tls` (so a broken TLSContext fails closed)
   */
  readonly serviceScheme?: UpstreamScheme;
  /**
   * `rewrite`: what replaces the matched prefix upstream; `''` keeps the path unchanged.
   * @default - Ambassador's default (`/`)
   */
  readonly rewrite?: string;
  /**
   * `tls`: the TLSContext whose certificate Ambassador presents to the upstream (mutual TLS).
   * The service is then written `https://` (unless a Consul resolver finds its endpoints), so
   * Emissary never falls back to plain text when the context breaks; `http://` is an error.
   * @default - no TLS origination unless the service is `https://`
   */
  readonly tls?: ITlsContext;
  /**
   * The request host this Mapping matches: `host` in v2, `hostname` (a DNS glob) in v3alpha1.
   * Written in lower case: Emissary compares it with the request's `:authority` exactly, case
   * included, and clients send host names in lower case.
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
  /**
   * `add_linkerd_headers`: send `l5d-dst-override: <service host>:<port>`, which Linkerd's proxy
   * in Ambassador's pod routes by in ingress mode and in Linkerd 2.8 and before (in the default
   * mode of 2.9 and later it routes by the connection's destination; see `LinkerdMtls`).
   * @default - Ambassador's default (the `ambassador` Module's, else false)
   */
  readonly addLinkerdHeaders?: boolean;
  /**
   * With `tls` from a `ConsulConnector`: route through the Kubernetes Service named in `service`
   * (no ConsulResolver; with no port, Ambassador dials 443), as the original Consul example
   * does. Only for a Kubernetes Service that really fronts the Connect sidecar.
   * @default false: such a Mapping needs a ConsulResolver or a port
   */
  readonly viaKubernetesService?: boolean;
}

const MAPPING_PROPS = propKeys<MappingProps>()('name', 'namespace', 'prefix', 'service', 'servicePort', 'serviceScheme', 'rewrite', 'tls', 'host',
  'resolver', 'loadBalancer', 'timeout', 'ambassadorId', 'apiVersion', 'viaKubernetesService', 'addLinkerdHeaders');

/**
 * A `Mapping`: routes a URL prefix to an upstream service, optionally originating mutual TLS
 * with a `TlsContext`.
 *
 * It is itself the cdk8s `ApiObject` (one construct per route, which keeps large route tables
 * cheap to synthesize): `addJsonPatch()` takes paths of the emitted manifest, such as
 * `/spec/timeout_ms`.
 */
export class Mapping extends AmbassadorResource {
  /** The upstream as written (`https://` added when `tls` asks for it). */
  public readonly upstream: UpstreamService;
  /** The TLSContext used to originate TLS, if any. */
  public readonly tls?: ITlsContext;
  /** The resolver, if any. */
  public readonly resolver?: IResolver;
  /** `load_balancer`, if any (given, or round robin with an endpoint resolver). */
  public readonly loadBalancer?: LoadBalancer;
  /** `prefix`. */
  public readonly prefix: string;
  /** The request host matched (`hostname` in v3alpha1, `host` in v2); `undefined` for any. */
  public readonly host?: string;
  /** The `ambassador_id`s written, or `undefined` for Ambassador's default. */
  public readonly ambassadorIds?: readonly string[];
  /**
   * The Service object given as `service`, if any, for constructs that derive from its pods
   * (an Istio AuthorizationPolicy's selector).
   * @internal
   */
  public readonly _serviceObject?: IKubeObject;

  constructor(scope: Construct, id: string, props: MappingProps) {
    super(scope, id, { kind: 'Mapping', props, knownProps: MAPPING_PROPS, name: props?.name, namespace: props?.namespace, apiVersion: props?.apiVersion });
    props = props ?? ({} as MappingProps); // untyped callers may pass none: each required prop then says so
    const apiVersion = this.ambassadorApiVersion;
    this.tls = props.tls === undefined ? undefined : checkTlsReference(this, props.tls);
    this.resolver = props.resolver === undefined ? undefined : checkResolverReference(this, props.resolver);
    this.prefix = checkPath(this, 'prefix', props.prefix, false);
    if (props.rewrite !== undefined) checkPath(this, 'rewrite', props.rewrite, true);
    if (props.loadBalancer !== undefined && !(props.loadBalancer instanceof LoadBalancer)) {
      throw propError(this, 'loadBalancer', props.loadBalancer, 'is not a LoadBalancer', 'use LoadBalancer.roundRobin(), leastRequest(), ringHash({...}) or maglev({...})');
    }
    const viaKubernetesService = props.viaKubernetesService === undefined ? false : checkBoolean(this, 'viaKubernetesService', props.viaKubernetesService);
    const addLinkerdHeaders = props.addLinkerdHeaders === undefined ? undefined : checkBoolean(this, 'addLinkerdHeaders', props.addLinkerdHeaders);
    this.ambassadorIds = normaliseAmbassadorId(this, props.ambassadorId) ?? this.tls?.ambassadorIds;
    if (this.tls) this.checkReference('tls', this.tls);
    if (this.resolver) this.checkReference('resolver', this.resolver);
    this.upstream = upstreamFor(this, this.resolveUpstream(props), this.tls, this.resolver, viaKubernetesService);
    this._serviceObject = isConstruct(props.service) ? props.service : undefined;
    // (Not `instanceof`: cdk8s makes every ApiObject an instance of each ApiObject subclass.)
    for (const listener of (this.tls as Partial<TlsContext> | undefined)?._mappingListeners ?? []) {
      listener({ mapping: this, namespace: this.metadata.namespace, upstream: this.upstream, service: this._serviceObject });
    }
    // A reference to a resource installed outside the app says so, for the validation rules.
    if (props.tls && !ApiObject.isApiObject(props.tls)) this.metadata.addAnnotation(EXTERNAL_TLS_CONTEXT_ANNOTATION, props.tls.name);
    if (props.resolver && !ApiObject.isApiObject(props.resolver)) this.metadata.addAnnotation(EXTERNAL_RESOLVER_ANNOTATION, props.resolver.name);
    this.loadBalancer = props.loadBalancer ?? (props.resolver?.routesToEndpoints ? LoadBalancer.roundRobin() : undefined);
    const timeoutMs = props.timeout === undefined ? undefined : checkDuration(this, 'timeout', props.timeout);
    // Emissary matches the host as an exact, case-sensitive `:authority` header (its compiler
    // writes `string_match: { exact: "Example.COM" }`), while clients send host names in lower
    // case (RFC 3986, 3.2.2): written as given, an upper-case letter would match no request.
    this.host = props.host !== undefined ? checkHost(this, props.host, apiVersion).toLowerCase() : undefined;
    // An IPv6 literal needs `enable_ipv6`: otherwise Emissary makes its STRICT_DNS cluster
    // V4_ONLY (envoy/v3/v3cluster.py, v2cluster.py in 1.x), which resolves it to no endpoint.
    const enableIpv6 = this.upstream.host.startsWith('[') ? true : undefined;

    this.setSpec(mappingSpec(apiVersion.isV2, {
      prefix: props.prefix,
      service: formatUpstream(this.upstream),
      rewrite: props.rewrite,
      tls: props.tls?.name,
      host: apiVersion.isV2 ? this.host : this.host ?? '*',
      resolver: props.resolver?.name,
      loadBalancer: this.loadBalancer,
      timeoutMs,
      ambassadorId: this.ambassadorIds,
      addLinkerdHeaders,
      enableIpv6,
    }));
  }

  private resolveUpstream(props: MappingProps): UpstreamService {
    if (props.service !== null && typeof props.service === 'object') {
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
}
