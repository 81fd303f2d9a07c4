import { ApiObject, Chart, Duration, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { BackendCa } from './backend-ca';
import { GatewayListener, renderListeners } from './gateway-listener';
import { EMISSARY_DEFAULT_TIMEOUT_MS, gatewayDuration, gatewayHostnames, gatewayPathRule, serviceOfHost } from './gateway-syntax';
import { meshEquivalent } from './mesh-equivalents';
import { ReferenceGrants } from './reference-grants';
import * as gw from '../../imports/gateway.networking.k8s.io-v1';
import { CertManagerMtls } from '../cert-manager/cert-manager-mtls';
import { checkConstructArgs, propKeys } from '../core/construct-args';
import { guardAgainstDuplicates } from '../core/duplicate-objects';
import { pathProblem } from '../core/emissary-syntax';
import { ErrorScope, propError } from '../core/errors';
import { IKubeObject, isConstruct } from '../core/kube-object';
import { checkDuration, checkList, checkNamespace, checkObjectName, checkOptions, checkString, isDnsSubdomain } from '../core/validators';
import { parseUpstream, UpstreamService, upstreamOfService } from '../resources/upstream-service';

/** Props for `GatewayApiMtls`. */
export interface GatewayApiMtlsProps {
  /**
   * The cert-manager client certificate, the same one `CertManagerMtls` issues Ambassador: its
   * Secret becomes the Gateway's backend client certificate (`spec.tls.backend.clientCertificateRef`)
   * and its Secret's namespace is the one `ambassadorNamespace` names.
   */
  readonly clientCertificate: CertManagerMtls;
  /** `spec.gatewayClassName`: the implementation's GatewayClass (`eg` for Envoy Gateway, `istio`, ...). */
  readonly gatewayClassName: string;
  /**
   * The Gateway's name.
   * @default "edge"
   */
  readonly gatewayName?: string;
  /**
   * The namespace of the Gateway, and of the HTTPRoutes unless a route says otherwise.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /**
   * The listeners (`spec.listeners`). HTTPRoutes in other namespaces than the Gateway's are let
   * in by name (`allowedRoutes` selects exactly those namespaces).
   * @default - one HTTP listener "http" on port 80
   */
  readonly listeners?: GatewayListener[];
  /**
   * The CA each BackendTLSPolicy verifies its upstream with (`validation.caCertificateRefs`).
   * Required, with no default: the Gateway API makes only a ConfigMap reference portable ("Core"
   * support, `BackendCa.configMap(name)`, for example written into each namespace by
   * trust-manager); a Secret reference, such as `BackendCa.serverCertificateSecret()` (the
   * `ca.crt` cert-manager writes beside the upstream's own certificate), is
   * implementation-specific: Envoy Gateway and NGINX Gateway Fabric read it, kgateway and
   * agentgateway reject it (InvalidKind) and the route then fails with a 5xx.
   */
  readonly backendCa: BackendCa;
}

/** Props for `GatewayApiMtls.addRoute()`: an HTTPRoute to an upstream Service over mutual TLS. */
export interface GatewayRouteProps {
  /**
   * The HTTPRoute's name.
   * @default - a unique name derived from the construct path
   */
  readonly name?: string;
  /**
   * The HTTPRoute's namespace (a Service elsewhere gets a ReferenceGrant).
   * @default - the Gateway's namespace
   */
  readonly namespace?: string;
  /** The path prefix matched (`PathPrefix`, whole path elements); starts with `/`. */
  readonly prefix: string;
  /**
   * What replaces the matched prefix upstream (`URLRewrite`, `ReplacePrefixMatch`); `''` keeps
   * the path.
   * @default "/" (as Emissary's Mapping does)
   */
  readonly rewrite?: string;
  /**
   * The request host matched (`hostnames`): a name, or `*.` and a domain.
   * @default - every host
   */
  readonly host?: string;
  /**
   * The upstream Service: a string `[https://]name[.namespace]:port`, or a Service of this app
   * (then `servicePort` picks the port). The port is required: HTTPRoute names a Service port.
   */
  readonly service: string | IKubeObject;
  /**
   * The port of a Service object given as `service`.
   * @default - the Service's only port
   */
  readonly servicePort?: number;
  /**
   * The whole-request timeout (`timeouts.request`). Extended support in the Gateway API: an
   * implementation that lacks the `HTTPRouteRequestTimeout` feature may apply its own.
   * @default Duration.seconds(3), Emissary's default for a Mapping
   */
  readonly timeout?: Duration;
  /**
   * The name sent as SNI and, without `subjectAltNames`, verified in the upstream's certificate
   * (the BackendTLSPolicy's `validation.hostname`).
   * @default - the service's host as written (`name.namespace`), which addServerCertificate's certificates carry
   */
  readonly backendHostname?: string;
  /**
   * DNS names or URIs (`spiffe://...`) the upstream's certificate must carry one of
   * (`validation.subjectAltNames`); the hostname is then used for SNI only.
   * @default - none: the hostname is verified
   */
  readonly subjectAltNames?: string[];
}

const PROPS = propKeys<GatewayApiMtlsProps>()('clientCertificate', 'gatewayClassName', 'gatewayName', 'namespace', 'listeners', 'backendCa');
const ROUTE_PROPS = propKeys<GatewayRouteProps>()('name', 'namespace', 'prefix', 'rewrite', 'host', 'service', 'servicePort', 'timeout', 'backendHostname', 'subjectAltNames');

/**
 * Mutual TLS from a Kubernetes Gateway API gateway (v1.5 standard) to upstream Services, from
 * the same cert-manager client certificate as `CertManagerMtls`: a Gateway presenting it to every
 * backend (`spec.tls.backend.clientCertificateRef`, GEP-3155), an HTTPRoute per route, a
 * BackendTLSPolicy per upstream Service (the issuer's CA, the upstream's name as SNI and verified,
 * or the SANs given), and ReferenceGrants where a reference crosses namespaces. Unlike Emissary,
 * the gateway verifies the upstream's name, not only its CA.
 */
export class GatewayApiMtls extends Construct {
  /** The Gateway (an `ApiObject`: cdk8s's JSON patches apply). */
  public readonly gateway: ApiObject;
  /** Its name. */
  public readonly gatewayName: string;
  /** Its namespace. */
  public readonly namespace: string;
  private readonly backendCa: BackendCa;
  private readonly grants: ReferenceGrants;
  private readonly routeNamespaces = new Set<string>();
  private readonly policies = new Map<string, { hostname: string; sans: string }>();

  constructor(scope: Construct, id: string, props: GatewayApiMtlsProps) {
    const { where } = checkConstructArgs('GatewayApiMtls', scope, id, props, PROPS);
    super(scope, id);
    guardAgainstDuplicates(this);
    const mesh = meshEquivalent(props.clientCertificate);
    if (mesh) throw propError(where, 'clientCertificate', props.clientCertificate, mesh.problem, mesh.fix);
    if (!(props.clientCertificate instanceof CertManagerMtls)) {
      throw propError(where, 'clientCertificate', props.clientCertificate, 'is not a CertManagerMtls',
        'create the client certificate with new CertManagerMtls(...) and pass it (Emissary and the Gateway can share it)');
    }
    const certificate = props.clientCertificate;
    this.gatewayName = checkObjectName(where, 'gatewayName', props.gatewayName ?? 'edge');
    const namespace = props.namespace ?? Chart.of(this).namespace;
    if (namespace === undefined) throw propError(where, 'namespace', undefined, 'is not known: neither given nor the chart\'s', 'give the Gateway a namespace, or give the chart one');
    this.namespace = checkNamespace(where, 'namespace', namespace);
    const className = checkObjectName(where, 'gatewayClassName', props.gatewayClassName);
    this.backendCa = this.checkBackendCa(props.backendCa, certificate);
    this.grants = new ReferenceGrants(this);

    const secretNamespace = certificate.ambassadorNamespace;
    const listeners = renderListeners(where, props.listeners ?? [{ name: 'http', port: 80, protocol: 'HTTP' }], () => Lazy.any({ produce: () => this.allowedRoutes() }));
    this.gateway = new gw.Gateway(this, 'Gateway', {
      metadata: { name: this.gatewayName, namespace: this.namespace },
      spec: {
        gatewayClassName: className,
        listeners: listeners as gw.GatewaySpecListeners[],
        tls: {
          backend: {
            clientCertificateRef: {
              group: '',
              kind: 'Secret',
              name: certificate.secretName,
              ...(secretNamespace !== this.namespace && { namespace: secretNamespace }),
            },
          },
        },
      },
    });
    if (secretNamespace !== this.namespace) {
      this.grants.allow({ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: this.namespace }, { group: '', kind: 'Secret', name: certificate.secretName, namespace: secretNamespace });
    }
  }

  /**
   * Adds an HTTPRoute to an upstream Service over mutual TLS: the Gateway presents the client
   * certificate, and a BackendTLSPolicy (one per Service) verifies the upstream.
   */
  public addRoute(id: string, props: GatewayRouteProps): ApiObject {
    const where = { node: { path: `${this.node.path}/${id}` } };
    const given = checkOptions(where, 'addRoute props', props, ROUTE_PROPS);
    const routeNamespace = given.namespace === undefined ? this.namespace : checkNamespace(where, 'namespace', given.namespace);
    const prefix = checkPathProp(where, 'prefix', given.prefix, false);
    const rewrite = given.rewrite === undefined ? undefined : checkPathProp(where, 'rewrite', given.rewrite, true);
    const host = given.host === undefined ? {} : gatewayHostnames(checkString(where, 'host', given.host, 'give a host name such as "shop.example.com"'));
    if ('problem' in host) throw propError(where, 'host', given.host, host.problem, 'give a host name, or "*." and a domain');
    const upstream = this.upstreamOf(where, given);
    const service = serviceOfHost(upstream.host, routeNamespace);
    if (!service) {
      throw propError(where, 'service', given.service, 'is not a Kubernetes Service (name or name.namespace): an HTTPRoute routes to Services',
        'name the upstream Service, for example "inventory.warehouse:8443"');
    }
    const timeoutMs = given.timeout === undefined ? EMISSARY_DEFAULT_TIMEOUT_MS : checkDuration(where, 'timeout', given.timeout);
    const route = new gw.HttpRoute(this, id, {
      metadata: { ...(given.name !== undefined && { name: checkObjectName(where, 'name', given.name) }), namespace: routeNamespace },
      spec: {
        parentRefs: [{
          group: 'gateway.networking.k8s.io',
          kind: 'Gateway',
          name: this.gatewayName,
          ...(routeNamespace !== this.namespace && { namespace: this.namespace }),
        }],
        ...host,
        rules: [{
          ...gatewayPathRule(prefix, rewrite),
          backendRefs: [{ group: '', kind: 'Service', name: service.name, ...(service.namespace !== routeNamespace && { namespace: service.namespace }), port: upstream.port! }],
          timeouts: { request: gatewayDuration(timeoutMs) },
        }],
      } as gw.HttpRouteSpec,
    });
    this.routeNamespaces.add(routeNamespace);
    if (service.namespace !== routeNamespace) {
      this.grants.allow({ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: routeNamespace }, { group: '', kind: 'Service', name: service.name, namespace: service.namespace });
    }
    this.backendTlsPolicy(where, service, given.backendHostname ?? upstream.host.replace(/\.$/, ''), given.subjectAltNames);
    return route;
  }

  /** The BackendTLSPolicy of a Service, made once; a second route must not ask for other checks. */
  private backendTlsPolicy(where: ErrorScope, service: { name: string; namespace: string }, hostname: string, subjectAltNames: unknown): void {
    if (!isDnsSubdomain(hostname)) throw propError(where, 'backendHostname', hostname, 'is not a DNS name (sent as SNI and verified)', 'give the name the upstream\'s certificate carries');
    const sans = subjectAltNames === undefined ? [] : checkList(where, 'subjectAltNames', subjectAltNames, 'list DNS names or URIs');
    const rendered = sans.map((san) => {
      if (typeof san === 'string' && /^[a-z][a-z0-9+.-]*:[^\s]+$/i.test(san)) return { type: 'URI', uri: san };
      if (typeof san === 'string' && isDnsSubdomain(san.replace(/^\*\./, ''))) return { type: 'Hostname', hostname: san };
      throw propError(where, 'subjectAltNames', san, 'is neither a DNS name nor a URI', 'give names such as "inventory.warehouse.svc" or URIs such as "spiffe://cluster.local/ns/warehouse/sa/inventory"');
    });
    const key = `${service.namespace}/${service.name}`;
    const existing = this.policies.get(key);
    if (existing) {
      if (existing.hostname !== hostname || existing.sans !== JSON.stringify(rendered)) {
        throw propError(where, 'backendHostname', hostname, `asks Service ${key} for other TLS checks than an earlier route (hostname ${existing.hostname}): one BackendTLSPolicy applies per Service`,
          'give every route to this Service the same backendHostname and subjectAltNames');
      }
      return;
    }
    new gw.BackendTlsPolicy(this, `BackendTls-${key}`, {
      metadata: { name: service.name, namespace: service.namespace },
      spec: {
        targetRefs: [{ group: '', kind: 'Service', name: service.name }],
        validation: {
          caCertificateRefs: [this.backendCa.refFor(service.name)],
          hostname,
          ...(rendered.length > 0 && { subjectAltNames: rendered }),
        },
      } as gw.BackendTlsPolicySpec,
    });
    this.policies.set(key, { hostname, sans: JSON.stringify(rendered) });
  }

  private upstreamOf(where: { node: { path: string } }, props: GatewayRouteProps): UpstreamService {
    const upstream = isConstruct(props.service)
      ? upstreamOfService(this, props.service as IKubeObject, props.servicePort)
      : parseUpstream(where, props.service);
    if (upstream.scheme === 'http') {
      throw propError(where, 'service', props.service, 'is http://, but the client certificate is presented over TLS', 'write the service with https:// or without a scheme');
    }
    if (upstream.port === undefined) {
      throw propError(where, 'service', props.service, 'has no port: an HTTPRoute must name the Service port', 'write the port, for example "inventory.warehouse:8443"');
    }
    return upstream;
  }

  private checkBackendCa(given: unknown, certificate: CertManagerMtls): BackendCa {
    if (given !== undefined) {
      if (!(given instanceof BackendCa)) throw propError(this, 'backendCa', given, 'is not a BackendCa', 'use BackendCa.configMap(name), BackendCa.secret(name) or BackendCa.serverCertificateSecret()');
      return given;
    }
    // No default: a ConfigMap is the only CA reference every implementation reads (Core support in
    // the v1.5.1 BackendTLSPolicy CRD); a Secret is implementation-specific, and kgateway
    // (kgateway-dev/kgateway#12805) and agentgateway (agentgateway/agentgateway#3414) reject it.
    const trust = certificate.upstreamTrust;
    const problem = trust.kind === 'none'
      ? 'is missing, and the client certificate\'s upstreamTrust is none(): a Gateway always verifies its upstreams (a BackendTLSPolicy needs a CA)'
      : trust.kind === 'ca-secret'
        ? 'is missing, and the client certificate\'s upstreamTrust is caSecret(): Emissary reads that CA from tls.crt, Gateway API implementations read ca.crt of a ConfigMap (or Secret) in each upstream\'s namespace'
        : 'is missing: the Gateway API reads the upstream\'s CA from a ConfigMap (Core support, every implementation) or a Secret (implementation-specific: some implementations refuse it and the route fails), and no object of the chart says which one holds it';
    throw propError(this, 'backendCa', undefined, problem,
      'give backendCa: BackendCa.configMap(name) (portable: a ConfigMap with ca.crt in each upstream\'s namespace, which trust-manager can write), '
      + 'or BackendCa.serverCertificateSecret() / BackendCa.secret(name) if your implementation reads a Secret (Envoy Gateway, NGINX Gateway Fabric do)');
  }

  /** Routes in the Gateway's namespace only: `Same`; else exactly the namespaces that have routes. */
  private allowedRoutes(): unknown {
    const others = [...this.routeNamespaces].filter((ns) => ns !== this.namespace);
    if (others.length === 0) return { namespaces: { from: 'Same' } };
    return {
      namespaces: {
        from: 'Selector',
        selector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: [...new Set([this.namespace, ...others])].sort() }] },
      },
    };
  }
}

/** A path Emissary and the Gateway API both read as written (`pathProblem`, which the rule engine applies to Mappings). */
function checkPathProp(scope: ErrorScope, prop: string, value: unknown, emptyAllowed: boolean): string {
  const problem = pathProblem(prop, value, emptyAllowed);
  if (problem) throw propError(scope, prop, value, problem.message, problem.fix);
  return value as string;
}
