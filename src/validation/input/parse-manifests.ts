import { Document, isMap, isPair, isScalar, isSeq, LineCounter, Node, parseAllDocuments } from 'yaml';
import { decodeText } from './decode-text';
import { isHelmValuesFile } from './tool-files';
import { didYouMean } from '../../core/similar-names';
import { DocumentSource, Json, ManifestDocument, SourcePosition } from '../rules/model';

/** Input that is not a readable stream of Kubernetes objects: a check reports it and exits 2. */
export interface InputProblem {
  /** The file (`<stdin>` for standard input). */
  readonly file: string;
  /** The line, from 1, when known. */
  readonly line?: number;
  /** The column, from 1, when known. */
  readonly column?: number;
  /** What is wrong. */
  readonly message: string;
  /** What to do. */
  readonly fix: string;
}

/** What `parseManifests` read from one file. */
export interface ParsedManifests {
  /** The Kubernetes objects, a v1 List's items each on its own (at the List's index). */
  readonly documents: ManifestDocument[];
  /** Why the file, or a document of it, cannot be read; with a problem, `documents` is empty. */
  readonly problems: InputProblem[];
  /** Documents that are tool configuration, not objects to apply (kustomize Kustomizations and Components). */
  readonly skipped: number;
}

/**
 * `!!binary` as go-yaml v2 decodes it into an untyped value: the base64 (standard alphabet, with
 * padding; line breaks ignored) decoded, as a string, which the API server receives as JSON
 * text; invalid base64 fails the document ("!!binary value contains invalid base64 data").
 */
const BINARY_AS_STRING = {
  tag: 'tag:yaml.org,2002:binary',
  default: false,
  resolve(source: string, onError: (message: string) => void): string {
    const base64 = source.replace(/[\r\n]/g, '');
    if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(base64)) {
      onError('!!binary value contains invalid base64 data');
      return source;
    }
    return Buffer.from(base64, 'base64').toString('utf8');
  },
};

/** The YAML 1.1 types go-yaml v2 does not have: base-60 numbers, timestamps (kept as strings), sets and ordered maps (plain maps and lists). */
const NOT_IN_GO_YAML = (t: any) => t.format === 'TIME' || ['tag:yaml.org,2002:timestamp', 'tag:yaml.org,2002:set', 'tag:yaml.org,2002:omap', 'tag:yaml.org,2002:pairs'].includes(t.tag);

/**
 * YAML as kubectl reads it (sigs.k8s.io/yaml over go-yaml v2, a YAML 1.1 parser): `yes`/`no`/
 * `on`/`off`/`y`/`n` are booleans, `0755` is octal, and merge keys (`<<: *anchor`) are resolved,
 * explicit keys winning. What go-yaml v2 leaves out of YAML 1.1 stays out: `1:30` is a string,
 * not base-60 (its README: "base-60 floats ... are purposefully not supported"), timestamps stay
 * strings (as go-yaml v2 keeps them when decoding into an untyped value), `!!set`, `!!omap` and
 * `!!pairs` are plain maps and lists, and `!!binary` is the decoded text. Duplicate keys are
 * refused: kubectl keeps the last one silently, which is not what the file seems to say.
 */
export const YAML_OPTIONS = {
  version: '1.1' as const,
  merge: true,
  uniqueKeys: true,
  customTags: (tags: any[]) => [...tags.filter((t) => !NOT_IN_GO_YAML(t) && t.tag !== BINARY_AS_STRING.tag), BINARY_AS_STRING],
};

/** Options of `parseManifests`. */
export interface ParseManifestsOptions {
  /**
   * An input with no Kubernetes object is a problem (a named file, or standard input fed by a
   * failed `kustomize build`); a file found in a folder may hold none.
   * @default true
   */
  readonly requireObjects?: boolean;
}

/**
 * Reads the documents of one file (bytes, decoded as kubectl decodes them, or text) as
 * Kubernetes objects, failing closed: undecodable bytes, YAML that does not parse, a document
 * that is not an object, an object without a string `apiVersion` and `kind`, and an alias bomb
 * are problems with the line and column, and then the file gives no object at all. A Helm values
 * file (by name: values.yaml, *-values.yaml, ...) gives its maps as they are.
 */
export function parseManifests(input: Uint8Array | string, file: string, options: ParseManifestsOptions = {}): ParsedManifests {
  const fail = (problem: Omit<InputProblem, 'file'>): ParsedManifests => ({ documents: [], problems: [{ file, ...problem }], skipped: 0 });
  const decoded = decodeText(input);
  if (!decoded.ok) return fail(decoded);
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(decoded.text, { ...YAML_OPTIONS, lineCounter });
  const docs: Document[] = Array.isArray(parsed) ? parsed : [parsed as unknown as Document];
  const at = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  for (const doc of docs) {
    const error = doc.errors[0];
    if (error) {
      return fail({ ...at(error.pos[0]), message: `is not YAML: ${error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`, fix: 'fix the YAML syntax at that line' });
    }
  }
  const documents: ManifestDocument[] = [];
  const problems: InputProblem[] = [];
  const helmValues = isHelmValuesFile(file);
  let skipped = 0;
  docs.forEach((doc, index) => {
    const start = at((doc.contents as Node | null)?.range?.[0] ?? doc.range?.[0] ?? 0);
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 1000 });
    } catch (e) {
      problems.push({ file, ...start, message: `document ${index} cannot be read: ${(e as Error).message.split('\n')[0]}`, fix: 'expand the aliases it repeats (or remove them)' });
      return;
    }
    if (value === null || value === undefined) return; // an empty document: kubectl skips it too
    const source = locator(doc, at);
    // A Helm values file holds values, not objects: its maps are read as they are (the rules
    // take Ambassador's chart values for the pod they describe).
    if (helmValues && value !== null && typeof value === 'object' && !Array.isArray(value) && (value as Json).kind === undefined) {
      documents.push({ doc: value as Json, file, index, source });
      return;
    }
    const problem = objectProblem(value, `document ${index}`);
    if (problem) {
      problems.push({ file, ...start, ...problem });
      return;
    }
    const object = value as Json;
    if (String(object.apiVersion).startsWith('kustomize.config.k8s.io/')) {
      skipped++; // a Kustomization or Component: configuration of kustomize, not an object to apply
      return;
    }
    if (isList(object)) {
      object.items.forEach((item: unknown, i: number) => {
        const itemSource = prefixed(source, ['items', i]);
        const itemProblem = objectProblem(item, `item ${i} of the List in document ${index}`);
        if (itemProblem) problems.push({ file, ...itemSource.locate([]), ...itemProblem });
        else documents.push({ doc: item as Json, file, index, source: itemSource });
      });
      return;
    }
    documents.push({ doc: object, file, index, source });
  });
  if (problems.length > 0) return { documents: [], problems, skipped: 0 };
  if (documents.length === 0 && skipped === 0 && options.requireObjects !== false && !helmValues) {
    return fail({ line: 1, column: 1, message: 'holds no Kubernetes object', fix: 'give manifests (a failed `kustomize build` or `helm template` upstream leaves the input empty)' });
  }
  return { documents, problems, skipped };
}

const KIND_KEYS = ['apiVersion', 'kind'];

/** Why `value` is not a Kubernetes object, or undefined when it is one. */
function objectProblem(value: unknown, what: string): Omit<InputProblem, 'file' | 'line' | 'column'> | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const shape = Array.isArray(value) ? 'a list' : value === null ? 'empty' : `a ${typeof value} (${JSON.stringify(value).slice(0, 40)})`;
    return { message: `${what} is ${shape}, not a Kubernetes object`, fix: 'give each document as a mapping with apiVersion, kind and metadata (or separate documents with ---)' };
  }
  const object = value as Json;
  const missing = KIND_KEYS.filter((k) => typeof object[k] !== 'string' || object[k] === '');
  if (missing.length === 0) return undefined;
  const hints = missing.map((k) => didYouMean(k, Object.keys(object).filter((key) => !KIND_KEYS.includes(key)))).filter(Boolean).join('');
  return {
    message: `${what} has no ${missing.join(' or ')}${hints}: kubectl refuses it ("Object 'Kind' is missing"), and no check can tell what it is`,
    fix: `write ${missing.map((k) => `${k}:`).join(' and ')} (exactly so: keys are case-sensitive)`,
  };
}

/** A `List` or `<Kind>List` of objects, as `kubectl get -o yaml` writes them. */
function isList(doc: Json): boolean {
  return doc.apiVersion === 'v1' && typeof doc.kind === 'string' && doc.kind.endsWith('List') && Array.isArray(doc.items);
}

/** Finds the key of `path` in the document's node tree (or the nearest enclosing node). */
function locator(doc: Document, at: (offset: number) => SourcePosition): DocumentSource {
  return {
    locate(path) {
      let node: unknown = doc.contents;
      let offset = (doc.contents as Node | null)?.range?.[0] ?? doc.range?.[0] ?? 0;
      for (const segment of path) {
        if (isMap(node)) {
          const pair = node.items.find((p) => isPair(p) && (isScalar(p.key) ? String(p.key.value) === String(segment) : p.key === segment));
          if (!pair) break;
          offset = (pair.key as Node | null)?.range?.[0] ?? offset;
          node = pair.value;
        } else if (isSeq(node) && typeof segment === 'number' && node.items[segment] !== undefined) {
          node = node.items[segment];
          offset = (node as Node).range?.[0] ?? offset;
        } else {
          break;
        }
      }
      return at(offset);
    },
  };
}

function prefixed(source: DocumentSource, prefix: Array<string | number>): DocumentSource {
  return { locate: (path) => source.locate([...prefix, ...path]) };
}
