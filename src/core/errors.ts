import { IConstruct } from 'constructs';

/** Where an error happened: a construct, or a method of a class for static helpers. */
export type ErrorScope = IConstruct | { readonly node: { readonly path: string } };

/**
 * Builds the error every construct throws for bad input: it names the construct path,
 * the prop, the bad value and the fix, so a user can act on it without reading our code.
 *
 * @param scope the construct whose props are wrong (or `at()` for a static helper)
 * @param prop the prop (or Ambassador field) that holds the bad value
 * @param value the value as given
 * @param problem what is wrong with it
 * @param fix what to write instead
 */
export function propError(scope: ErrorScope, prop: string, value: unknown, problem: string, fix: string): Error {
  return new Error(`${scope.node.path}: ${prop} ${formatValue(value)} ${problem}. Fix: ${fix}`);
}

/**
 * A stand-in scope for errors raised where no construct exists yet or at all: before a
 * constructor's `super()` (named by the path the construct will have), or in a static helper
 * (named by the method, for example `IstioCertificates.sidecar()`).
 */
export function at(path: string): ErrorScope {
  return { node: { path } };
}

const MAX_SHOWN = 120;

/**
 * A value as an error message shows it: JSON for strings and plain data (so control characters
 * and quotes are visible), the name of what JSON cannot show (NaN, functions, constructs), and
 * long values shortened.
 */
export function formatValue(value: unknown): string {
  let text: string;
  if (value === undefined) return '(not set)';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function') return `(a function${value.name ? ` ${value.name}` : ''})`;
  if (typeof value === 'symbol') return `(${String(value)})`;
  if (value !== null && typeof value === 'object' && 'node' in value && typeof (value as any).node?.path === 'string') {
    return JSON.stringify((value as IConstruct).node.path);
  }
  try {
    text = JSON.stringify(value, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : typeof v === 'bigint' ? `${v}n` : v)) ?? String(value);
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}... (${text.length} characters)` : text;
}
