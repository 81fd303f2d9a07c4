/**
 * What cert-manager's webhook refuses in a Certificate (internal/apis/certmanager/validation/
 * certificate.go), shared by `CertManagerMtls` (as it is made) and the rule engine (in YAML).
 */
import { SyntaxProblem } from './emissary-syntax';

/** cert-manager's shortest `duration` (MinimumCertificateDuration), in milliseconds. */
export const MIN_CERTIFICATE_DURATION_MS = 3_600_000;
/** cert-manager's shortest `renewBefore` (MinimumRenewBefore), in milliseconds. */
export const MIN_RENEW_BEFORE_MS = 300_000;
/** RSA key sizes the webhook takes: "must be between 2048 & 8192 for rsa keyAlgorithm". */
export const RSA_KEY_BITS = { min: 2048, max: 8192 };
/** ECDSA curve sizes the webhook takes. */
export const ECDSA_KEY_BITS = [256, 384, 521];

/** cert-manager's `duration` when a Certificate gives none (DefaultCertificateDuration, 90 days). */
export const DEFAULT_CERTIFICATE_DURATION = '2160h';

/** Go's largest time.Duration, an int64 of nanoseconds (2562047h47m16.854775807s). */
const GO_MAX_NANOS = 2n ** 63n - 1n;
/** The same in whole seconds, in milliseconds: the longest lifetime written as whole seconds. */
export const GO_MAX_DURATION_MS = 9_223_372_036_000;

const UNIT_NANOS: Record<string, bigint> = {
  ns: 1n, us: 1_000n, µs: 1_000n, μs: 1_000n, ms: 1_000_000n, s: 1_000_000_000n, m: 60_000_000_000n, h: 3_600_000_000_000n,
};

/**
 * A Go duration string (`2160h`, `1h30m`, `1.5h`) in milliseconds, as time.ParseDuration reads it;
 * undefined when Go would refuse it (no unit, an unknown unit, past its largest duration).
 */
export function parseGoDuration(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const match = /^([-+]?)((?:\d*\.?\d*(?:ns|us|µs|μs|ms|s|m|h))+)$/.exec(text);
  if (!match || text === '0') return text === '0' ? 0 : undefined;
  let nanos = 0n;
  for (const [, whole, fraction, unit] of match[2].matchAll(/(\d*)(?:\.(\d*))?(ns|us|µs|μs|ms|s|m|h)/g)) {
    if (whole === '' && (fraction ?? '') === '') return undefined;
    const scale = UNIT_NANOS[unit];
    nanos += BigInt(whole || '0') * scale + (fraction ? (BigInt(fraction) * scale) / 10n ** BigInt(fraction.length) : 0n);
    if (nanos > GO_MAX_NANOS) return undefined;
  }
  return Number((match[1] === '-' ? -nanos : nanos) / 1_000_000n);
}

/** The problems cert-manager's webhook finds in a Certificate's key and lifetime, by field. */
export function certificateSpecProblems(spec: Record<string, any>): Array<SyntaxProblem & { readonly field: string[] }> {
  const problems: Array<SyntaxProblem & { readonly field: string[] }> = [];
  const key = spec.privateKey ?? {};
  // The webhook checks a size above 0 only: 0 is the algorithm's default (certificate.go, `Size > 0 &&`).
  const size = key.size === 0 ? undefined : key.size;
  if (size !== undefined && (key.algorithm === undefined || key.algorithm === 'RSA') && !(Number.isInteger(size) && size >= RSA_KEY_BITS.min && size <= RSA_KEY_BITS.max)) {
    problems.push({ field: ['spec', 'privateKey', 'size'], message: `${JSON.stringify(size)} is not an RSA key size cert-manager accepts`, fix: 'give a whole number of bits from 2048 to 8192' });
  }
  if (size !== undefined && key.algorithm === 'ECDSA' && !ECDSA_KEY_BITS.includes(size)) {
    problems.push({ field: ['spec', 'privateKey', 'size'], message: `${JSON.stringify(size)} is not an ECDSA curve size cert-manager knows`, fix: 'give 256, 384 or 521' });
  }
  const lifetime: Record<string, number | undefined> = {};
  for (const [field, min, words] of [['duration', MIN_CERTIFICATE_DURATION_MS, 'an hour'], ['renewBefore', MIN_RENEW_BEFORE_MS, '5 minutes']] as const) {
    if (spec[field] === undefined) continue;
    const ms = parseGoDuration(spec[field]);
    lifetime[field] = ms;
    if (ms === undefined) {
      problems.push({ field: ['spec', field], message: `${JSON.stringify(spec[field])} is not a Go duration cert-manager can parse (a number with units h, m, s, ms, at most 2562047h47m16s)`, fix: 'write for example 2160h' });
    } else if (ms < min) {
      problems.push({ field: ['spec', field], message: `${JSON.stringify(spec[field])} is shorter than ${words}, which cert-manager refuses`, fix: `give at least ${words}` });
    }
  }
  // ValidateDuration compares renewBefore with the duration cert-manager will use: the default one when unset.
  const duration = spec.duration === undefined ? parseGoDuration(DEFAULT_CERTIFICATE_DURATION) : lifetime.duration;
  if (duration !== undefined && lifetime.renewBefore !== undefined && lifetime.renewBefore >= duration) {
    const which = spec.duration === undefined ? `${JSON.stringify(DEFAULT_CERTIFICATE_DURATION)} (cert-manager's default, as duration is unset)` : JSON.stringify(spec.duration);
    problems.push({
      field: ['spec', 'renewBefore'],
      message: `${JSON.stringify(spec.renewBefore)} is not below duration ${which}, which cert-manager refuses`,
      fix: spec.duration === undefined ? 'renew before a fraction of the lifetime, or give a longer duration' : 'renew before a fraction of the lifetime, for example a third',
    });
  }
  return problems;
}
