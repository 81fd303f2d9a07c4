/**
 * The validators every public entry point uses for a value of a given kind, so a value of that
 * kind is checked the same way wherever it enters, for TypeScript and untyped callers alike.
 * Each returns the value, typed, or throws the error of `propError` (path, value, fix).
 */
import { IConstruct } from 'constructs';
import { ErrorScope, propError } from './errors';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** True when `value` is an RFC 1123 label (namespaces, most names): lowercase, 1-63 chars. */
export function isDnsLabel(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 63 && DNS1123_LABEL.test(value);
}

/** True when `value` is an RFC 1123 subdomain (object names): dot-separated labels, 1-253 chars. */
export function isDnsSubdomain(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 253 && value.split('.').every(isDnsLabel);
}

/** True when `value` is an RFC 1035 label (Service names): like a label, starting with a letter. */
export function isServiceName(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 63 && DNS1035_LABEL.test(value);
}

/** Throws unless `value` is a valid Kubernetes object name (RFC 1123 subdomain). */
export function checkObjectName(scope: ErrorScope, prop: string, value: unknown): string {
  if (!isDnsSubdomain(value)) {
    throw propError(scope, prop, value, 'is not a valid Kubernetes name (RFC 1123 subdomain)',
      'use at most 253 lowercase letters, digits, "-" and ".", starting and ending with a letter or digit');
  }
  return value;
}

/** Throws unless `value` is a valid namespace name (RFC 1123 label). */
export function checkNamespace(scope: ErrorScope, prop: string, value: unknown): string {
  if (!isDnsLabel(value)) {
    throw propError(scope, prop, value, 'is not a valid namespace name (RFC 1123 label)',
      'use at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit');
  }
  return value;
}

/** Throws unless `value` is an RFC 1123 label: a volume, container or other dotless name. */
export function checkLabel(scope: ErrorScope, prop: string, value: unknown, what: string): string {
  if (!isDnsLabel(value)) {
    throw propError(scope, prop, value, `is not a valid ${what} (RFC 1123 label)`,
      'use at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit');
  }
  return value;
}

/** Throws unless `value` is a Kubernetes label value (1-63 of letters, digits, "-", "_", "."). */
export function checkLabelValue(scope: ErrorScope, prop: string, value: unknown, fix: string): string {
  if (typeof value !== 'string' || !/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/.test(value)) {
    throw propError(scope, prop, value, 'is not a Kubernetes label value', fix);
  }
  return value;
}

/** Throws unless `value` is a TCP port number (1-65535). */
export function checkPort(scope: ErrorScope, prop: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 65535) {
    throw propError(scope, prop, value, 'is not a port number', 'use a whole number from 1 to 65535');
  }
  return value;
}

/** Throws unless `value` is true or false (untyped callers pass "true"). */
export function checkBoolean(scope: ErrorScope, prop: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw propError(scope, prop, value, 'is not true or false', `write ${prop}: true or ${prop}: false, without quotes`);
  return value;
}

/** Throws unless `value` is a string; `fix` says what to write. */
export function checkString(scope: ErrorScope, prop: string, value: unknown, fix: string): string {
  if (typeof value !== 'string') throw propError(scope, prop, value, 'is not a string', fix);
  return value;
}

/** Throws unless `value` is a list; returns a copy. */
export function checkList(scope: ErrorScope, prop: string, value: unknown, fix: string): unknown[] {
  if (!Array.isArray(value)) throw propError(scope, prop, value, 'is not a list', fix);
  return [...value];
}

/**
 * Throws unless `value` is an object (props, options) whose keys are all in `known`: a misspelt
 * prop in JavaScript or YAML-sourced config would otherwise be silently ignored.
 */
export function checkOptions<T>(scope: ErrorScope, what: string, value: T | undefined | null, known: readonly string[]): T {
  if (value === undefined) return {} as T;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw propError(scope, what, value, 'is not an object', `pass ${what} as an object, for example {}`);
  }
  const unknown = Object.keys(value).filter((k) => !known.includes(k));
  if (unknown.length > 0) {
    throw propError(scope, what, unknown, `${unknown.length === 1 ? 'is not a known property' : 'are not known properties'}`,
      `use only ${known.join(', ')} (check the spelling)`);
  }
  return value;
}

// Characters no path of ours may hold: control characters (a newline could add keys to a
// YAML annotation), whitespace, backslashes and the characters YAML and JSON give meaning to.
const UNSAFE_PATH_CHARACTER = /[\u0000-\u0020\u007f-\u009f\\"'`#:;,{}[\]|<>*?!&$%@]/;

/**
 * System directories a certificate volume must never be mounted over: the mount would hide
 * everything the image keeps there.
 */
const SYSTEM_DIRECTORIES = ['/', '/bin', '/boot', '/dev', '/etc', '/home', '/lib', '/lib64', '/opt', '/proc', '/root', '/run', '/sbin', '/srv',
  '/sys', '/tmp', '/usr', '/usr/bin', '/usr/lib', '/usr/local', '/usr/sbin', '/var', '/var/lib', '/var/run', '/etc/ssl', '/etc/ssl/certs', '/etc/pki'];

/**
 * Throws unless `value` is a clean absolute path: starting with "/", no "." or ".." segments, no
 * empty segment, no characters outside letters, digits and "-_.+=~/". With `directory`, a
 * trailing "/" is allowed and the result has none; it must not be a system directory.
 */
export function checkAbsolutePath(scope: ErrorScope, prop: string, value: unknown, kind: 'file' | 'directory', example: string): string {
  const fix = `use a clean absolute ${kind} path (letters, digits, "-", "_", ".", no ".." or spaces), for example ${example}`;
  if (typeof value !== 'string' || !value.startsWith('/') || value.length > 4096 || UNSAFE_PATH_CHARACTER.test(value.slice(1)) || /[^\x21-\x7e]/.test(value)) {
    throw propError(scope, prop, value, `is not an absolute ${kind} path`, fix);
  }
  const trimmed = kind === 'directory' ? value.replace(/\/+$/, '') : value;
  const segments = trimmed.split('/').slice(1);
  if (trimmed === '' || segments.some((s) => s === '' || s === '.' || s === '..')) {
    throw propError(scope, prop, value, `is not an absolute ${kind} path`, fix);
  }
  if (kind === 'directory' && SYSTEM_DIRECTORIES.includes(trimmed)) {
    throw propError(scope, prop, value, 'is a system directory: mounting over it would hide what the image keeps there',
      `mount the certificates in a directory of their own, for example ${example}`);
  }
  return trimmed;
}

/** The largest `timeout_ms` Emissary's CRDs and Envoy's route timeout both take (a 32-bit integer of milliseconds). */
export const MAX_TIMEOUT_MS = 2_147_483_647;

/**
 * Throws unless `value` is a cdk8s `Duration` of a positive whole number of milliseconds, at most
 * `max` (default `MAX_TIMEOUT_MS`); returns the milliseconds.
 */
export function checkDuration(scope: ErrorScope, prop: string, value: unknown, max: number = MAX_TIMEOUT_MS): number {
  const isDuration = value !== null && typeof value === 'object' && typeof (value as { toMilliseconds?: unknown }).toMilliseconds === 'function';
  if (!isDuration) {
    throw propError(scope, prop, value, 'is not a cdk8s Duration', 'use for example Duration.seconds(10) (import { Duration } from \'cdk8s\'), not a bare number');
  }
  let ms: number;
  try {
    ms = (value as { toMilliseconds(o: object): number }).toMilliseconds({ integral: false });
  } catch {
    ms = NaN;
  }
  if (!Number.isSafeInteger(ms) || ms <= 0 || ms > max) {
    throw propError(scope, prop, `${ms}ms`, `is not a positive whole number of milliseconds up to ${max}`, 'use for example Duration.seconds(10)');
  }
  return ms;
}

/** True when `value` is a construct with a string name, as our references are. */
export function isNamedConstruct(value: unknown): value is IConstruct & { readonly name: string } {
  return value !== null && typeof value === 'object' && typeof (value as { node?: { path?: unknown } }).node?.path === 'string'
    && typeof (value as { name?: unknown }).name === 'string';
}

/**
 * The cluster's DNS domain (`cluster.local` unless given), as Service names end with it:
 * `<service>.<namespace>.svc.<domain>`. Normalised to how Kubernetes writes it: lower case (DNS
 * names are case-insensitive), no root dot, and no leading `svc.` (a domain given as
 * `svc.cluster.local` would make `...svc.svc.cluster.local`).
 */
export function checkClusterDomain(scope: ErrorScope, prop: string, value: unknown): string {
  const domain = typeof value === 'string' ? value.toLowerCase().replace(/\.$/, '').replace(/^svc\./, '') : value ?? 'cluster.local';
  if (!isDnsSubdomain(domain)) {
    throw propError(scope, prop, value, 'is not a DNS domain', 'give the cluster\'s DNS domain, for example "cluster.local"');
  }
  return domain;
}
