import { Document, isMap, isScalar, Node, Pair, stringify, YAMLMap } from 'yaml';
import { Edit } from './conversion';

type Path = readonly (string | number)[];
interface Replacement { readonly from: number; readonly to: number; readonly text: string }

/**
 * The text of the whole file with `edits` made to one document as text edits (see
 * `migrateText`), or `undefined` where a text edit cannot be made safely (a flow collection or
 * an alias on the way, a key that shares its line): the caller then re-renders that document.
 * `target` is the converted document, whose values the new text takes.
 */
export function patchDocument(text: string, doc: Document, target: Document, edits: readonly Edit[], eol: string): string | undefined {
  const replacements: Replacement[] = [];
  const inserted = new Set<string>();
  for (const edit of edits) {
    const parentPath = edit.path.slice(0, -1);
    const key = edit.path[edit.path.length - 1];
    if (edit.op === 'rename') {
      const pair = pairAt(doc, parentPath, key);
      if (!pair || !isScalar(pair.key) || !pair.key.range) return undefined;
      replacements.push({ from: pair.key.range[0], to: pair.key.range[1], text: edit.to });
    } else if (edit.op === 'delete') {
      const pair = pairAt(doc, parentPath, key);
      if (!pair) continue; // already gone with its parent
      const parent = doc.getIn(parentPath, true) as YAMLMap;
      if (parent.flow) {
        const r = replaceWhole(doc, target, parentPath);
        if (!r) return undefined;
        replacements.push(r);
        continue;
      }
      const range = lineSpan(text, pair);
      if (!range) return undefined;
      replacements.push({ ...range, text: '' });
    } else {
      const existing = doc.getIn(edit.path, true) as Node | undefined;
      if (existing && existing.range) {
        if (!isScalar(existing) && (existing as YAMLMap).flow !== true) return undefined; // a block collection replaced: re-render
        replacements.push({ from: existing.range[0], to: existing.range[1], text: flowText(target.getIn(edit.path)) });
        continue;
      }
      // A new key: under the nearest map that exists, one line holding the converted value.
      let depth = parentPath.length;
      while (depth > 0 && !isMap(doc.getIn(edit.path.slice(0, depth), true))) depth--;
      const mapPath = edit.path.slice(0, depth);
      const newKey = edit.path[depth];
      const id = JSON.stringify([...mapPath, newKey]);
      if (inserted.has(id)) continue;
      inserted.add(id);
      const map = (depth === 0 ? doc.contents : doc.getIn(mapPath, true)) as YAMLMap | null;
      if (!isMap(map) || map.items.length === 0) return undefined;
      if (map.flow) {
        const r = replaceWhole(doc, target, mapPath);
        if (!r) return undefined;
        replacements.push(r);
        continue;
      }
      const first = map.items[0].key as Node;
      const last = map.items[map.items.length - 1];
      const lastEnd = (last.value as Node | null)?.range?.[1] ?? (last.key as Node).range?.[1];
      if (!first?.range || lastEnd === undefined) return undefined;
      const indent = first.range[0] - lineStart(text, first.range[0]);
      const at = lineEnd(text, lastEnd);
      replacements.push({ from: at, to: at, text: `${' '.repeat(indent)}${flowText(newKey)}: ${flowText(target.getIn([...mapPath, newKey]))}${eol}` });
    }
  }
  // A removed parent takes its children with it; what remains must not overlap.
  const kept = replacements.sort((a, b) => a.from - b.from || b.to - a.to)
    .filter((r, i, all) => !all.some((o, j) => j !== i && o.from !== o.to && (r.from === r.to
      ? o.from < r.from && r.from < o.to // an insertion inside a removed span goes with it; one at its edge stays
      : o.from <= r.from && o.to >= r.to && (o.to - o.from > r.to - r.from || j < i))));
  for (let i = 1; i < kept.length; i++) if (kept[i].from < kept[i - 1].to) return undefined;
  let out = text;
  for (const r of [...kept].reverse()) out = out.slice(0, r.from) + r.text + out.slice(r.to);
  return out;
}

/** A value in YAML flow style on one line (`[ edge ]`, `{ value: edge }`, `"*"`), quoted where YAML 1.1 would read it otherwise (`"yes"`). */
const flowText = (value: unknown): string => stringify(value, { version: '1.1', collectionStyle: 'flow', lineWidth: 0 }).replace(/\n$/, '');

function pairAt(doc: Document, parentPath: Path, key: string | number): Pair | undefined {
  const parent = parentPath.length === 0 ? doc.contents : doc.getIn(parentPath, true);
  return isMap(parent) ? (parent as YAMLMap).items.find((p) => isScalar(p.key) && p.key.value === key) as Pair | undefined : undefined;
}

/** Replaces a whole (flow) collection with its converted value in flow style. */
function replaceWhole(doc: Document, target: Document, path: Path): Replacement | undefined {
  const node = (path.length === 0 ? doc.contents : doc.getIn(path, true)) as Node | null;
  if (!node?.range || path.length === 0) return undefined;
  return { from: node.range[0], to: node.range[1], text: flowText(target.getIn(path)) };
}

/** The whole lines a pair takes, when it starts its line (only indentation before its key). */
function lineSpan(text: string, pair: Pair): { from: number; to: number } | undefined {
  const key = pair.key as Node | null;
  const end = (pair.value as Node | null)?.range?.[1] ?? key?.range?.[1];
  if (!key?.range || end === undefined) return undefined;
  const from = lineStart(text, key.range[0]);
  if (text.slice(from, key.range[0]).trim() !== '') return undefined;
  return { from, to: lineEnd(text, end) };
}

const lineStart = (text: string, offset: number) => text.lastIndexOf('\n', offset - 1) + 1;
/** The offset just past the end of the line holding `offset - 1` (past its newline). */
function lineEnd(text: string, offset: number): number {
  const newline = text.indexOf('\n', Math.max(offset - 1, 0));
  return newline === -1 ? text.length : newline + 1;
}
