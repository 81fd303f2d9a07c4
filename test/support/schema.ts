/**
 * Validates synthesized documents the way the cluster would:
 * - CRD objects (getambassador.io, security.istio.io) against the openAPIV3Schema of their exact
 *   apiVersion, read in place from ../shared/crds/, with unknown fields rejected (`CrdSchemas`);
 * - built-in kinds against the Kubernetes schemas of the `kubernetes-models` package.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CrdSchemas } from '../../src/validation/crd-schemas';

export { closeObjects } from '../../src/validation/crd-schemas';

/** Where the shared CRDs are: beside the project root. */
export const CRD_DIR = path.resolve(__dirname, '..', '..', '..', 'shared', 'crds');

/** True when the shared CRDs are there (CI always has them). */
export const CRDS_AVAILABLE = fs.existsSync(CRD_DIR);

if (!CRDS_AVAILABLE) {
  // Loud, once per test file: without ../shared the CRD schema checks cannot run.
  process.stderr.write(`\n!!! ${CRD_DIR} is missing: CRD schema validation is SKIPPED. Clone the project beside shared/ to run it.\n\n`);
}

/** The shared CRD files. */
export const CRD_FILES = CRDS_AVAILABLE
  ? fs.readdirSync(CRD_DIR).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => path.join(CRD_DIR, f))
  : [];

type Json = Record<string, any>;

let crds: CrdSchemas | undefined;

/** The kubernetes-models class for a built-in apiVersion and kind, if the package has it. */
function builtInModel(apiVersion: string, kind: string): (new (data: Json) => { validate(): void }) | undefined {
  const modulePath = `kubernetes-models/${apiVersion}/${kind}`;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module is chosen at run time
    return require(modulePath)[kind];
  } catch {
    return undefined;
  }
}

/** Every problem found in `docs`, as `Kind/name: message` lines; empty when all are valid. */
export function schemaErrors(docs: Json[]): string[] {
  const errors: string[] = [];
  for (const doc of docs) {
    const id = `${doc?.kind}/${doc?.metadata?.name} (${doc?.apiVersion})`;
    if (typeof doc?.apiVersion !== 'string' || typeof doc?.kind !== 'string') {
      errors.push(`${id}: no apiVersion or kind`);
      continue;
    }
    const group = doc.apiVersion.includes('/') ? doc.apiVersion.split('/')[0] : '';
    if (group.includes('.') && !group.endsWith('.k8s.io')) {
      if (!CRDS_AVAILABLE) continue;
      crds ??= CrdSchemas.fromFiles(CRD_FILES);
      const problems = crds.errors(doc);
      if (problems === undefined) errors.push(`${id}: no CRD in ${CRD_DIR} defines this apiVersion and kind`);
      else errors.push(...problems.map((p) => `${id}: ${p}`));
      continue;
    }
    const Model = builtInModel(doc.apiVersion, doc.kind);
    if (!Model) {
      errors.push(`${id}: kubernetes-models has no schema for this built-in kind`);
      continue;
    }
    try {
      new Model(doc).validate();
    } catch (e) {
      errors.push(`${id}: ${(e as Error).message}`);
    }
  }
  return errors;
}

/** Throws with every schema problem in `docs`. */
export function expectValidDocuments(docs: Json[]): void {
  const errors = schemaErrors(docs);
  if (errors.length > 0) {
    throw new Error(`synthesized documents fail schema validation:\n  ${errors.join('\n  ')}`);
  }
}
