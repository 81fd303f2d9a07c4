/**
 * What a getambassador.io Mapping (v2 or v3alpha1) means as an HTTPRoute rule, or why it cannot
 * be carried over. Fields are read by name; every field not listed is refused by name, so nothing
 * a Mapping does is silently lost.
 */
import { isServiceAddress, parseServiceAddress } from '../../core/emissary-syntax';
import { EMISSARY_DEFAULT_TIMEOUT_MS, gatewayHostnames, pathRuleDifferences, serviceOfHost } from '../../gateway-api/gateway-syntax';
import { Refusal } from '../conversion';

type Json = Record<string, any>;

/** An HTTP header or query parameter matched exactly. */
export interface ExactMatch {
  readonly name: string;
  readonly value: string;
}

/** A Mapping read as one HTTPRoute rule to one Service port. */
export interface MappingRoute {
  readonly hostnames?: string[];
  readonly prefix: string;
  /** `rewrite` as written; `undefined` for Emissary's default (`/`). */
  readonly rewrite?: string;
  readonly headers: ExactMatch[];
  readonly queryParams: ExactMatch[];
  readonly method?: string;
  readonly requestHeaders?: HeaderEdits;
  readonly responseHeaders?: HeaderEdits;
  readonly timeoutMs: number;
  /** The Service, its namespace resolved against the Mapping's. */
  readonly service: { readonly name: string; readonly namespace: string; readonly port: number };
  /** The upstream's host as written (the default SNI and verified name). */
  readonly host: string;
  /** The TLSContext named by `tls`, if any. */
  readonly tlsContext?: string;
  /** True when Emissary originates TLS (https://, `tls: true`, or a TLSContext). */
  readonly originatesTls: boolean;
}

/** A RequestHeaderModifier or ResponseHeaderModifier. */
export interface HeaderEdits {
  readonly add?: ExactMatch[];
  readonly set?: ExactMatch[];
  readonly remove?: string[];
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'];

/** Fields handled below; any other is refused with `NO_COUNTERPART` or its own reason. */
const KNOWN = new Set(['prefix', 'rewrite', 'service', 'tls', 'host', 'hostname', 'headers', 'query_parameters', 'method', 'timeout_ms',
  'add_request_headers', 'remove_request_headers', 'add_response_headers', 'remove_response_headers', 'ambassador_id', 'host_regex']);

/** Fields whose loss the reader must hear about in their own words. */
const REASONS: Record<string, [string, string]> = {
  load_balancer: ['is lost: HTTPRoute has no load balancer policy (the implementation\'s default, usually round robin, applies)', 'remove it if that will do, or set the implementation\'s own policy by hand after migrating'],
  resolver: ['has no Gateway API counterpart: an HTTPRoute routes to a Service\'s endpoints, not through a Consul or endpoint resolver', 'route to the Kubernetes Service instead, or keep this Mapping on Emissary'],
  prefix_regex: ['makes prefix a regular expression: RegularExpression path matches are implementation-specific on the Gateway API (and their dialect differs)', 'write an exact or prefix path, or keep this Mapping on Emissary'],
  regex_headers: ['matches headers by regular expression, which is implementation-specific on the Gateway API', 'match the header exactly, or keep this Mapping on Emissary'],
  regex_query_parameters: ['matches query parameters by regular expression, which is implementation-specific on the Gateway API', 'match the parameter exactly, or keep this Mapping on Emissary'],
  regex_rewrite: ['rewrites by regular expression, which the standard URLRewrite cannot', 'rewrite the prefix instead, or keep this Mapping on Emissary'],
  add_linkerd_headers: ['is Linkerd\'s routing header: on the Gateway API the gateway\'s own pods join the Linkerd mesh (inject them through Gateway spec.infrastructure.annotations), and the proxy routes by Service', 'see docs/gateway-api.md, "Istio, Linkerd and Consul"; remove it, or keep this Mapping on Emissary'],
  idle_timeout_ms: ['has no standard HTTPRoute counterpart (timeouts are request and backendRequest only)', 'remove it, or set the implementation\'s own idle timeout by hand'],
  connect_timeout_ms: ['has no standard HTTPRoute counterpart', 'remove it, or set the implementation\'s own connect timeout by hand'],
  retry_policy: ['has no counterpart in the standard channel (HTTPRoute retries are experimental, GEP-1731)', 'remove it, or keep this Mapping on Emissary'],
  circuit_breakers: ['has no Gateway API counterpart', 'remove it, or set the implementation\'s own circuit breaking by hand'],
  cors: ['is not written by this command (HTTPRoute\'s CORS filter differs in its defaults: max age, credentials)', 'write the CORS filter on the HTTPRoute by hand after migrating, then remove cors'],
  weight: ['splits traffic across Mappings of one prefix, which becomes backendRef weights of one rule: this command converts Mappings one by one', 'merge the weighted Mappings into one HTTPRoute rule by hand'],
  precedence: ['has no Gateway API counterpart: the Gateway API orders rules itself (longest path, then most headers, ...)', 'remove it, and check that the routes do not depend on it'],
  case_sensitive: ['has no Gateway API counterpart: path matches are case-sensitive', 'remove it, or keep this Mapping on Emissary'],
  bypass_auth: ['refers to Emissary\'s AuthService, which the Gateway API does not have', 'remove it, or keep this Mapping on Emissary'],
  host_redirect: ['makes this Mapping a redirect, which this command does not convert (RequestRedirect)', 'write the HTTPRoute with a RequestRedirect filter by hand'],
  labels: ['feeds Emissary\'s rate limiting, which the Gateway API does not have', 'remove it, or keep this Mapping on Emissary'],
  envoy_override: ['is raw Envoy configuration, which no Gateway API field carries', 'remove it, or keep this Mapping on Emissary'],
};

/** Reads a Mapping's spec; `namespace` is the Mapping's own (to resolve `name` into `name.namespace`). */
export function readMapping(
  spec: Json, namespace: string | undefined, isV2: boolean,
): { route?: MappingRoute; refusals: Refusal[]; notes: string[] } {
  const refusals: Refusal[] = [];
  const notes: string[] = [];
  const refuse = (field: string, reason: string, fix: string) => refusals.push({ field: `spec.${field}`, reason, fix });
  for (const field of Object.keys(spec)) {
    if (KNOWN.has(field) || spec[field] === undefined || spec[field] === null) continue;
    if (field === 'prefix_regex' && spec[field] === false) continue;
    const [reason, fix] = REASONS[field] ?? ['has no Gateway API counterpart', 'remove it, or keep this Mapping on Emissary'];
    refuse(field, reason, fix);
  }
  if (typeof spec.prefix !== 'string' || !spec.prefix.startsWith('/')) refuse('prefix', 'is not a path starting with "/"', 'fix the Mapping first (check reports it)');
  if (spec.rewrite !== undefined && typeof spec.rewrite !== 'string') refuse('rewrite', 'is not a path', 'fix the Mapping first');

  const hostField = isV2 ? 'host' : (spec.hostname !== undefined ? 'hostname' : 'host');
  if (spec.host_regex === true) refuse('host_regex', 'makes the host a regular expression, which HTTPRoute hostnames cannot express', 'write the host names, or keep this Mapping on Emissary');
  const hostValue = typeof spec[hostField] === 'string' ? spec[hostField] as string : undefined;
  const host = gatewayHostnames(hostValue);
  if (hostField === 'host' && spec.host_regex !== true && hostValue !== undefined && hostValue !== '*' && hostValue.includes('*')) {
    // mapping-host: a v3alpha1 host (and a v2 host before Emissary 2.x) is matched exactly, so "*.example.com" matches no request.
    refuse('host', `"${hostValue}" is an exact match in Emissary's host field (no request carries a "*"), where an HTTPRoute hostname "*." is a wildcard: the route would start taking requests`,
      'write the names meant, or move the glob to hostname (v3alpha1) and check the Mapping with Emissary first');
  } else if ('problem' in host) {
    refuse(hostField, host.problem, 'write a host name or "*." and a domain, or keep this Mapping on Emissary');
  }
  if (!isV2 && hostValue === undefined && spec.host_regex !== true && typeof spec.headers?.[':authority'] !== 'string') {
    // mapping-unrouted: Emissary 2.x and later attach such a v3alpha1 Mapping only to the Hosts that select its labels.
    refuse('hostname', 'is not set: Emissary 2.x and later route this v3alpha1 Mapping for no host (or only for the Hosts whose mappingSelector picks it), where an HTTPRoute without hostnames takes every host',
      'set hostname to the host names the Mapping serves ("*" for every host), then migrate');
  }

  const headers = exactMatches(spec.headers, 'headers', refuse);
  const queryParams = exactMatches(spec.query_parameters, 'query_parameters', refuse);
  if (spec.method !== undefined && !METHODS.includes(String(spec.method).toUpperCase())) refuse('method', `"${spec.method}" is not an HTTPRoute method`, `use one of ${METHODS.join(', ')}`);

  const address = parseServiceAddress(spec.service);
  let service: MappingRoute['service'] | undefined;
  let hostName = '';
  let scheme: string | undefined;
  if (!isServiceAddress(address)) {
    refuse('service', `${address.message}`, address.fix);
  } else {
    scheme = address.scheme;
    hostName = address.host.replace(/\.$/, '');
    const found = serviceOfHost(hostName, namespace ?? 'default');
    if (!found) {
      refuse('service', `"${spec.service}" is not a Kubernetes Service (name or name.namespace): an HTTPRoute routes to Services`, 'route to a Service (an ExternalName Service can front an outside host), or keep this Mapping on Emissary');
    } else {
      const tls = scheme === 'https' || spec.tls === true || (typeof spec.tls === 'string' && spec.tls !== '');
      const port = address.port ?? (tls ? 443 : 80);
      if (address.port === undefined) notes.push(`the service names no port: the HTTPRoute names ${port}, the port Emissary dials`);
      if (namespace === undefined && found.namespace === 'default' && !hostName.includes('.')) notes.push('the Mapping has no namespace: its Service is taken to be in "default"');
      service = { ...found, port };
    }
  }
  const timeoutMs = typeof spec.timeout_ms === 'number' ? spec.timeout_ms : EMISSARY_DEFAULT_TIMEOUT_MS;
  if (spec.timeout_ms === undefined) notes.push(`no timeout_ms: the HTTPRoute states Emissary's default, ${EMISSARY_DEFAULT_TIMEOUT_MS} ms, as timeouts.request`);
  if (spec.ambassador_id !== undefined) notes.push('ambassador_id is dropped: every HTTPRoute attaches to the Gateway named by --gateway');
  if (typeof spec.headers?.[':authority'] === 'string') refuse('headers.:authority', 'matches the Host header as a header, which HTTPRoute matches through hostnames', `set the host to ${spec.headers[':authority']} and remove the header`);

  const requestHeaders = headerEdits(spec.add_request_headers, spec.remove_request_headers, 'request', refuse);
  const responseHeaders = headerEdits(spec.add_response_headers, spec.remove_response_headers, 'response', refuse);
  if (refusals.length > 0 || !service) return { refusals, notes };
  // Not refused (the Gateway API has no string-prefix match), but said Mapping by Mapping.
  notes.push(...pathRuleDifferences(spec.prefix, spec.rewrite));
  const tlsContext = typeof spec.tls === 'string' && spec.tls !== '' ? spec.tls : undefined;
  return {
    route: {
      ...('hostnames' in host && host.hostnames && { hostnames: host.hostnames }),
      prefix: spec.prefix,
      ...(spec.rewrite !== undefined && { rewrite: spec.rewrite }),
      headers: headers.filter((h) => h.name !== ':authority'),
      queryParams,
      ...(spec.method !== undefined && { method: String(spec.method).toUpperCase() }),
      ...(requestHeaders && { requestHeaders }),
      ...(responseHeaders && { responseHeaders }),
      timeoutMs,
      service,
      host: hostName,
      ...(tlsContext && { tlsContext }),
      originatesTls: scheme === 'https' || spec.tls === true || tlsContext !== undefined,
    },
    refusals,
    notes,
  };
}

/** `headers` or `query_parameters` with exact string values; `true` (present) needs a regular expression. */
function exactMatches(value: unknown, field: string, refuse: (f: string, r: string, fix: string) => void): ExactMatch[] {
  if (value === undefined || value === null) return [];
  if (typeof value !== 'object' || Array.isArray(value)) {
    refuse(field, 'is not a map of names to values', 'fix the Mapping first');
    return [];
  }
  const matches: ExactMatch[] = [];
  for (const [name, v] of Object.entries(value as Json)) {
    if (typeof v === 'string' && v !== '') matches.push({ name, value: v });
    else refuse(`${field}.${name}`, `is ${JSON.stringify(v)} (presence, or no value): the Gateway API matches presence only by regular expression, which is implementation-specific`, 'match an exact value, or keep this Mapping on Emissary');
  }
  return matches;
}

/** add_*_headers (a string, or { value, append }) and remove_*_headers as a header modifier. */
function headerEdits(added: unknown, removed: unknown, which: string, refuse: (f: string, r: string, fix: string) => void): HeaderEdits | undefined {
  const add: ExactMatch[] = [];
  const set: ExactMatch[] = [];
  if (added !== undefined && added !== null) {
    for (const [name, v] of Object.entries(added as Json)) {
      const value = typeof v === 'string' ? v : v?.value;
      if (typeof value !== 'string') {
        refuse(`add_${which}_headers.${name}`, 'has no string value', 'fix the Mapping first');
        continue;
      }
      // Emissary hands the value to Envoy, which expands %...% commands (%PROTOCOL%,
      // %DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%, ...); a header modifier's value is a literal, which
      // implementations escape or pass on as they choose.
      const command = /%[A-Z][A-Z0-9_]*(\([^%]*\))?%/.exec(value);
      if (command) {
        refuse(`add_${which}_headers.${name}`, `has the Envoy command ${command[0]}, which Emissary expands per request: a Gateway API header modifier's value is a literal`,
          'remove the header, or set it with the implementation\'s own header policy by hand after migrating');
        continue;
      }
      // Emissary appends unless append: false, which replaces the header: the modifier's add and set.
      (typeof v === 'object' && v.append === false ? set : add).push({ name, value });
    }
  }
  const remove = removed === undefined || removed === null ? [] : (Array.isArray(removed) ? removed : [removed]).map(String);
  if (add.length + set.length + remove.length === 0) return undefined;
  return { ...(add.length > 0 && { add }), ...(set.length > 0 && { set }), ...(remove.length > 0 && { remove }) };
}
