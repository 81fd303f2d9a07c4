/**
 * Validates synthesized documents the way the cluster would:
 * - CRD objects (getambassador.io, security.istio.io, cert-manager.io, consul.hashicorp.com,
 *   gateway.networking.k8s.io) against the schema of their exact apiVersion bundled with the
 *   package (imports/schemas), unknown fields rejected, and against its CEL rules
 *   (x-kubernetes-validations) as the API server evaluates them (`CrdSchemas`);
 * - built-in kinds against the Kubernetes schemas of the `kubernetes-models` package.
 * Nothing outside the repository is needed.
 */
import { CrdSchemas } from '../../src/validation/crd-schemas';

export { closeObjects } from '../../src/validation/close-objects';

type Json = Record<string, any>;

let crds: CrdSchemas | undefined;

/** The bundled CRD schemas, loaded once per test file. */
export function bundledSchemas(): CrdSchemas {
  crds ??= CrdSchemas.bundled();
  return crds;
}

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
    // A CRD group the package bundles (the Gateway API's too, though its name ends in .k8s.io):
    // its schema and its CEL rules.
    if (bundledSchemas().hasGroup(group)) {
      const problems = bundledSchemas().errors(doc);
      if (problems === undefined) errors.push(`${id}: no bundled CRD schema defines this apiVersion and kind`);
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
