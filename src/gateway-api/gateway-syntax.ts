/**
 * How an Emissary route's fields are written on the Gateway API (v1.5.1 standard), shared by the
 * constructs and `migrate --to gateway-api`. Each function states the difference it bridges.
 */

/** The API group of the Gateway API kinds. */
export const GATEWAY_GROUP = 'gateway.networking.k8s.io';
/** The apiVersion the gateway-api target writes (v1: every kind it emits is standard there). */
export const GATEWAY_API_VERSION = `${GATEWAY_GROUP}/v1`;
/** Emissary's route timeout when a Mapping sets no `timeout_ms` (Envoy's route timeout). */
export const EMISSARY_DEFAULT_TIMEOUT_MS = 3000;
/** Emissary's `rewrite` when a Mapping sets none: the matched prefix becomes `/`. */
export const EMISSARY_DEFAULT_REWRITE = '/';

/**
 * Milliseconds as a Gateway API Duration (GEP-2257: up to four `<n><unit>` parts of at most five
 * digits, units h, m, s and ms): 3000 is `3s`, 90500 is `1m30s500ms`. `0` is `0s`, which disables
 * the timeout (HTTPRoute timeouts), as `timeout_ms: 0` does in Emissary.
 */
export function gatewayDuration(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms < 0) throw new Error(`gatewayDuration: ${ms} is not a whole number of milliseconds`);
  if (ms === 0) return '0s';
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, size] of [['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]] as const) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) parts.push(`${n}${unit}`);
  }
  return parts.join('');
}

/**
 * An Emissary request host (v2 `host`, v3alpha1 `hostname`) as HTTPRoute `hostnames`:
 * `undefined` for any host (`*` or none), the name itself for an exact name or a `*.` wildcard
 * prefix. Returns an error text for what the Gateway API cannot express: a glob elsewhere than a
 * leading `*.` label (Emissary matches `*` at the end too), an IP address (hostnames are names),
 * or a port.
 */
export function gatewayHostnames(host: string | undefined): { hostnames?: string[] } | { problem: string } {
  if (host === undefined || host === '*' || host === '') return {};
  const name = host.toLowerCase();
  if (/:\d+$/.test(name)) return { problem: `"${host}" names a port, which HTTPRoute hostnames cannot (they match the Host header's name only)` };
  if (/^[\d.]+$/.test(name) || name.startsWith('[')) return { problem: `"${host}" is an IP address, which HTTPRoute hostnames cannot be` };
  if (!/^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(name)) {
    return { problem: `"${host}" is a glob the Gateway API cannot express (a hostname takes a wildcard as its whole first label only, "*.example.com")` };
  }
  return { hostnames: [name] };
}

/** An HTTPRoute rule's path match and URL rewrite for an Emissary `prefix` and `rewrite`. */
export interface GatewayPathRule {
  readonly matches: Array<{ path: { type: 'PathPrefix'; value: string } }>;
  readonly filters?: Array<{ type: 'URLRewrite'; urlRewrite: { path: { type: 'ReplacePrefixMatch'; replacePrefixMatch: string } } }>;
}

/**
 * Emissary's `prefix` as a `PathPrefix` match and its `rewrite` (default `/`; `''` keeps the path)
 * as a `URLRewrite` with `ReplacePrefixMatch`. A PathPrefix matches whole path elements and
 * ignores a trailing `/` (`/orders/` matches `/orders`, and never `/ordersx`), where Emissary's
 * prefix is a plain string prefix: `pathRuleDifferences` says where the two differ.
 */
export function gatewayPathRule(prefix: string, rewrite: string | undefined): GatewayPathRule {
  const target = rewrite ?? EMISSARY_DEFAULT_REWRITE;
  const unchanged = target === '' || target === prefix;
  return {
    matches: [{ path: { type: 'PathPrefix', value: prefix } }],
    ...(!unchanged && { filters: [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: target } } }] }),
  };
}

/**
 * Where an HTTPRoute rule from `gatewayPathRule` routes other requests, or sends another path
 * upstream, than Emissary's Mapping of the same `prefix` and `rewrite`: one sentence each, for
 * `migrate` to say. Emissary's prefix is a string prefix and its rewrite replaces those characters
 * (Envoy's `prefix_rewrite`); a PathPrefix matches whole path elements ignoring a trailing `/`,
 * and ReplacePrefixMatch joins the rest by path element (the HTTPRoute CRD's field docs). So:
 * a prefix ending in `/` also takes the path without it, one without takes no longer paths such
 * as `/ordersx`, and a rewrite whose trailing `/` differs from the prefix's sends another path.
 */
export function pathRuleDifferences(prefix: string, rewrite: string | undefined): string[] {
  if (prefix === '/') return differentRewrite(prefix, rewrite);
  const bare = prefix.replace(/\/$/, '');
  const match = prefix.endsWith('/')
    ? `the PathPrefix ${prefix} also matches ${bare} itself (the Gateway API ignores a trailing "/"), which Emissary's string prefix ${prefix} does not: that request now reaches the upstream`
    : `the PathPrefix ${prefix} matches whole path elements (${prefix} and ${prefix}/...), not ${prefix}x-like paths such as ${prefix}-v2 that Emissary's string prefix matches: those get no route from this HTTPRoute`;
  return [match, ...differentRewrite(prefix, rewrite)];
}

function differentRewrite(prefix: string, rewrite: string | undefined): string[] {
  const target = rewrite ?? EMISSARY_DEFAULT_REWRITE;
  if (target === '' || target === prefix || prefix.endsWith('/') === target.endsWith('/')) return [];
  const request = `${prefix.replace(/\/$/, '')}/x`;
  const emissary = target + request.slice(prefix.length);
  const gateway = `${target.replace(/\/$/, '')}/x`;
  return [`rewrite ${JSON.stringify(target)}${rewrite === undefined ? ' (the default)' : ''} with prefix ${prefix}: Emissary sends ${request} upstream as ${emissary}, the URLRewrite (ReplacePrefixMatch, by path element) as ${gateway}`];
}

/**
 * A Kubernetes Service as Emissary names it (`name`, `name.namespace`, or
 * `name.namespace.svc[.<domain>]`), resolved against the namespace of the route: `undefined`
 * for any other host (an external name, an IP address), which an HTTPRoute cannot name.
 */
export function serviceOfHost(host: string, routeNamespace: string, clusterDomain = 'cluster.local'): { name: string; namespace: string } | undefined {
  const labels = host.replace(/\.$/, '').split('.');
  const [name, namespace, ...rest] = labels;
  const suffix = rest.join('.');
  if (!/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(name) || name.length > 63) return undefined;
  if (namespace === undefined) return { name, namespace: routeNamespace };
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(namespace) || !['', 'svc', `svc.${clusterDomain}`].includes(suffix)) return undefined;
  return { name, namespace };
}
