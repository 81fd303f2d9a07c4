import { FileWriter } from './file-writer';
import { ErrorScope, propError } from '../core/errors';

/**
 * The index of what GitOpsApp wrote: `<outdir>/.cdk8s-ambassador-mtls-files`, one path per line
 * (relative, "/"-separated), committed with the output. A synth removes exactly the files the
 * previous one listed and this one no longer writes (the manifests of objects that are gone, a
 * shard folder's files after a re-lay), so a file someone keeps in the output folder by hand (a
 * README, a hand-written patch) is never touched. Without the index (an output written by an
 * older version, or the file deleted) nothing is removed.
 */
export const INDEX_FILE = '.cdk8s-ambassador-mtls-files';

const HEADER = [
  '# The files cdk8s-ambassador-mtls (GitOpsApp) wrote in this folder, one per line. A synth removes',
  '# only files listed here that it no longer writes, never any other: commit this file with them.',
];

// One path segment as GitOpsApp writes them: letters, digits and "-_." (a file name of up to 255
// bytes), not "." or "..". A leading dot is allowed: OutputFile writes "helm/.values.yaml" if
// asked, and an index that refused its own entries would stop every later synth.
const SEGMENT = /^(?!\.{1,2}$)[A-Za-z0-9_.-]{1,255}$/;

/** The files the previous synth listed, checked to be plain paths inside the folder; [] without an index. */
export function readIndex(writer: FileWriter, scope: ErrorScope): string[] {
  const text = writer.readIfExists(INDEX_FILE);
  if (text === undefined) return [];
  const entries = text.split('\n').map((line) => line.replace(/\r$/, '')).filter((line) => line !== '' && !line.startsWith('#'));
  for (const entry of entries) {
    if (!entry.split('/').every((s) => SEGMENT.test(s))) {
      throw propError(scope, INDEX_FILE, entry, 'is not a path GitOpsApp writes (it lists only relative paths inside the output folder, without "..")',
        `restore ${INDEX_FILE} from Git, or delete it (the next synth then removes nothing it did not write itself)`);
    }
  }
  return entries;
}

/** Writes the index of `files` (sorted), unless it already says exactly that. */
export function writeIndex(writer: FileWriter, files: readonly string[]): void {
  writer.write(INDEX_FILE, [...HEADER, ...files, ''].join('\n'));
}

/** Removes the files `previous` lists that `current` does not: what an earlier synth wrote for objects that are gone. */
export function removeStale(writer: FileWriter, previous: readonly string[], current: readonly string[]): string[] {
  const keep = new Set(current);
  return previous.filter((file) => !keep.has(file) && writer.remove(file));
}
