/**
 * The settings of the `ambassador` Module as Emissary reads them, shared by `AmbassadorModule`
 * (as it is made) and the rule engine (in hand-written YAML): one verdict for both.
 */
import { SyntaxProblem } from './emissary-syntax';
import { similarNames } from './similar-names';

/** The JSON type Emissary hands a setting on to Envoy as. */
export type ModuleSettingType = 'boolean' | 'integer' | 'string';

/**
 * Every `ambassador` Module key Emissary reads, from 1.14 to 4.x (IRAmbassador's
 * AModTransparentKeys and the keys its setup reads itself, python/ambassador/ir/irambassador.py),
 * with the JSON type of those whose type is plain. Emissary ignores any other key without a word.
 */
export const MODULE_SETTINGS: Readonly<Record<string, ModuleSettingType | undefined>> = Object.fromEntries([
  ...['add_linkerd_headers', 'allow_chunked_length', 'auth_enabled', 'debug_mode', 'enable_grpc_http11_bridge', 'enable_grpc_web', 'enable_http10',
    'enable_ipv4', 'enable_ipv6', 'merge_slashes', 'preserve_external_request_id', 'proper_case', 'prune_unreachable_routes',
    'reject_requests_with_escaped_slashes', 'strip_matching_host_port', 'suppress_envoy_headers', 'use_ambassador_namespace_for_service_resolution',
    'use_proxy_proto', 'use_remote_address', 'x_forwarded_proto_redirect'].map((k) => [k, 'boolean']),
  ...['admin_port', 'buffer_limit_bytes', 'cluster_idle_timeout_ms', 'cluster_max_connection_lifetime_ms', 'cluster_request_timeout_ms',
    'envoy_validation_timeout', 'listener_idle_timeout_ms', 'max_request_headers_kb', 'regex_max_size', 'service_port', 'xff_num_trusted_hops'].map((k) => [k, 'integer']),
  ...['default_label_domain', 'envoy_log_path', 'envoy_log_type', 'forward_client_cert_details', 'headers_with_underscores_action', 'lua_scripts',
    'regex_type', 'resolver', 'server_name'].map((k) => [k, 'string']),
  // Objects and lists Emissary reads with shapes of their own: checked as plain JSON data only.
  ...['buffer', 'circuit_breakers', 'cors', 'default_labels', 'defaults', 'diagnostics', 'envoy_log_format', 'error_response_overrides', 'grpc_stats',
    'gzip', 'header_case_overrides', 'ip_allow', 'ip_deny', 'keepalive', 'liveness_probe', 'load_balancer', 'readiness_probe', 'retry_policy',
    'runtime_flags', 'set_current_client_cert_details', 'statsd'].map((k) => [k, undefined]),
]);

const TYPE_WORDS: Record<ModuleSettingType, [string, string]> = {
  boolean: ['true or false', 'true or false'],
  integer: ['a whole number', 'a whole number from 0'],
  string: ['a string', 'a string'],
};

/** A near-miss of a setting Emissary knows (which it would ignore without a word), or undefined. */
export function moduleKeyProblem(key: string): SyntaxProblem | undefined {
  if (Object.prototype.hasOwnProperty.call(MODULE_SETTINGS, key)) return undefined;
  const near = similarNames(key, Object.keys(MODULE_SETTINGS));
  if (near.length === 0) return undefined;
  return {
    message: `is no setting Emissary knows (it would ignore it without a word), and close to ${near.map((k) => `"${k}"`).join(', ')}`,
    fix: `write ${near.length === 1 ? `"${near[0]}"` : 'the one you mean'}`,
  };
}

/** A value of a known setting that is not of the JSON type Emissary hands on to Envoy, or undefined. */
export function moduleValueProblem(key: string, value: unknown): SyntaxProblem | undefined {
  const type = Object.prototype.hasOwnProperty.call(MODULE_SETTINGS, key) ? MODULE_SETTINGS[key] : undefined;
  if (type === undefined) return undefined;
  const fits = type === 'boolean' ? typeof value === 'boolean' : type === 'string' ? typeof value === 'string' : Number.isSafeInteger(value) && (value as number) >= 0;
  if (fits) return undefined;
  return {
    message: `is not ${TYPE_WORDS[type][0]}, which Emissary passes to Envoy as is (Envoy would refuse the configuration, and Emissary then takes none)`,
    fix: `give ${TYPE_WORDS[type][1]}`,
  };
}
