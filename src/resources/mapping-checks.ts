import { IConstruct } from 'constructs';
import { AmbassadorApiVersion } from './api-version';
import { propError } from '../core/errors';

/**
 * Throws unless `value` is a URL path Emissary can match as written (`prefix`, `rewrite`; a
 * `rewrite` may be `''`): a "/" first; no spaces or control characters; no "#" or "?" (a request
 * path holds neither); no regex syntax (`prefix_regex` is off, so Emissary matches it literally);
 * non-ASCII characters and other reserved ones percent-encoded, as they arrive.
 */
export function checkPath(scope: IConstruct, prop: string, value: unknown, emptyAllowed: boolean): string {
  if (typeof value !== 'string' || !(value.startsWith('/') || (emptyAllowed && value === '')) || /\s/.test(value)) {
    throw propError(scope, prop, value, 'does not start with "/" (or holds spaces)',
      prop === 'prefix' ? `write it as a URL path, for example "/${String(value ?? '').replace(/^\/*/, '').replace(/\s+/g, '')}"`
        : 'write it as a URL path starting with "/", or "" to keep the request path unchanged');
  }
  if (value.length > 4096) throw propError(scope, prop, value, 'is longer than 4096 characters', 'use a shorter path');
  const regex = /[\^$\\()[\]{}|*]/.exec(value);
  if (regex) {
    throw propError(scope, prop, value, `holds "${regex[0]}": Emissary matches ${prop} literally, not as a regular expression or glob`,
      'write the literal path the requests carry (Emissary\'s prefix_regex is not supported here)');
  }
  // `u`: a character outside the BMP is one match (its surrogate pair), so it can be encoded.
  const reserved = /[#?"<>`]|%(?![0-9A-Fa-f]{2})|[^\x21-\x7e]/u.exec(value);
  if (reserved) {
    const encoded = percentEncoded(reserved[0]);
    throw propError(scope, prop, value, `holds ${JSON.stringify(reserved[0])}, which a request path never carries as written`,
      encoded === undefined ? 'remove the unpaired UTF-16 surrogate: it is no character and has no URL encoding'
        : `percent-encode it (${encoded}), as clients send it`);
  }
  return value;
}

/** `text` percent-encoded as UTF-8, or undefined for an unpaired surrogate (which has no encoding). */
function percentEncoded(text: string): string | undefined {
  try {
    return encodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** The request host a Mapping matches: a DNS name or glob, and no glob in v2 (exact match). */
export function checkHost(scope: IConstruct, host: string, apiVersion: AmbassadorApiVersion): string {
  const label = '[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?';
  const glob = new RegExp(`^(\\*|(\\*\\.)?${label}(\\.${label})*)(:(\\d{1,5}))?$`);
  const match = typeof host === 'string' && host.length <= 253 ? glob.exec(host) : null;
  if (!match || (match[7] !== undefined && (Number(match[7]) < 1 || Number(match[7]) > 65535))) {
    throw propError(scope, 'host', host, 'is not a host name or DNS glob (with an optional port from 1 to 65535)', 'use for example "example.com", "*.example.com" or "*"');
  }
  if (apiVersion.isV2 && host.includes('*')) {
    // v2's `host` is an exact match: a glob would only match the literal "*" string.
    throw propError(scope, 'host', host, 'is a glob, but getambassador.io/v2 matches `host` exactly',
      'leave host unset to match any host, name one exact host, or emit v3alpha1 (whose `hostname` takes globs)');
  }
  return host;
}
