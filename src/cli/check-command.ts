import { parseAllDocuments } from 'yaml';
import { InputError, InputFile } from './read-inputs';
import { checkManifests, ManifestCheck, ManifestFinding } from '../validation/check-manifests';
import { CrdSchemas } from '../validation/crd-schemas';
import { ManifestDocument } from '../validation/rules';

/** Options of `check`. */
export interface CheckOptions {
  /** `text` (one line per problem) or `json`. */
  readonly format: 'text' | 'json';
  /** TLSContexts that exist in the cluster but not in the input. */
  readonly externalTlsContexts: string[];
  /** Resolvers that exist in the cluster but not in the input. */
  readonly externalResolvers: string[];
  /** Extra CRD files, for kinds or versions the package does not ship. */
  readonly crds: string[];
}

/** What a command prints, and its exit code. */
export interface CommandResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/**
 * `check`: every document of the inputs through the same checks as the validation plugin
 * (`checkManifests`): exit 0 when clean, 1 with problems; unreadable input is an `InputError`.
 */
export function runCheck(inputs: readonly InputFile[], options: CheckOptions): CommandResult {
  const docs: ManifestDocument[] = [];
  for (const input of inputs) {
    const parsed = [...parseAllDocuments(input.text)];
    const broken = parsed.find((d) => d.errors.length > 0);
    if (broken) throw new InputError(`${input.file}: is not YAML (${broken.errors[0].message.split('\n')[0]})`);
    parsed.forEach((d, index) => {
      let doc: unknown;
      try {
        doc = d.toJS();
      } catch (e) {
        throw new InputError(`${input.file}#${index}: cannot be read (${(e as Error).message})`); // alias bombs, for one
      }
      // A List (kubectl get -o yaml) holds its objects in items: each is checked, at the List's index.
      const items = isList(doc) ? (doc as { items: unknown[] }).items : [doc];
      for (const item of items) docs.push({ doc: item as Record<string, any>, file: input.file, index });
    });
  }
  let schemas = CrdSchemas.bundled();
  if (options.crds.length > 0) {
    try {
      schemas = schemas.with(CrdSchemas.fromFiles(options.crds));
    } catch (e) {
      throw new InputError((e as Error).message);
    }
  }
  const result = checkManifests(docs, schemas, { externalTlsContexts: options.externalTlsContexts, externalResolvers: options.externalResolvers });
  const exitCode = result.findings.length > 0 ? 1 : 0;
  return { stdout: options.format === 'json' ? asJson(result, inputs) : asText(result), stderr: '', exitCode };
}

function asJson(result: ManifestCheck, inputs: readonly InputFile[]): string {
  return `${JSON.stringify({
    problems: result.findings,
    files: inputs.map((i) => i.file),
    objects: result.objects,
    schemaChecked: result.schemaChecked,
    skippedKinds: result.otherKinds,
  }, null, 2)}\n`;
}

/** One line per problem, grouped by the Ambassador ids that read the object, then a summary. */
function asText(result: ManifestCheck): string {
  const groups = new Map<string, ManifestFinding[]>();
  for (const f of result.findings) {
    const group = f.ambassadorIds ? `Ambassador ${f.ambassadorIds.join(', ')}` : 'other objects';
    groups.set(group, [...(groups.get(group) ?? []), f]);
  }
  const lines: string[] = [];
  for (const [group, findings] of groups) {
    lines.push(`${group}:`);
    for (const f of findings) lines.push(`  ${f.file}${f.index === undefined ? '' : `#${f.index}`} ${f.resource} [${f.rule}] ${f.message}. Fix: ${f.fix}`);
  }
  const skipped = Object.entries(result.otherKinds).map(([kind, n]) => `${kind} x${n}`).join(', ');
  lines.push(`${result.findings.length === 0 ? 'ok' : `${result.findings.length} problem(s)`}: ${result.objects} object(s) read, ${result.schemaChecked} checked against CRD schemas`
    + `${skipped ? `; other kinds, read by the rules only: ${skipped}` : ''}`);
  return `${lines.join('\n')}\n`;
}

/** A `List` or `<Kind>List` of objects, as `kubectl get -o yaml` writes them. */
function isList(doc: unknown): boolean {
  const d = doc as { apiVersion?: unknown; kind?: unknown; items?: unknown } | null;
  return d !== null && typeof d === 'object' && typeof d.kind === 'string' && d.kind.endsWith('List') && Array.isArray(d.items) && d.apiVersion === 'v1';
}
