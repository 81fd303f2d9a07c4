import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { AmbassadorApiVersion } from './api-version';
import { propError } from '../core/errors';

/** Throws unless `value` is a URL path (`prefix`, `rewrite`); `rewrite` may be `''`. */
export function checkPath(scope: IConstruct, prop: string, value: string, emptyAllowed: boolean): string {
  if (typeof value !== 'string' || !(value.startsWith('/') || (emptyAllowed && value === '')) || /\s/.test(value)) {
    throw propError(scope, prop, value, 'does not start with "/" (or holds spaces)',
      prop === 'prefix' ? `write it as a URL path, for example "/${String(value ?? '').replace(/^\/*/, '').replace(/\s+/g, '')}"`
        : 'write it as a URL path starting with "/", or "" to keep the request path unchanged');
  }
  return value;
}

/** `timeout_ms` of a positive whole number of milliseconds. */
export function checkTimeout(scope: IConstruct, timeout: Duration): number {
  const ms = timeout.toMilliseconds({ integral: false });
  if (!Number.isInteger(ms) || ms <= 0) {
    throw propError(scope, 'timeout', `${ms}ms`, 'is not a positive whole number of milliseconds', 'use for example Duration.seconds(10)');
  }
  return ms;
}

/** The request host a Mapping matches: a DNS name or glob, and no glob in v2 (exact match). */
export function checkHost(scope: IConstruct, host: string, apiVersion: AmbassadorApiVersion): string {
  const label = '[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?';
  const glob = new RegExp(`^(\\*|(\\*\\.)?${label}(\\.${label})*)(:\\d{1,5})?$`);
  if (typeof host !== 'string' || !glob.test(host)) {
    throw propError(scope, 'host', host, 'is not a host name or DNS glob', 'use for example "example.com", "*.example.com" or "*"');
  }
  if (apiVersion.isV2 && host.includes('*')) {
    // v2's `host` is an exact match: a glob would only match the literal "*" string.
    throw propError(scope, 'host', host, 'is a glob, but getambassador.io/v2 matches `host` exactly',
      'leave host unset to match any host, name one exact host, or emit v3alpha1 (whose `hostname` takes globs)');
  }
  return host;
}
