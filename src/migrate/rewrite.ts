import { Document, isMap, isScalar, parseAllDocuments, YAMLMap } from 'yaml';
import { convertToV3alpha1, Edit, Refusal } from './conversion';
import { patchDocument } from './text-patch';
import { YAML_OPTIONS } from '../validation/input/parse-manifests';

/** Options of `migrateText`. */
export interface MigrateOptions {
  /**
   * Checks a converted document (for example against the v3alpha1 schema): problems returned,
   * as `/path message` lines, refuse the document.
   * @default - no check
   */
  readonly validate?: (doc: Record<string, unknown>) => string[];
}

/** What migrating one file's text gives. */
export interface MigratedText {
  /** The new text: only what the conversion changes is edited; every other byte is as it was. */
  readonly text: string;
  /** How many documents were converted. */
  readonly converted: number;
  /** Each document refused, by its index, with why. */
  readonly refused: Array<{ readonly index: number; readonly resource: string; readonly refusals: Refusal[] }>;
  /** Notes on conversions and on v2 documents left as they are, by document index. */
  readonly notes: Array<{ readonly index: number; readonly resource: string; readonly note: string }>;
}

/**
 * Migrates the getambassador.io/v2 documents of a multi-document YAML text to v3alpha1, as edits
 * of the text: a renamed key or a rewritten value is replaced where it stands, a removed field
 * goes with its line, an added one is a new line in its mapping's indentation; every other byte
 * (comments, their spacing, quoting, order, line endings) stays. Each edited document is parsed
 * again and must equal the conversion's result; where a text edit cannot promise that (flow
 * collections, aliases), that document alone is re-rendered from the converted tree, comments
 * kept. Throws on text that is not YAML.
 */
export function migrateText(text: string, options: MigrateOptions = {}): MigratedText {
  // Read as kubectl and check read it (YAML 1.1 as go-yaml v2 has it: `tls: yes` is true, merge keys resolved).
  const docs = [...parseAllDocuments(text, { ...YAML_OPTIONS, keepSourceTokens: false })];
  for (const doc of docs) {
    if (doc.errors.length > 0) throw new Error(doc.errors[0].message);
  }
  const refused: MigratedText['refused'] = [];
  const notes: MigratedText['notes'] = [];
  const replacements: Array<{ from: number; to: number; text: string }> = [];
  const crlf = text.includes('\r\n');
  let converted = 0;
  docs.forEach((doc, index) => {
    const js = doc.toJS(); // throws on alias bombs: the command says the file cannot be read
    const resource = `${js?.kind}/${js?.metadata?.namespace ?? '-'}/${js?.metadata?.name}`;
    const result = convertToV3alpha1(js);
    if (result.status === 'untouched') {
      if (result.reason) notes.push({ index, resource, note: result.reason });
      return;
    }
    if (result.status === 'refused') {
      refused.push({ index, resource, refusals: result.refusals });
      return;
    }
    const target = doc.clone();
    for (const edit of result.edits) apply(target, edit);
    const expected = target.toJS();
    // What the conversion does not know (a field v3alpha1 lacks) is refused, not written.
    const problems = options.validate?.(expected) ?? [];
    if (problems.length > 0) {
      refused.push({ index, resource, refusals: problems.map((p) => ({ field: fieldOf(p), reason: `fails the v3alpha1 schema after conversion: ${p}`, fix: 'remove or rewrite that field by hand, then migrate' })) });
      return;
    }
    const [start, end] = [doc.range[0], doc.range[2]];
    const patched = patchDocument(text, doc, target, result.edits, crlf ? '\r\n' : '\n');
    const edited = patched?.slice(start, patched.length - (text.length - end));
    if (edited !== undefined && sameValue(parseAllDocuments(text.slice(0, start) + edited, YAML_OPTIONS)[index]?.toJS(), expected)) {
      replacements.push({ from: start, to: end, text: edited });
    } else {
      const rendered = target.toString({ lineWidth: 0 });
      replacements.push({ from: start, to: end, text: crlf ? rendered.replace(/\r?\n/g, '\r\n') : rendered });
    }
    converted++;
    for (const note of result.notes) notes.push({ index, resource, note });
  });
  let out = text;
  for (const r of replacements.sort((a, b) => b.from - a.from)) out = out.slice(0, r.from) + r.text + out.slice(r.to);
  return { text: out, converted, refused, notes };
}

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Applies one edit to a parsed document (the conversion's result, which the text edits must equal). */
export function apply(doc: Document, edit: Edit): void {
  if (edit.op === 'delete') {
    doc.deleteIn(edit.path);
    return;
  }
  if (edit.op === 'rename') {
    // The key's text changes where it stands: its value, its place and its comments stay.
    const parent = doc.getIn(edit.path.slice(0, -1), true);
    const key = edit.path[edit.path.length - 1];
    const pair = isMap(parent) ? (parent as YAMLMap).items.find((p) => isScalar(p.key) && p.key.value === key) : undefined;
    if (pair && isScalar(pair.key)) pair.key.value = edit.to;
    return;
  }
  const existing = doc.getIn(edit.path, true);
  if (isScalar(existing) && (edit.value === null || typeof edit.value !== 'object')) {
    existing.value = edit.value; // the node stays, with its comment
    return;
  }
  const parent = edit.path.slice(0, -1);
  if (parent.length > 0 && !isMap(doc.getIn(parent, true))) doc.setIn(parent, doc.createNode({}));
  doc.setIn(edit.path, doc.createNode(edit.value));
}

/** The field a schema problem (`/spec must NOT have additional properties "x"`) is about, as `spec.x`. */
function fieldOf(problem: string): string {
  const [pointer] = problem.split(' ');
  const extra = /additional properties "([^"]+)"/.exec(problem)?.[1];
  return [...pointer.split('/').filter(Boolean), ...(extra ? [extra] : [])].join('.') || '(document)';
}
