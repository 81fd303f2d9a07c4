import * as fs from 'fs';
import Ajv, { ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';

type Json = Record<string, any>;

/**
 * The openAPIV3Schemas of a set of CRD files, by `group/version/kind`, each closed against
 * unknown fields: the API server prunes a misspelt field silently, so a plain schema check would
 * let it through.
 */
export class CrdSchemas {
  /** Loads every CustomResourceDefinition in `files` (multi-document YAML). */
  public static fromFiles(files: string[]): CrdSchemas {
    const schemas = new CrdSchemas();
    for (const file of files) {
      for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
        const crd = doc.toJS();
        if (crd?.kind !== 'CustomResourceDefinition') continue;
        for (const version of crd.spec.versions) {
          const key = `${crd.spec.group}/${version.name}/${crd.spec.names.kind}`;
          schemas.schemas.set(key, closeObjects(withObjectRoot(structuredClone(version.schema.openAPIV3Schema))));
        }
      }
    }
    return schemas;
  }

  private readonly schemas = new Map<string, Json>();
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly ajv = new Ajv({ strict: false, allErrors: true })
    .addFormat('int32', true).addFormat('int64', true).addFormat('byte', true).addFormat('date-time', true);

  private constructor() {}

  /** True when a CRD defines `apiVersion` (`group/version`). */
  public hasGroupVersion(apiVersion: string): boolean {
    return [...this.schemas.keys()].some((key) => key.startsWith(`${apiVersion}/`));
  }

  /**
   * The schema problems of `doc` as readable lines (`/spec/x must be integer`), `[]` when valid,
   * or `undefined` when no loaded CRD defines its apiVersion and kind.
   */
  public errors(doc: Json): string[] | undefined {
    const key = `${doc.apiVersion}/${doc.kind}`;
    const schema = this.schemas.get(key);
    if (!schema) return undefined;
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(schema);
      this.compiled.set(key, validate);
    }
    if (validate(doc)) return [];
    return (validate.errors ?? []).map((e) =>
      `${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` "${e.params.additionalProperty}"` : ''}`);
  }
}

/** Every object has apiVersion, kind and metadata, even where a CRD (Istio's) does not list them. */
function withObjectRoot(schema: Json): Json {
  schema.properties = { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, ...schema.properties };
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
