/**
 * The syntax of Emissary fields that the constructs check as they are made and the rule engine
 * checks in hand-written YAML: one verdict for both. Each function returns the problem (what
 * is wrong, and the fix) or `undefined`.
 */
import { isDnsLabel, isServiceName } from './validators';

/** What is wrong with a value, and what to do. */
export interface SyntaxProblem {
  /** Completes "<prop> <value> ...". */
  readonly message: string;
  /** What to do instead. */
  readonly fix: string;
  /** The part of the value it is about, when not all of it (`service port`, with `value`). */
  readonly part?: { readonly name: string; readonly value: unknown };
}

/**
 * A URL path Emissary can match as written (`prefix`, `rewrite`; a `rewrite` may be `''`): a "/"
 * first; no spaces or control characters; no "#" or "?" (a request path holds neither); no
 * regex syntax (without `prefix_regex`, Emissary matches it literally); non-ASCII characters and
 * other reserved ones percent-encoded, as they arrive.
 */
export function pathProblem(prop: string, value: unknown, emptyAllowed: boolean): SyntaxProblem | undefined {
  if (typeof value !== 'string' || !(value.startsWith('/') || (emptyAllowed && value === '')) || /\s/.test(value)) {
    return {
      message: 'does not start with "/" (or holds spaces)',
      fix: prop === 'prefix' ? `write it as a URL path, for example "/${String(value ?? '').replace(/^\/*/, '').replace(/\s+/g, '')}"`
        : 'write it as a URL path starting with "/", or "" to keep the request path unchanged',
    };
  }
  if (value.length > 4096) return { message: 'is longer than 4096 characters', fix: 'use a shorter path' };
  const regex = /[\^$\\()[\]{}|*]/.exec(value);
  if (regex) {
    return {
      message: `holds "${regex[0]}": Emissary matches ${prop} literally, not as a regular expression or glob`,
      fix: prop === 'prefix' ? 'write the literal path the requests carry, or set prefix_regex: true if a regular expression is meant' : 'write the literal path',
    };
  }
  // `u`: a character outside the BMP is one match (its surrogate pair), so it can be encoded.
  const reserved = /[#?"<>`]|%(?![0-9A-Fa-f]{2})|[^\x21-\x7e]/u.exec(value);
  if (reserved) {
    const encoded = percentEncoded(reserved[0]);
    return {
      message: `holds ${JSON.stringify(reserved[0])}, which a request path never carries as written`,
      fix: encoded === undefined ? 'remove the unpaired UTF-16 surrogate: it is no character and has no URL encoding' : `percent-encode it (${encoded}), as clients send it`,
    };
  }
  return undefined;
}

/** `text` percent-encoded as UTF-8, or undefined for an unpaired surrogate (which has no encoding). */
function percentEncoded(text: string): string | undefined {
  try {
    return encodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/**
 * The request host a Mapping matches: a DNS name, or a glob with one "*" at its start or its end
 * (`*`, `*.example.com`, `*-api.example.com`, `www.example.*`: the forms Envoy's virtual-host
 * domains take and irutils.py hostglob_matches compares), with an optional port; `exact` (v2's
 * `host` on Ambassador 1.x, v3alpha1's `host`, without `host_regex`) takes no glob: it would only
 * match a literal "*". `apiVersion` names the version in that message.
 */
export function hostProblem(host: unknown, exact: boolean, apiVersion = 'getambassador.io/v2'): SyntaxProblem | undefined {
  const label = '[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?';
  const name = new RegExp(`^${label}(\\.${label})*$`);
  const match = typeof host === 'string' && host.length <= 253 ? /^([^:]*)(?::(\d{1,5}))?$/.exec(host) : null;
  // A glob's "*" stands for at least one character: the name with a letter in its place must be valid.
  const glob = match?.[1] ?? '';
  const asName = glob.startsWith('*') ? `x${glob.slice(1)}` : glob.endsWith('*') ? `${glob.slice(0, -1)}x` : glob;
  if (!match || (glob !== '*' && !name.test(asName)) || (match[2] !== undefined && (Number(match[2]) < 1 || Number(match[2]) > 65535))) {
    return { message: 'is not a host name or DNS glob (with an optional port from 1 to 65535)', fix: 'use for example "example.com", "*.example.com", "www.example.*" or "*"' };
  }
  if (exact && (host as string).includes('*')) {
    return {
      message: `is a glob, but ${apiVersion} matches \`host\` exactly (Emissary: "host exact-match ... contains *, which cannot match anything")`,
      fix: apiVersion === 'getambassador.io/v2'
        ? 'leave host unset to match any host, name one exact host, or use v3alpha1 (whose `hostname` takes globs)'
        : 'use hostname, which takes globs, or name one exact host',
    };
  }
  return undefined;
}

/** A Mapping's upstream, parsed: `[scheme://]host[:port]`. */
export interface ServiceAddress {
  /** `http` or `https`; `undefined` when not written. */
  readonly scheme?: 'http' | 'https';
  /** `name`, `name.namespace`, a fully qualified host name or an IP address. */
  readonly host: string;
  /** The port; `undefined` when not written. */
  readonly port?: number;
}

export const SERVICE_FORMAT_HINT = 'write the service as [http:// or https://]name[.namespace][:port], for example https://productpage.bookinfo:9080';

/**
 * Parses a Mapping's `service` (`[scheme://]host[:port]`), where host is a Service name (`name`,
 * `name.namespace`, or a fully qualified name, with or without the root dot), an IPv4 address or
 * a bracketed IPv6 address; or says what Emissary would not route to (ircluster.py posts an
 * error for an unknown scheme, a path or a port out of range).
 */
export function parseServiceAddress(value: unknown): ServiceAddress | SyntaxProblem {
  if (typeof value !== 'string' || value.trim() === '') {
    return { message: typeof value === 'string' ? 'is empty' : 'is neither a service string nor a Service', fix: SERVICE_FORMAT_HINT };
  }
  const match = /^(?:([A-Za-z][A-Za-z0-9+.-]*):\/\/)?(\[[0-9A-Fa-f:.]+\]|[^:/?#@\s[\]]+)(?::([^/?#@\s]*))?$/.exec(value);
  if (!match) return { message: 'is not a service address (no paths, queries, user info or spaces)', fix: SERVICE_FORMAT_HINT };
  const [, scheme, host, portText] = match;
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') {
    return { message: `has the unknown scheme "${scheme}"`, fix: 'use https:// to originate TLS, http:// for plain text, or no scheme' };
  }
  if (!isUpstreamHost(host)) {
    return {
      message: `has the invalid host "${host}": a bare Service name must be an RFC 1035 label, a dotted name RFC 1123 labels (at most 253 characters in all), or give an IP address`,
      fix: SERVICE_FORMAT_HINT,
    };
  }
  if (portText === undefined) return { scheme, host };
  if (!/^\d+$/.test(portText)) return { message: `has the invalid port "${portText}"`, fix: 'use a whole number from 1 to 65535 after the colon' };
  const port = Number(portText);
  if (port < 1 || port > 65535) return { message: 'is not a port number', fix: 'use a whole number from 1 to 65535', part: { name: 'service port', value: port } };
  return { scheme, host, port };
}

/** True for a parsed address, false for a problem. */
export const isServiceAddress = (value: ServiceAddress | SyntaxProblem): value is ServiceAddress => 'host' in value;

/**
 * A bare Service name, a dotted DNS name (name.namespace[.svc.cluster.local], or a host outside
 * the cluster)[.], an IPv4 address, or [IPv6]. Emissary qualifies a bare name with the Mapping's
 * namespace (normalize_service_name), so it must be a Service name (RFC 1035 label); a dotted
 * name goes to DNS as written, whose labels are RFC 1123 labels in any case (`1api.example.com`,
 * `API.Example.com`: its compiler routes both).
 */
function isUpstreamHost(host: string): boolean {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host)) return host.split('.').every((octet) => Number(octet) <= 255);
  if (host.startsWith('[')) return /^\[[0-9A-Fa-f:.]{2,45}\]$/.test(host) && host.includes(':');
  const name = host.endsWith('.') ? host.slice(0, -1) : host; // a fully qualified name's root dot
  const labels = name.split('.');
  if (name.length > 253) return false;
  return labels.length === 1 ? isServiceName(name) : labels.every((label) => isDnsLabel(label.toLowerCase()));
}

/**
 * A ConsulResolver's `address`: Emissary hands it to the Consul API client (cmd/entrypoint/
 * consul.go sets `Config.Address`), which takes `host:port`, `http://host:port` or
 * `https://host:port`, after expanding `$VAR` and `${VAR}` from Emissary's environment
 * (os.ExpandEnv in its watcher), as in `${HOST_IP}:8500`.
 */
export function consulAddressProblem(address: unknown): SyntaxProblem | undefined {
  const variable = '\\$(?:[A-Za-z_][A-Za-z0-9_]*|\\{[A-Za-z_][A-Za-z0-9_]*\\})';
  const host = `(?:[A-Za-z0-9](?:[-A-Za-z0-9.]*[A-Za-z0-9])?|${variable})`;
  const match = typeof address === 'string' ? new RegExp(`^(?:(https?)://)?(${host}):(\\d+|${variable})$`).exec(address) : null;
  const port = match && /^\d+$/.test(match[3]) ? Number(match[3]) : undefined;
  if (port !== undefined && (port < 1 || port > 65535)) return { message: 'is not a port number', fix: 'use a whole number from 1 to 65535', part: { name: 'address port', value: port } };
  if (!match) {
    return {
      message: 'is not a Consul HTTP API address Emissary can use',
      fix: 'write host:port, http://host:port or https://host:port (host may be $VAR or ${VAR} from Emissary\'s environment), for example "consul-server.consul.svc:8500" or "${HOST_IP}:8500"',
    };
  }
  // Each label of a host name is 1 to 63 letters, digits and "-" (RFC 1123): Go's resolver
  // refuses "consul..svc", and the watcher then never finds an endpoint.
  const label = /^[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?$/;
  if (!match[2].startsWith('$') && (match[2].length > 253 || !match[2].split('.').every((l) => label.test(l)))) {
    return {
      message: `has the host "${match[2]}", which is no DNS name (an empty label, or a label of more than 63 characters or ending in "-")`,
      fix: 'write the Consul host name as it resolves, for example "consul-server.consul.svc:8500"',
    };
  }
  return undefined;
}

/** A Consul datacenter name: letters, digits, "-" and "_", starting and ending with a letter or digit. */
export function consulDatacenterProblem(datacenter: unknown): SyntaxProblem | undefined {
  if (typeof datacenter === 'string' && /^[A-Za-z0-9]([-A-Za-z0-9_]{0,61}[A-Za-z0-9])?$/.test(datacenter)) return undefined;
  return { message: 'is not a Consul datacenter name', fix: 'use at most 63 letters, digits, "-" and "_", starting and ending with a letter or digit, for example "dc1"' };
}
