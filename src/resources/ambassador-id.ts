import { IConstruct } from 'constructs';
import { propError } from '../core/errors';

/** The ids Ambassador assumes for a resource without `ambassador_id`. */
export const DEFAULT_AMBASSADOR_IDS: readonly string[] = ['default'];

/**
 * Normalises an `ambassadorId` prop (one id or several) to a sorted, de-duplicated list,
 * or `undefined` when unset. Throws on empty ids.
 */
export function normaliseAmbassadorId(scope: IConstruct, value: string | string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const ids = Array.isArray(value) ? value : [value];
  if (ids.length === 0 || ids.some((id) => typeof id !== 'string' || id.trim() === '' || id !== id.trim())) {
    throw propError(scope, 'ambassadorId', value, 'holds an empty id, spaces or no id at all',
      'give the AMBASSADOR_ID of the Ambassador installation(s) that should read this resource, or leave it unset for "default"');
  }
  return [...new Set(ids)].sort();
}

/** The ids that will read a resource: its own, or Ambassador's default. */
export function effectiveAmbassadorIds(ids: readonly string[] | undefined): readonly string[] {
  return ids ?? DEFAULT_AMBASSADOR_IDS;
}
