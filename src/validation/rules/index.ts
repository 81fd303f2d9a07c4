import { CERT_MANAGER_RULES } from './cert-manager-rules';
import { CONTEXT_RULES } from './context-rules';
import { ISTIO_RULES } from './istio-rules';
import { MAPPING_ROUTE_RULES } from './mapping-route-rules';
import { MAPPING_RULES } from './mapping-rules';
import { ManifestDocument, ManifestModel, MtlsRuleOptions, MtlsViolation } from './model';
import { POD_RULES } from './pod-rules';
import { ManifestRule, runRules } from './rule';
import { SERVICE_RULES } from './service-rules';
import { TLS_CONTEXT_RULES } from './tls-context-rules';
import { UPSTREAM_RULES } from './upstream-rules';

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
  { apiGroups: ['getambassador.io'], rules: [...MAPPING_RULES, ...MAPPING_ROUTE_RULES, ...TLS_CONTEXT_RULES, ...CONTEXT_RULES, ...SERVICE_RULES, ...UPSTREAM_RULES] },
  // The meshes' own objects, as issue 19 checks them: what Istio's policies apply to, and what
  // cert-manager's webhook takes and its issuers write.
  { apiGroups: ['security.istio.io'], rules: ISTIO_RULES },
  { apiGroups: ['cert-manager.io'], rules: CERT_MANAGER_RULES },
  // Pods that would never start: a Secret volume of another namespace (the Consul CA's, say).
  { apiGroups: ['apps'], rules: POD_RULES },
];

/** Every cross-resource rule, in the order they report. */
export const MTLS_RULES: readonly ManifestRule[] = RULE_PACKS.flatMap((p) => p.rules);

/** Checks the mTLS wiring across `docs` with every rule; returns every violation found. */
export function checkMtlsRules(docs: readonly ManifestDocument[], options: MtlsRuleOptions = {}): MtlsViolation[] {
  return runRules(MTLS_RULES, new ManifestModel(docs, options));
}
