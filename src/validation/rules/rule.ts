import { ManifestDocument, ManifestModel, MtlsViolation, resourceId } from './model';

/** Records a violation of the rule being checked against one manifest. */
export type Report = (m: ManifestDocument, message: string, fix: string) => void;

/** A cross-resource rule over manifests; the validation plugin and the CLI run the same list. */
export interface ManifestRule {
  /** Its id, as reported (`mapping-tls-exists`). */
  readonly id: string;
  /** What it checks, in one line (for docs and `--help`). */
  readonly summary: string;
  /** Checks the manifests, reporting each violation. */
  check(model: ManifestModel, report: Report): void;
}

/** Runs `rules` over the model and returns every violation, in rule order. */
export function runRules(rules: readonly ManifestRule[], model: ManifestModel): MtlsViolation[] {
  const violations: MtlsViolation[] = [];
  for (const rule of rules) {
    rule.check(model, (m, message, fix) => {
      violations.push({ rule: rule.id, resource: resourceId(m.doc), file: m.file, index: m.index, message, fix });
    });
  }
  return violations;
}
