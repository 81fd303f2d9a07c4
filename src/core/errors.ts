import { IConstruct } from 'constructs';

/**
 * Builds the error every construct throws for bad input: it names the construct path,
 * the prop, the bad value and the fix, so a user can act on it without reading our code.
 *
 * @param scope the construct whose props are wrong
 * @param prop the prop (or Ambassador field) that holds the bad value
 * @param value the value as given
 * @param problem what is wrong with it
 * @param fix what to write instead
 */
export function propError(scope: IConstruct, prop: string, value: unknown, problem: string, fix: string): Error {
  return new Error(`${scope.node.path}: ${prop} ${formatValue(value)} ${problem}. Fix: ${fix}`);
}

function formatValue(value: unknown): string {
  if (value === undefined) return '(not set)';
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
