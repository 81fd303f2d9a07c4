import { ManifestCheck, ManifestFinding } from '../../validation/check-manifests';
import { MTLS_RULES } from '../../validation/rules';

/** What `check` found, ready for any output format. */
export interface CheckReport extends ManifestCheck {
  /** Every file read. */
  readonly files: readonly string[];
  /** Files found in folders and left alone as tool configuration. */
  readonly skippedFiles: readonly string[];
  /** The version of this tool. */
  readonly toolVersion: string;
}

/** The rules besides `MTLS_RULES` that `check` reports, with their summaries. */
export const CHECK_RULES: ReadonlyArray<{ id: string; summary: string; severity: 'error' | 'warning' }> = [
  { id: 'input', summary: 'every input is a readable stream of Kubernetes objects (UTF-8 or UTF-16 with a byte-order mark, YAML, each document an object with apiVersion and kind; no symbolic link leaving its folder)', severity: 'error' },
  { id: 'crd-schema', summary: 'the schema of the object\'s apiVersion and kind, unknown fields rejected (getambassador.io with Edge Stack\'s kinds, gateway.getambassador.io, security.istio.io, cert-manager.io, consul.hashicorp.com, gateway.networking.k8s.io)', severity: 'error' },
  { id: 'crd-cel', summary: 'the CEL rules (x-kubernetes-validations) of the object\'s CRD, as the API server evaluates them on create (a rule calling a Kubernetes CEL library function this check lacks is a warning: not evaluated)', severity: 'error' },
  { id: 'object-name', summary: 'metadata.name and metadata.namespace are names the API server accepts', severity: 'error' },
  ...MTLS_RULES.map((r) => ({ id: r.id, summary: r.releases ? `${r.summary} (${r.releases.describe})` : r.summary, severity: r.severity })),
];

/** `file:line:column` (or `file#index`, or `file`), as editors and CI logs link it. */
export function locationOf(f: ManifestFinding): string {
  if (f.line !== undefined) return `${f.file}:${f.line}:${f.column ?? 1}`;
  return f.index !== undefined ? `${f.file}#${f.index}` : f.file;
}

/** How many findings of each kind. */
export function countsOf(findings: readonly ManifestFinding[]): { errors: number; warnings: number; unreadable: number } {
  return {
    errors: findings.filter((f) => f.severity === 'error' && f.rule !== 'input').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
    unreadable: findings.filter((f) => f.rule === 'input').length,
  };
}

/** A message ended as a sentence (a "did you mean ...?" already is one). */
export const sentence = (message: string) => (/[.?!]$/.test(message) ? message : `${message}.`);
