import * as fs from 'fs';
import Ajv, { ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';
import { validationSchema } from './close-objects';
import { BUNDLED_SCHEMAS } from '../../imports/schemas';

type Json = Record<string, any>;

/**
 * CRD schemas by `group/version/kind`, each closed against unknown fields: the API server prunes
 * a misspelt field silently, so a plain schema check would let it through.
 *
 * `CrdSchemas.bundled()` holds every kind and version of the CRDs this package emits or checks
 * (getambassador.io v1, v2 and v3alpha1; security.istio.io; cert-manager.io; consul.hashicorp.com),
 * generated into the package: no CRD file is needed at run time.
 */
export class CrdSchemas {
  /** The schemas shipped with this package. */
  public static bundled(): CrdSchemas {
    return new CrdSchemas(new Map(Object.entries(BUNDLED_SCHEMAS)));
  }

  /**
   * Loads every CustomResourceDefinition in `files` (multi-document YAML), for CRDs the package
   * does not ship (another Emissary version, your own). Throws when a file is missing.
   */
  public static fromFiles(files: readonly string[]): CrdSchemas {
    const schemas = new Map<string, object>();
    for (const file of files) {
      if (!fs.existsSync(file)) {
        throw new Error(`CRD file ${JSON.stringify(file)} not found from ${process.cwd()}. Fix: give a path relative to the directory the command runs in`);
      }
      for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
        if (doc.errors.length > 0) {
          throw new Error(`CRD file ${JSON.stringify(file)} is not YAML (${doc.errors[0].message.split('\n')[0]}). Fix: give a CustomResourceDefinition file`);
        }
        const crd = doc.toJS();
        if (crd?.kind !== 'CustomResourceDefinition') continue;
        const { group, names, versions, version, validation } = crd.spec ?? {};
        if (typeof group !== 'string' || typeof names?.kind !== 'string') {
          throw new Error(`CRD file ${JSON.stringify(file)}: CustomResourceDefinition ${JSON.stringify(crd.metadata?.name)} has no spec.group or spec.names.kind. `
            + 'Fix: give a complete CRD');
        }
        // apiextensions v1 keeps a schema per version; v1beta1 may keep one for all in spec.validation.
        type Version = { name?: unknown; schema?: { openAPIV3Schema?: object } };
        const list: Version[] = Array.isArray(versions) ? versions : version ? [{ name: version }] : [];
        for (const v of list) {
          const schema = v.schema?.openAPIV3Schema ?? validation?.openAPIV3Schema;
          // No schema at all: the API server accepts any fields, and so does the check.
          schemas.set(`${group}/${v.name}/${names.kind}`, schema ? validationSchema(schema) : {});
        }
      }
    }
    return new CrdSchemas(schemas);
  }

  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly ajv = new Ajv({ strict: false, allErrors: true })
    .addFormat('int32', true).addFormat('int64', true).addFormat('byte', true).addFormat('date-time', true);

  private constructor(private readonly schemas: ReadonlyMap<string, object>) {}

  /** These schemas, with those of `other` added (and taking precedence for the same kind and version). */
  public with(other: CrdSchemas): CrdSchemas {
    return new CrdSchemas(new Map([...this.schemas, ...other.schemas]));
  }

  /** The `group/version/kind` keys held, sorted. */
  public get kinds(): string[] {
    return [...this.schemas.keys()].sort();
  }

  /** True when a schema exists for some kind of `apiVersion` (`group/version`). */
  public hasGroupVersion(apiVersion: string): boolean {
    return [...this.schemas.keys()].some((key) => key.startsWith(`${apiVersion}/`));
  }

  /** True when a schema exists for some version of the API group `group`. */
  public hasGroup(group: string): boolean {
    return [...this.schemas.keys()].some((key) => key.startsWith(`${group}/`));
  }

  /**
   * The schema problems of `doc` as readable lines (`/spec/x must be integer`), `[]` when valid,
   * or `undefined` when no schema is held for its apiVersion and kind.
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
