import { CONTEXT_RULES } from './context-rules';
import { MAPPING_ROUTE_RULES } from './mapping-route-rules';
import { MAPPING_RULES } from './mapping-rules';
import { ManifestDocument, ManifestModel, MtlsRuleOptions, MtlsViolation } from './model';
import { ManifestRule, runRules } from './rule';
import { SERVICE_RULES } from './service-rules';
import { TLS_CONTEXT_RULES } from './tls-context-rules';

export { ManifestDocument, MtlsRuleOptions, MtlsViolation, resourceId, ambassadorIdsOf, DocumentSource, SourcePosition, BUILT_IN_RESOLVERS } from './model';
export { ManifestRule, Severity, ReportOptions } from './rule';

/**
 * The rules of one API group (or a few), as a unit: each group's rules live in their own
 * modules and join the engine here, so a new group (the Gateway API's, a mesh's) adds a pack.
 */
export interface RulePack {
  /** The API groups whose objects the pack's rules are about (they may read others). */
  readonly apiGroups: readonly string[];
  /** The rules, in the order they report. */
  readonly rules: readonly ManifestRule[];
}

/** Every rule pack the engine runs. */
export const RULE_PACKS: readonly RulePack[] = [
  { apiGroups: ['getambassador.io'], rules: [...MAPPING_RULES, ...MAPPING_ROUTE_RULES, ...TLS_CONTEXT_RULES, ...CONTEXT_RULES, ...SERVICE_RULES] },
];

/** Every cross-resource rule, in the order they report. */
export const MTLS_RULES: readonly ManifestRule[] = RULE_PACKS.flatMap((p) => p.rules);

/** Checks the mTLS wiring across `docs` with every rule; returns every violation found. */
export function checkMtlsRules(docs: readonly ManifestDocument[], options: MtlsRuleOptions = {}): MtlsViolation[] {
  return runRules(MTLS_RULES, new ManifestModel(docs, options));
}
