import { Document, isMap, isScalar, parseAllDocuments } from 'yaml';
import { convertToV3alpha1, Edit, Refusal } from './conversion';

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
  /** The new text: converted documents rewritten, every other document byte for byte as it was. */
  readonly text: string;
  /** How many documents were converted. */
  readonly converted: number;
  /** Each document refused, by its index, with why. */
  readonly refused: Array<{ readonly index: number; readonly resource: string; readonly refusals: Refusal[] }>;
  /** Notes on conversions and on v2 documents left as they are, by document index. */
  readonly notes: Array<{ readonly index: number; readonly resource: string; readonly note: string }>;
}

/**
 * Migrates the getambassador.io/v2 documents of a multi-document YAML text to v3alpha1. Each
 * converted document is edited in place (its comments and key order kept) and re-rendered
 * together with what precedes it since the previous document (its leading comments belong to
 * it); everything else is copied from the text unchanged. Throws on text that is not YAML.
 */
export function migrateText(text: string, options: MigrateOptions = {}): MigratedText {
  const docs = [...parseAllDocuments(text)];
  for (const doc of docs) {
    if (doc.errors.length > 0) throw new Error(doc.errors[0].message);
  }
  const migrated = new Set<Document>();
  const refused: MigratedText['refused'] = [];
  const notes: MigratedText['notes'] = [];
  docs.forEach((doc, index) => {
    const js = doc.toJS(); // throws on alias bombs: the command says the file cannot be read
    const resource = `${js?.kind}/${js?.metadata?.namespace ?? '-'}/${js?.metadata?.name}`;
    const result = convertToV3alpha1(js);
    if (result.status === 'untouched') {
      if (result.reason) notes.push({ index, resource, note: result.reason });
    } else if (result.status === 'refused') {
      refused.push({ index, resource, refusals: result.refusals });
    } else {
      for (const edit of result.edits) apply(doc, edit);
      // What the conversion does not know (a field v3alpha1 lacks) is refused, not written.
      const problems = options.validate?.(doc.toJS()) ?? [];
      if (problems.length > 0) {
        refused.push({ index, resource, refusals: problems.map((p) => ({ field: fieldOf(p), reason: `fails the v3alpha1 schema after conversion: ${p}`, fix: 'remove or rewrite that field by hand, then migrate' })) });
        return;
      }
      migrated.add(doc);
      for (const note of result.notes) notes.push({ index, resource, note });
    }
  });
  let out = '';
  let from = 0;
  const crlf = text.includes('\r\n'); // the file's line endings, kept
  docs.forEach((doc, i) => {
    if (!migrated.has(doc)) return;
    const rendered = doc.toString({ lineWidth: 0 });
    out += text.slice(from, i === 0 ? 0 : docs[i - 1].range[2]) + (crlf ? rendered.replace(/\r?\n/g, '\r\n') : rendered);
    from = doc.range[2];
  });
  return { text: out + text.slice(from), converted: migrated.size, refused, notes };
}

function apply(doc: Document, edit: Edit): void {
  if (edit.op === 'delete') {
    doc.deleteIn(edit.path);
    return;
  }
  if (edit.op === 'rename') {
    // The key's text changes where it stands: its value, its place and its comments stay.
    const parent = doc.getIn(edit.path.slice(0, -1), true);
    const pair = isMap(parent) ? parent.items.find((p) => isScalar(p.key) && p.key.value === edit.path[edit.path.length - 1]) : undefined;
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
