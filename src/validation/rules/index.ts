import { CONTEXT_RULES } from './context-rules';
import { MAPPING_RULES } from './mapping-rules';
import { ManifestDocument, ManifestModel, MtlsRuleOptions, MtlsViolation } from './model';
import { ManifestRule, runRules } from './rule';

export { ManifestDocument, MtlsRuleOptions, MtlsViolation, resourceId, ambassadorIdsOf } from './model';
export { ManifestRule } from './rule';

/** Every cross-resource rule, in the order they report. */
export const MTLS_RULES: readonly ManifestRule[] = [...MAPPING_RULES, ...CONTEXT_RULES];

/** Checks the mTLS wiring across `docs` with every rule; returns every violation found. */
export function checkMtlsRules(docs: readonly ManifestDocument[], options: MtlsRuleOptions = {}): MtlsViolation[] {
  return runRules(MTLS_RULES, new ManifestModel(docs, options));
}
