import { GO_MAX_DURATION_MS } from '../core/cert-manager-limits';
import { ErrorScope, propError } from '../core/errors';
import { checkDuration } from '../core/validators';

/**
 * A cdk8s `Duration` of whole seconds, written as the Go duration cert-manager's `duration` and
 * `renewBefore` take (`2160h`, `1h30m`: Go durations have no days unit).
 */
export function goDuration(scope: ErrorScope, prop: string, value: unknown): { text: string; ms: number } {
  const ms = checkCertificateDuration(scope, prop, value);
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = (ms % 60_000) / 1000;
  const text = `${hours ? `${hours}h` : ''}${minutes ? `${minutes}m` : ''}${seconds ? `${seconds}s` : ''}`;
  return { text, ms };
}

function checkCertificateDuration(scope: ErrorScope, prop: string, value: unknown): number {
  const ms = checkDuration(scope, prop, value, Number.MAX_SAFE_INTEGER);
  // A time.Duration is an int64 of nanoseconds: cert-manager's webhook cannot parse a longer one.
  if (ms > GO_MAX_DURATION_MS) {
    throw propError(scope, prop, `${ms}ms`, 'is longer than Go\'s largest duration (2562047h47m16s), which cert-manager\'s webhook cannot parse', 'give a shorter lifetime, for example Duration.days(365)');
  }
  if (ms % 1000 !== 0) {
    throw propError(scope, prop, `${ms}ms`, 'is not a whole number of seconds', 'give whole seconds, minutes, hours or days, for example Duration.days(90)');
  }
  return ms;
}
