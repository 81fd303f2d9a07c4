import { ErrorScope, propError } from '../core/errors';

/** The ids Ambassador assumes for a resource without `ambassador_id`. */
export const DEFAULT_AMBASSADOR_IDS: readonly string[] = ['default'];

// An Ambassador id is the AMBASSADOR_ID of an installation: Emissary compares it as a string,
// and the Helm chart and static YAML pass it through an environment variable.
const AMBASSADOR_ID = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

/**
 * Normalises an `ambassadorId` prop (one id or several) to a sorted, de-duplicated list, or
 * `undefined` when unset. Throws on anything that is not an id: empty, spaces, a comma (two
 * ids written as one), or not a string.
 */
export function normaliseAmbassadorId(scope: ErrorScope, value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const ids: unknown[] = Array.isArray(value) ? value : [value];
  const bad = ids.find((id) => typeof id !== 'string' || !AMBASSADOR_ID.test(id));
  if (ids.length === 0 || bad !== undefined) {
    const comma = typeof bad === 'string' && bad.includes(',');
    throw propError(scope, 'ambassadorId', value, ids.length === 0 ? 'holds no id at all'
      : comma ? `holds "${bad}", which is several ids in one string` : 'holds an empty id, spaces, or something that is not an id',
    comma ? `give each id as its own list entry, for example ${JSON.stringify(String(bad).split(',').map((s) => s.trim()).filter(Boolean))}`
      : 'give the AMBASSADOR_ID of the Ambassador installation(s) that should read this resource (letters, digits, "-", "_", "."), or leave it unset for "default"');
  }
  return [...new Set(ids as string[])].sort();
}

/** The ids that will read a resource: its own, or Ambassador's default. */
export function effectiveAmbassadorIds(ids: readonly string[] | undefined): readonly string[] {
  return ids ?? DEFAULT_AMBASSADOR_IDS;
}
