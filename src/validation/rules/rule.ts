import { EmissaryRelease } from '../emissary-release';
import { ManifestDocument, ManifestModel, MtlsViolation, resourceId } from './model';

/**
 * How bad a finding is: an `error` is something the API server refuses or Emissary reads
 * differently from what was meant (a check fails on it); a `warning` is hardening (it passes).
 */
export type Severity = 'error' | 'warning';

/** Where a finding points, and how bad it is when it differs from the rule's own severity. */
export interface ReportOptions {
  /** The field the finding is about (`['spec', 'tls']`). @default - the document itself */
  readonly at?: readonly (string | number)[];
  /** @default - the rule's severity */
  readonly severity?: Severity;
}

/** Records a violation of the rule being checked against one manifest. */
export type Report = (m: ManifestDocument, message: string, fix: string, options?: ReportOptions) => void;

/** A cross-resource rule over manifests; the validation plugin and the CLI run the same list. */
export interface ManifestRule {
  /** Its id, as reported (`mapping-tls-exists`). */
  readonly id: string;
  /** What it checks, in one line (for docs and `--help`). */
  readonly summary: string;
  /** How bad a violation is. */
  readonly severity: Severity;
  /**
   * The Emissary releases whose behaviour the rule follows, when not all of them (it is not run
   * for others), in words for docs and `--help`: `2.x and later`.
   * @default - every release
   */
  readonly releases?: { readonly describe: string; applies(release: EmissaryRelease): boolean };
  /** Checks the manifests, reporting each violation. */
  check(model: ManifestModel, report: Report): void;
}

/** Runs `rules` over the model and returns every violation, in rule order. */
export function runRules(rules: readonly ManifestRule[], model: ManifestModel): MtlsViolation[] {
  const violations: MtlsViolation[] = [];
  for (const rule of rules) {
    if (rule.releases && !rule.releases.applies(model.release)) continue;
    rule.check(model, (m, message, fix, options = {}) => {
      const position = m.source?.locate(options.at ?? []);
      violations.push({
        rule: rule.id,
        severity: options.severity ?? rule.severity,
        resource: resourceId(m.doc),
        file: m.file,
        index: m.index,
        ...(position && { line: position.line, column: position.column }),
        ...(options.at && options.at.length > 0 && { field: options.at.join('.') }),
        message,
        fix,
        document: m,
      });
    });
  }
  return violations;
}

/** Rules that follow Emissary 2.x and later (v3alpha1's Host and Listener model). */
export const FROM_EMISSARY_2 = { describe: 'Emissary 2.x and later', applies: (r: EmissaryRelease) => r.atLeast(2) };
/** Rules that follow Emissary 3.x and later (Envoy's v2 transport protocol removed). */
export const FROM_EMISSARY_3 = { describe: 'Emissary 3.x and later', applies: (r: EmissaryRelease) => r.atLeast(3) };
/** Rules that follow Emissary 4.x. */
export const FROM_EMISSARY_4 = { describe: 'Emissary 4.x', applies: (r: EmissaryRelease) => r.atLeast(4) };
/** Rules that follow Ambassador 1.x only. */
export const EMISSARY_1_ONLY = { describe: 'Ambassador 1.x', applies: (r: EmissaryRelease) => !r.atLeast(2) };
