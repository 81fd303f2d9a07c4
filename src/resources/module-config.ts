import { Duration } from 'cdk8s';
import { ErrorScope, propError } from '../core/errors';
import { ModuleSettingType, moduleKeyProblem, moduleValueProblem } from '../core/module-settings';
import { checkDuration } from '../core/validators';

/**
 * The settings of the `ambassador` Module this library types: the ones its patterns set and the
 * ones users set most, each with the type Emissary hands on to Envoy (a string where Envoy wants
 * a boolean makes Envoy refuse the listener, and Emissary then takes no configuration at all).
 * Anything else goes into `rawConfig`, under Emissary's own name.
 */
export interface AmbassadorModuleConfig {
  /**
   * `use_remote_address`: take the client address from the connection, not from
   * `X-Forwarded-For` (Envoy's `use_remote_address`).
   * @default - Emissary's: true
   */
  readonly useRemoteAddress?: boolean;
  /**
   * `xff_num_trusted_hops`: how many proxies in front of Ambassador append to `X-Forwarded-For`.
   * @default - Emissary's: 0
   */
  readonly xffNumTrustedHops?: number;
  /**
   * `add_linkerd_headers`: send `l5d-dst-override` on every Mapping (see `LinkerdMtls`).
   * @default - Emissary's: false
   */
  readonly addLinkerdHeaders?: boolean;
  /**
   * `enable_ipv4`: resolve upstream names to IPv4 addresses.
   * @default - Emissary's: true
   */
  readonly enableIpv4?: boolean;
  /**
   * `enable_ipv6`: resolve upstream names to IPv6 addresses too (a Mapping to an IPv6 literal
   * sets it for itself).
   * @default - Emissary's: false
   */
  readonly enableIpv6?: boolean;
  /**
   * `server_name`: the `Server` header Envoy sends.
   * @default - Emissary's: "envoy"
   */
  readonly serverName?: string;
  /**
   * `strip_matching_host_port`: drop the port from `Host` when it is the listener's.
   * @default - Emissary's: false
   */
  readonly stripMatchingHostPort?: boolean;
  /**
   * `merge_slashes`: match `//a///b` as `/a/b`.
   * @default - Emissary's: false
   */
  readonly mergeSlashes?: boolean;
  /**
   * `reject_requests_with_escaped_slashes`: refuse paths with `%2F` or `%5C`.
   * @default - Emissary's: false
   */
  readonly rejectRequestsWithEscapedSlashes?: boolean;
  /**
   * `use_proxy_proto`: expect the PROXY protocol on Ambassador's listeners.
   * @default - Emissary's: false
   */
  readonly useProxyProto?: boolean;
  /**
   * `x_forwarded_proto_redirect`: redirect to HTTPS by `X-Forwarded-Proto` (Ambassador 1.x).
   * @default - Emissary's: false
   */
  readonly xForwardedProtoRedirect?: boolean;
  /**
   * `enable_http10`: accept HTTP/1.0.
   * @default - Emissary's: false
   */
  readonly enableHttp10?: boolean;
  /**
   * `enable_grpc_web`: translate gRPC-Web.
   * @default - Emissary's: false
   */
  readonly enableGrpcWeb?: boolean;
  /**
   * `preserve_external_request_id`: keep a client's `X-Request-Id`.
   * @default - Emissary's: false
   */
  readonly preserveExternalRequestId?: boolean;
  /**
   * `suppress_envoy_headers`: send no `x-envoy-*` headers upstream.
   * @default - Emissary's: false
   */
  readonly suppressEnvoyHeaders?: boolean;
  /**
   * `listener_idle_timeout_ms`: close downstream connections idle this long.
   * @default - Envoy's: 1 hour
   */
  readonly listenerIdleTimeout?: Duration;
  /**
   * `cluster_idle_timeout_ms`: close upstream connections idle this long.
   * @default - Envoy's: 1 hour
   */
  readonly clusterIdleTimeout?: Duration;
  /**
   * `diagnostics`: Emissary's diagnostics pages (`enabled`) and whether they answer
   * non-local clients (`allow_non_local`).
   * @default - Emissary's: enabled, local only
   */
  readonly diagnostics?: AmbassadorDiagnostics;
}

/** `diagnostics` of the `ambassador` Module. */
export interface AmbassadorDiagnostics {
  /** `enabled`. @default - Emissary's: true */
  readonly enabled?: boolean;
  /** `allow_non_local`. @default - Emissary's: false */
  readonly allowNonLocal?: boolean;
}

type SettingType = ModuleSettingType | 'duration';

/** The typed settings: their Emissary name and type. */
const TYPED: Record<keyof AmbassadorModuleConfig, [string, SettingType | 'diagnostics']> = {
  useRemoteAddress: ['use_remote_address', 'boolean'],
  xffNumTrustedHops: ['xff_num_trusted_hops', 'integer'],
  addLinkerdHeaders: ['add_linkerd_headers', 'boolean'],
  enableIpv4: ['enable_ipv4', 'boolean'],
  enableIpv6: ['enable_ipv6', 'boolean'],
  serverName: ['server_name', 'string'],
  stripMatchingHostPort: ['strip_matching_host_port', 'boolean'],
  mergeSlashes: ['merge_slashes', 'boolean'],
  rejectRequestsWithEscapedSlashes: ['reject_requests_with_escaped_slashes', 'boolean'],
  useProxyProto: ['use_proxy_proto', 'boolean'],
  xForwardedProtoRedirect: ['x_forwarded_proto_redirect', 'boolean'],
  enableHttp10: ['enable_http10', 'boolean'],
  enableGrpcWeb: ['enable_grpc_web', 'boolean'],
  preserveExternalRequestId: ['preserve_external_request_id', 'boolean'],
  suppressEnvoyHeaders: ['suppress_envoy_headers', 'boolean'],
  listenerIdleTimeout: ['listener_idle_timeout_ms', 'duration'],
  clusterIdleTimeout: ['cluster_idle_timeout_ms', 'duration'],
  diagnostics: ['diagnostics', 'diagnostics'],
};

/** Envoy's longest Duration (about 10,000 years), in milliseconds. */
const MAX_DURATION_MS = 315_576_000_000_000;

/** The typed `config`, checked (for untyped callers too), as Emissary's keys and values. */
export function typedModuleConfig(scope: ErrorScope, config: unknown): Record<string, unknown> {
  if (config === undefined) return {};
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw propError(scope, 'config', config, 'is not an object', 'give the typed settings, for example { useRemoteAddress: true }');
  }
  const result: Record<string, unknown> = {};
  for (const [prop, value] of Object.entries(config)) {
    const typed = (TYPED as Record<string, [string, SettingType | 'diagnostics']>)[prop];
    if (!Object.prototype.hasOwnProperty.call(TYPED, prop) || typed === undefined) {
      const camel = Object.entries(TYPED).find(([, [key]]) => key === prop)?.[0];
      throw propError(scope, 'config', prop, 'is not a setting AmbassadorModule types', camel
        ? `write it as ${camel}, or under Emissary's name in rawConfig`
        : `use one of ${Object.keys(TYPED).join(', ')}, or give Emissary's own key in rawConfig`);
    }
    if (value === undefined) continue;
    const [key, type] = typed;
    if (type === 'diagnostics') {
      result[key] = diagnosticsOf(scope, value);
    } else if (type === 'duration') {
      result[key] = checkDuration(scope, `config.${prop}`, value, MAX_DURATION_MS);
    } else {
      result[key] = checkSettingValue(scope, `config.${prop}`, key, value);
    }
  }
  return result;
}

function diagnosticsOf(scope: ErrorScope, value: unknown): Record<string, boolean> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw propError(scope, 'config.diagnostics', value, 'is not an object', 'give { enabled: true, allowNonLocal: false }');
  }
  const result: Record<string, boolean> = {};
  for (const [prop, flag] of Object.entries(value)) {
    const key = prop === 'enabled' ? 'enabled' : prop === 'allowNonLocal' ? 'allow_non_local' : undefined;
    if (key === undefined) throw propError(scope, 'config.diagnostics', prop, 'is not a diagnostics setting', 'use enabled and allowNonLocal');
    if (flag === undefined) continue;
    if (typeof flag !== 'boolean') throw propError(scope, `config.diagnostics.${prop}`, flag, 'is not true or false', 'give a boolean');
    result[key] = flag;
  }
  return result;
}

/**
 * A raw setting under Emissary's name (`rawConfig`, `setConfig()`): plain JSON data, of the type
 * Emissary passes on where the key's type is known, and not a near-miss of a known key (Emissary
 * ignores unknown keys silently).
 */
export function checkSetting(scope: ErrorScope, prop: string, key: unknown, value: unknown): unknown {
  if (typeof key !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]{0,127}$/.test(key) || UNSAFE_KEYS.includes(key)) {
    throw propError(scope, 'Module config key', key, 'is not an Emissary setting name', 'use the setting\'s snake_case name, for example "add_linkerd_headers"');
  }
  const keyProblem = moduleKeyProblem(key);
  if (keyProblem) throw propError(scope, 'Module config key', key, keyProblem.message, keyProblem.fix);
  checkJsonData(scope, `${prop}.${key}`, value, []);
  return checkSettingValue(scope, `${prop}.${key}`, key, value);
}

/** A value of a known key, of the JSON type Emissary hands on to Envoy. */
function checkSettingValue(scope: ErrorScope, prop: string, key: string, value: unknown): unknown {
  const problem = moduleValueProblem(key, value);
  if (problem) throw propError(scope, prop, value, problem.message, problem.fix);
  return value;
}

const UNSAFE_KEYS = ['__proto__', 'constructor', 'prototype'];

/** Plain JSON data: no function, symbol, bigint, non-finite number, class instance, cycle or prototype key. */
function checkJsonData(scope: ErrorScope, prop: string, value: unknown, ancestors: unknown[]): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw propError(scope, prop, value, 'is not a finite number', 'give a number JSON can carry');
    return;
  }
  if (typeof value !== 'object') {
    throw propError(scope, prop, value, `is a ${typeof value}, which a manifest cannot hold`, 'give JSON data: strings, numbers, booleans, lists and plain objects');
  }
  if (ancestors.includes(value)) throw propError(scope, prop, '(a circular reference)', 'refers to an object that contains it', 'give JSON data without cycles');
  const proto = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) {
    throw propError(scope, prop, value, 'is not plain data (a class instance)', 'give a plain object of strings, numbers, booleans and lists');
  }
  for (const [key, inner] of Object.entries(value)) {
    if (UNSAFE_KEYS.includes(key)) throw propError(scope, `${prop} key`, key, 'is an object prototype key, not a setting', 'remove it');
    checkJsonData(scope, `${prop}.${key}`, inner, [...ancestors, value]);
  }
}
