import { IConstruct } from 'constructs';
import { IResolver } from './resolver';
import { ITlsContext } from './tls-context';
import { formatUpstream, UpstreamService } from './upstream-service';
import { propError } from '../core/errors';
import { isNamedConstruct } from '../core/validators';

/**
 * The upstream a Mapping writes, given its `tls` context and `resolver`, or an error naming
 * `scope` when Emissary would read the combination differently from what was meant. Every rule
 * here follows Emissary's own compiler (python/ambassador/ir/ircluster.py and
 * irserviceresolver.py in emissary-ingress/emissary, checked with its compiler on our output):
 *
 * - `tls` with an `http://` service: Emissary still originates TLS (to the port written, else
 *   443) and logs
 *   "Originate-TLS context ... being used even though service ... lists HTTP". Rejected.
 * - `tls` without a scheme, through Kubernetes DNS: if the context is missing or has no
 *   certificate, Emissary logs "Originate-TLS context ... is not defined" and sends plain HTTP
 *   (to port 80 when none is given). Writing `https://` makes that case fail closed (TLS with no
 *   client certificate, which a mesh sidecar refuses), so a Mapping with `tls` always does.
 * - A resolver that routes to endpoints (Consul) takes a bare service name: Emissary ignores a
 *   port ("The Consul resolver does not allow overriding service port") and rejects a dotted
 *   name; the Connect sidecar it reaches accepts mTLS only, so no scheme is needed to fail closed.
 * - A context whose upstream must name its port (a mesh sidecar): without one Emissary dials 443.
 * - A Consul Connect context without an endpoint resolver or a port: Emissary dials 443 of a
 *   Kubernetes Service of that name, not the Connect sidecar Consul knows.
 */
export function upstreamFor(scope: IConstruct, upstream: UpstreamService, tls: ITlsContext | undefined, resolver: IResolver | undefined,
  viaKubernetesService: boolean): UpstreamService {
  const written = formatUpstream(upstream);
  if (resolver?.routesToEndpoints) {
    if (upstream.scheme !== undefined || upstream.port !== undefined || upstream.host.includes('.')) {
      throw propError(scope, 'service', written, `is not a bare service name, but resolver "${resolver.name}" looks it up in Consul's catalog: Emissary ignores a port and rejects a dotted name`,
        'give the Consul service name alone, for example ConsulResolver.sidecarService("qotm") (its Connect sidecar), with no scheme, namespace or port');
    }
    return upstream;
  }
  if (tls === undefined) return upstream;
  if (upstream.scheme === 'http') {
    throw propError(scope, 'service', written, `is http://, but tls "${tls.name}" originates TLS: Emissary would still originate TLS, to port ${upstream.port ?? 443}, and log the contradiction`,
      `write https://${upstream.host}${upstream.port !== undefined ? `:${upstream.port}` : ''}, or leave tls out for plain text`);
  }
  if (tls.requiresUpstreamPort && upstream.port === undefined) {
    throw propError(scope, 'service', written, `names no port, but tls "${tls.name}" originates mTLS: Ambassador would dial 443 and the connection hang`,
      'name the port the upstream Service exposes, for example https://productpage:9080');
  }
  if (tls.requiresEndpointResolver && upstream.port === undefined && !viaKubernetesService) {
    throw propError(scope, 'resolver', undefined, `is not set and service ${JSON.stringify(written)} names no port, but tls "${tls.name}" holds a Consul Connect certificate: Ambassador would dial port 443 of a Kubernetes Service, not the Connect sidecar`,
      'add the connector\'s ConsulResolver (connector.addResolver()) and name the Consul service, for example ConsulResolver.sidecarService("qotm"); or set viaKubernetesService: true if a Kubernetes Service of that name really serves it on 443');
  }
  return { ...upstream, scheme: 'https' };
}

/** The `tls` prop, checked: a TLSContext (a `TlsContext`, or a `TlsContext.fromName()` reference). */
export function checkTlsReference(scope: IConstruct, value: unknown): ITlsContext {
  if (typeof value === 'string') {
    throw propError(scope, 'tls', value, 'is a name, not a TLSContext', `pass the TlsContext object, or reference one installed elsewhere with TlsContext.fromName(this, 'Ctx', ${JSON.stringify(value)})`);
  }
  if (!isNamedConstruct(value)) {
    throw propError(scope, 'tls', value, 'is not a TLSContext', 'pass a TlsContext (or TlsContext.fromName(this, id, name))');
  }
  const hosts = (value as ITlsContext).hosts;
  if (hosts !== undefined && hosts.length > 0) {
    // A context with hosts also terminates TLS for them (irhost.py, HostFactory.finalize): the
    // client certificate would be served to downstream clients of those hosts.
    throw propError(scope, 'tls', value.name, `has hosts ${JSON.stringify(hosts)}, so Emissary would also serve its client certificate to clients of those hosts`,
      'use a TLSContext without hosts for upstream TLS, and a separate one (or a Host) for termination');
  }
  return value as ITlsContext;
}

/** The `resolver` prop, checked: a resolver construct (for example a `ConsulResolver`). */
export function checkResolverReference(scope: IConstruct, value: unknown): IResolver {
  if (typeof value === 'string') {
    throw propError(scope, 'resolver', value, 'is a name, not a resolver', 'pass the ConsulResolver object (connector.addResolver() returns one)');
  }
  if (!isNamedConstruct(value) || typeof (value as IResolver).routesToEndpoints !== 'boolean') {
    throw propError(scope, 'resolver', value, 'is not a resolver', 'pass a ConsulResolver (connector.addResolver() returns one)');
  }
  return value as IResolver;
}
