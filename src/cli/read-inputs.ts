import * as fs from 'fs';
import * as path from 'path';

/** One input file and its text (`-` for standard input). */
export interface InputFile {
  readonly file: string;
  readonly text: string;
}

/** Input that cannot be read: the command exits 2. */
export class InputError extends Error {}

/** Folders never searched: they hold no manifests of yours. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);

/**
 * The files named (any name), the `.yaml`/`.yml` files under the folders named (recursively,
 * in path order, hidden folders and node_modules skipped), and standard input for `-`.
 */
export function readInputs(paths: readonly string[], readStdin: () => string): InputFile[] {
  if (paths.length === 0) throw new InputError('no input: give files, folders, or - for standard input');
  const inputs: InputFile[] = [];
  for (const p of paths) {
    if (p === '-') {
      inputs.push({ file: '-', text: readStdin() });
      continue;
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch (e) {
      throw new InputError(`${p}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    const files = stat.isDirectory() ? yamlFilesUnder(p) : [p];
    if (stat.isDirectory() && files.length === 0) throw new InputError(`${p}: holds no .yaml or .yml file`);
    for (const file of files) {
      try {
        inputs.push({ file, text: fs.readFileSync(file, 'utf8') });
      } catch (e) {
        throw new InputError(`${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      }
    }
  }
  return inputs;
}

function yamlFilesUnder(dir: string): string[] {
  const found: string[] = [];
  const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && !SKIPPED_FOLDERS.has(entry.name)) found.push(...yamlFilesUnder(full));
    } else if (/\.ya?ml$/.test(entry.name)) {
      found.push(full);
    }
  }
  return found;
}
