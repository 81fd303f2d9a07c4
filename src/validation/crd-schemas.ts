import * as fs from 'fs';
import { isIPv4, isIPv6 } from 'net';
import type Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import { celRuleFailures, CelRuleFailure } from './cel/cel-rules';
import { validationSchema, withoutNonNullableNulls } from './close-objects';
import { parseManifests } from './input/parse-manifests';
import type * as BundledSchemas from '../../imports/schemas';
import { didYouMean } from '../core/similar-names';

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
  /** The schemas shipped with this package (one shared instance: each kind's validator is compiled once per process). */
  public static bundled(): CrdSchemas {
    // Loaded here, not with the module: the schemas (~1 MB of code) and Ajv are needed only by a
    // check, and GitOpsApp or a construct library user loads this module without one.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    CrdSchemas.shared ??= new CrdSchemas(new Map(Object.entries((require('../../imports/schemas') as typeof BundledSchemas).BUNDLED_SCHEMAS)));
    return CrdSchemas.shared;
  }


  /**
   * Loads every CustomResourceDefinition in `files` (multi-document YAML), for CRDs the package
   * does not ship (another Emissary version, your own). Throws, naming `what` gave the file
   * (`--crds`, the plugin property `crds`), when a file is missing, unreadable, or holds no CRD.
   */
  public static fromFiles(files: readonly string[], what = 'CRD file'): CrdSchemas {
    const schemas = new Map<string, object>();
    for (const file of files) {
      let bytes: Buffer;
      try {
        bytes = fs.readFileSync(file);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new Error(`${what} ${JSON.stringify(file)} ${code === 'ENOENT' ? `not found from ${process.cwd()}` : `cannot be read (${code ?? (e as Error).message})`}. Fix: give a path relative to the directory the command runs in`);
      }
      const parsed = parseManifests(bytes, file);
      if (parsed.problems.length > 0) {
        const p = parsed.problems[0];
        throw new Error(`${what} ${JSON.stringify(file)}:${p.line ?? 1}:${p.column ?? 1} ${p.message}. Fix: give a file of CustomResourceDefinitions`);
      }
      const crds = parsed.documents.map((d) => d.doc).filter((d) => d.kind === 'CustomResourceDefinition');
      if (crds.length === 0) {
        throw new Error(`${what} ${JSON.stringify(file)} holds no CustomResourceDefinition (${parsed.documents.length} other object(s)). Fix: give the CRD file itself (kind: CustomResourceDefinition), not objects of its kinds`);
      }
      for (const crd of crds) {
        const { group, names, versions, version, validation } = crd.spec ?? {};
        if (typeof group !== 'string' || typeof names?.kind !== 'string') {
          throw new Error(`${what} ${JSON.stringify(file)}: CustomResourceDefinition ${JSON.stringify(crd.metadata?.name)} has no spec.group or spec.names.kind. `
            + 'Fix: give a complete CRD');
        }
        // apiextensions v1 keeps a schema per version; v1beta1 may keep one for all in spec.validation.
        type Version = { name?: unknown; served?: unknown; schema?: { openAPIV3Schema?: object } };
        const list: Version[] = Array.isArray(versions) ? versions : version ? [{ name: version }] : [];
        for (const v of list) {
          if (v.served === false) continue; // the API server refuses objects of a version it does not serve
          const schema = v.schema?.openAPIV3Schema ?? validation?.openAPIV3Schema;
          // No schema at all: the API server accepts any fields, and so does the check.
          schemas.set(`${group}/${v.name}/${names.kind}`, schema ? validationSchema(schema) : {});
        }
      }
    }
    return new CrdSchemas(schemas);
  }

  private static shared?: CrdSchemas;

  private readonly compiled = new Map<string, ValidateFunction>();
  // Made when the first schema is compiled (Ajv is loaded then, as the schemas are in bundled()).
  private ajvInstance?: Ajv;

  private get ajv(): Ajv {
    if (this.ajvInstance === undefined) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const AjvClass = (require('ajv') as typeof import('ajv')).default;
      // CRD patterns are Go RE2 expressions: some (Edge Stack's) escape characters such as "\\-" and
      // "\\:", which JavaScript refuses in unicode mode, so they are compiled without the `u` flag.
      // `code.optimize: false` skips Ajv's optimisation pass over the generated code (it drops unused
      // names and folds constants: ajv 8 lib/core.ts, option `code.optimize`, default one pass). The
      // validators accept and reject the same documents; compiling the 67 bundled schemas takes 0.6 s
      // instead of 1.0 s and validating 200,000 Mappings about 5% longer, and a `check` or synth
      // compiles far more often than it validates that many objects.
      this.ajvInstance = new AjvClass({ strict: false, allErrors: true, verbose: true, unicodeRegExp: false, code: { optimize: false } })
        .addFormat('int32', true).addFormat('int64', true).addFormat('byte', true).addFormat('date-time', true)
        // The Gateway API's addresses (formats the API server checks).
        .addFormat('ipv4', (text: string) => isIPv4(text)).addFormat('ipv6', (text: string) => isIPv6(text));
    }
    return this.ajvInstance;
  }

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

  /** The kinds held for `apiVersion` (`group/version`). */
  public kindsOf(apiVersion: string): string[] {
    return [...this.schemas.keys()].filter((key) => key.startsWith(`${apiVersion}/`)).map((key) => key.slice(apiVersion.length + 1));
  }

  /**
   * The schema problems and failed CEL rules of `doc` as readable lines, `[]` when valid, or
   * `undefined` when no schema is held for its apiVersion and kind. For example
   * `/spec/x must be integer` or `/spec/listeners Invalid value: Listener name must be unique`.
   */
  public errors(doc: Json): string[] | undefined {
    const problems = this.problems(doc);
    if (problems === undefined) return undefined;
    const rules = this.ruleFailures(doc) ?? [];
    return [
      ...problems.map((p) => p.text),
      ...rules.filter((f) => !f.notEvaluated).map((f) => `/${f.path.join('/')} ${f.reason}: ${f.message}`),
    ];
  }

  /**
   * The CEL rules (`x-kubernetes-validations`) of the schema that `doc` fails, evaluated as the
   * API server does on create (see `CelRuleFailure`); `undefined` when no schema is held for its
   * apiVersion and kind.
   */
  public ruleFailures(doc: Json): CelRuleFailure[] | undefined {
    const schema = this.schemas.get(`${doc.apiVersion}/${doc.kind}`);
    if (!schema) return undefined;
    return celRuleFailures(withoutNonNullableNulls(doc, schema), schema as Json);
  }

  /**
   * The schema problems of `doc`, each with its field path (for the line and column) and a
   * "did you mean" for a misspelt field; `undefined` when no schema is held for its kind.
   */
  public problems(doc: Json): Array<{ readonly text: string; readonly path: Array<string | number> }> | undefined {
    const key = `${doc.apiVersion}/${doc.kind}`;
    const schema = this.schemas.get(key);
    if (!schema) return undefined;
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(schema);
      this.compiled.set(key, validate);
    }
    if (validate(withoutNonNullableNulls(doc, schema))) return [];
    return (validate.errors ?? []).map((e) => {
      const path: Array<string | number> = e.instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~')).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
      const extra = e.params && 'additionalProperty' in e.params ? String(e.params.additionalProperty) : undefined;
      const known = extra !== undefined ? Object.keys((e.parentSchema as Json | undefined)?.properties ?? {}) : [];
      return {
        text: `${e.instancePath || '/'} ${e.message}${extra !== undefined ? ` "${extra}"${didYouMean(extra, known)}` : ''}`,
        path: extra !== undefined ? [...path, extra] : path,
      };
    });
  }
}
