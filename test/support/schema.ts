/**
 * Validates synthesized documents the way the cluster would:
 * - getambassador.io (and other CRD) objects against the openAPIV3Schema of their exact
 *   apiVersion, read in place from ../shared/crds/, with unknown fields rejected (the API
 *   server would prune a typo silently, so plain schema validation would miss it);
 * - built-in kinds against the Kubernetes schemas of the `kubernetes-models` package.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';

/** Where the shared CRDs are: beside the project root. */
export const CRD_DIR = path.resolve(__dirname, '..', '..', '..', 'shared', 'crds');

/** True when the shared CRDs are there (CI always has them). */
export const CRDS_AVAILABLE = fs.existsSync(CRD_DIR);

if (!CRDS_AVAILABLE) {
  // Loud, once per test file: without ../shared the CRD schema checks cannot run.
  process.stderr.write(`\n!!! ${CRD_DIR} is missing: CRD schema validation is SKIPPED. Clone the project beside shared/ to run it.\n\n`);
}

type Json = Record<string, any>;

let crdValidators: Map<string, ValidateFunction> | undefined;

/** `apiVersion/kind` -> validator, for every version of every CRD in CRD_DIR. */
function loadCrdValidators(): Map<string, ValidateFunction> {
  if (crdValidators) return crdValidators;
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addFormat('int32', true).addFormat('int64', true).addFormat('byte', true).addFormat('date-time', true);
  crdValidators = new Map();
  for (const file of fs.readdirSync(CRD_DIR).filter((f) => /\.ya?ml$/.test(f)).sort()) {
    for (const doc of parseAllDocuments(fs.readFileSync(path.join(CRD_DIR, file), 'utf8'))) {
      const crd = doc.toJS();
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      for (const version of crd.spec.versions) {
        const schema = closeObjects(withObjectRoot(structuredClone(version.schema.openAPIV3Schema)));
        crdValidators.set(`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`, ajv.compile(schema));
      }
    }
  }
  return crdValidators;
}

/** Every object has apiVersion, kind and metadata, even where a CRD (Istio's) does not list them. */
function withObjectRoot(schema: Json): Json {
  schema.properties = {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { type: 'object' },
    ...schema.properties,
  };
  return schema;
}

/**
 * Adds `additionalProperties: false` to every object schema that lists its properties and does
 * not already allow extra ones, so an unknown (misspelt) field is an error.
 */
export function closeObjects(schema: Json): Json {
  if (schema === null || typeof schema !== 'object') return schema;
  if (Array.isArray(schema)) return schema.map(closeObjects);
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties') {
      for (const prop of Object.keys(value)) value[prop] = closeObjects(value[prop]);
    } else if (typeof value === 'object') {
      schema[key] = closeObjects(value);
    }
  }
  if (schema.properties && schema.additionalProperties === undefined && !schema['x-kubernetes-preserve-unknown-fields']) {
    schema.additionalProperties = false;
  }
  return schema;
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
    const [group, version] = doc.apiVersion.includes('/') ? doc.apiVersion.split('/') : ['', doc.apiVersion];
    if (group.includes('.') && !group.endsWith('.k8s.io')) {
      if (!CRDS_AVAILABLE) continue;
      const validate = loadCrdValidators().get(`${group}/${version}/${doc.kind}`);
      if (!validate) {
        errors.push(`${id}: no CRD in ${CRD_DIR} defines this apiVersion and kind`);
      } else if (!validate(doc)) {
        for (const e of validate.errors ?? []) {
          errors.push(`${id}: ${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` "${e.params.additionalProperty}"` : ''}`);
        }
      }
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
