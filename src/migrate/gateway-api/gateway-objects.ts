/** The Gateway API objects `migrate --to gateway-api` writes, as plain manifests. */
import { MappingRoute, HeaderEdits } from './mapping-route';
import { GATEWAY_API_VERSION, GATEWAY_GROUP, gatewayDuration, gatewayPathRule } from '../../gateway-api/gateway-syntax';

type Json = Record<string, any>;

const metadata = (name: string, namespace: string | undefined) => ({ name, ...(namespace !== undefined && { namespace }) });

/** The Gateway that carries the client certificate, with one HTTP listener letting in the routes' namespaces. */
export function gatewayObject(
  name: string, namespace: string, className: string, secret: { name: string; namespace: string }, routeNamespaces: Array<string | undefined>,
): Json {
  const known = [...new Set(routeNamespaces.filter((ns): ns is string => ns !== undefined))].sort();
  const allowedRoutes = routeNamespaces.includes(undefined) ? { namespaces: { from: 'All' } }
    : known.every((ns) => ns === namespace) ? { namespaces: { from: 'Same' } }
      : { namespaces: { from: 'Selector', selector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: known }] } } };
  return {
    apiVersion: GATEWAY_API_VERSION,
    kind: 'Gateway',
    metadata: metadata(name, namespace),
    spec: {
      gatewayClassName: className,
      listeners: [{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes }],
      tls: { backend: { clientCertificateRef: { group: '', kind: 'Secret', name: secret.name, ...(secret.namespace !== namespace && { namespace: secret.namespace }) } } },
    },
  };
}

/** The HTTPRoute of one Mapping. */
export function httpRouteObject(
  name: string, namespace: string | undefined, gateway: { name: string; namespace: string }, route: MappingRoute,
): Json {
  const path = gatewayPathRule(route.prefix, route.rewrite);
  const match: Json = { ...path.matches[0] };
  if (route.headers.length > 0) match.headers = route.headers.map((h) => ({ type: 'Exact', name: h.name, value: h.value }));
  if (route.queryParams.length > 0) match.queryParams = route.queryParams.map((q) => ({ type: 'Exact', name: q.name, value: q.value }));
  if (route.method) match.method = route.method;
  const filters: Json[] = [...(path.filters ?? [])];
  if (route.requestHeaders) filters.push({ type: 'RequestHeaderModifier', requestHeaderModifier: modifier(route.requestHeaders) });
  if (route.responseHeaders) filters.push({ type: 'ResponseHeaderModifier', responseHeaderModifier: modifier(route.responseHeaders) });
  return {
    apiVersion: GATEWAY_API_VERSION,
    kind: 'HTTPRoute',
    metadata: metadata(name, namespace),
    spec: {
      parentRefs: [{ group: GATEWAY_GROUP, kind: 'Gateway', name: gateway.name, ...(gateway.namespace !== namespace && { namespace: gateway.namespace }) }],
      ...(route.hostnames && { hostnames: route.hostnames }),
      rules: [{
        matches: [match],
        ...(filters.length > 0 && { filters }),
        backendRefs: [{
          group: '',
          kind: 'Service',
          name: route.service.name,
          ...(route.service.namespace !== (namespace ?? 'default') && { namespace: route.service.namespace }),
          port: route.service.port,
        }],
        timeouts: { request: gatewayDuration(route.timeoutMs) },
      }],
    },
  };
}

const modifier = (edits: HeaderEdits) => ({
  ...(edits.set && { set: edits.set.map((h) => ({ name: h.name, value: h.value })) }),
  ...(edits.add && { add: edits.add.map((h) => ({ name: h.name, value: h.value })) }),
  ...(edits.remove && { remove: edits.remove }),
});

/** The BackendTLSPolicy of one Service: the CA ConfigMap, the name as SNI, verified. */
export function backendTlsPolicyObject(service: { name: string; namespace: string }, hostname: string, caConfigMap: string): Json {
  return {
    apiVersion: GATEWAY_API_VERSION,
    kind: 'BackendTLSPolicy',
    metadata: metadata(service.name, service.namespace),
    spec: {
      targetRefs: [{ group: '', kind: 'Service', name: service.name }],
      validation: { caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: caConfigMap }], hostname },
    },
  };
}

/** A ReferenceGrant in `namespace` letting `from` refer to the objects `to`, by name. */
export function referenceGrantObject(namespace: string, from: { kind: string; namespace: string }, to: Array<{ kind: string; name: string }>): Json {
  return {
    apiVersion: GATEWAY_API_VERSION,
    kind: 'ReferenceGrant',
    metadata: metadata(`${from.kind.toLowerCase()}-${from.namespace}`, namespace),
    spec: {
      from: [{ group: GATEWAY_GROUP, kind: from.kind, namespace: from.namespace }],
      to: [...to].sort((a, b) => `${a.kind}/${a.name}`.localeCompare(`${b.kind}/${b.name}`)).map((t) => ({ group: '', kind: t.kind, name: t.name })),
    },
  };
}
