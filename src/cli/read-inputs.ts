import * as fs from 'fs';
import * as path from 'path';
import { InputProblem } from '../validation/input/parse-manifests';
import { isHelmValuesFile, isToolFile } from '../validation/input/tool-files';

/** The name standard input is reported under. */
export const STDIN = '<stdin>';

/** One input file and its bytes (`<stdin>` for standard input). */
export interface InputFile {
  /** The path as reported: as given, or under the folder given. */
  readonly file: string;
  /** Its bytes, decoded later as kubectl decodes them. */
  readonly bytes: Buffer;
  /** True when named on the command line (or standard input): it must hold objects. */
  readonly named: boolean;
  /** The folder it was found in, when found in one (a file there may hold no object). */
  readonly folder?: string;
}

/** What reading the paths gave. */
export interface ReadInputs {
  /** The files read. */
  readonly inputs: InputFile[];
  /** Paths that could not be read, or were refused (a symbolic link leaving its folder). */
  readonly problems: InputProblem[];
  /** Files found in folders and left alone, as tool configuration (kustomization and Helm Chart files; Helm values are read). */
  readonly skipped: string[];
}

/** Input that cannot be read at all (no path given): the command exits 2. */
export class InputError extends Error {}

/** Folders never searched: they hold no manifests of yours. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);

/**
 * The files named (any name), the `.yaml`/`.yml` files under the folders named (recursively,
 * in path order; hidden folders, node_modules, kustomization and Chart files skipped; Helm
 * values files read as values), and standard input for `-`. A symbolic link inside a folder is followed only when its target is inside
 * that folder too, as kustomize and Argo CD allow; one that leaves it is refused (a problem).
 */
export function readInputs(paths: readonly string[], readStdin: () => Buffer | string): ReadInputs {
  if (paths.length === 0) throw new InputError('no input: give files, folders, or - for standard input');
  const result: ReadInputs = { inputs: [], problems: [], skipped: [] };
  const problem = (file: string, message: string, fix: string) => result.problems.push({ file, message, fix });
  for (const p of paths) {
    if (p === '-') {
      const stdin = readStdin();
      result.inputs.push({ file: STDIN, bytes: Buffer.isBuffer(stdin) ? stdin : Buffer.from(stdin, 'utf8'), named: true });
      continue;
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch (e) {
      problem(p, `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, 'give a file or folder that exists');
      continue;
    }
    if (!stat.isDirectory()) {
      readFile(p, p, true, undefined, result);
      continue;
    }
    const before = result.inputs.length + result.problems.length;
    walk(p, fs.realpathSync(p), new Set(), result);
    if (result.inputs.length + result.problems.length === before) problem(p, 'holds no .yaml or .yml file', 'give a folder of manifests (or the files themselves)');
  }
  return result;
}

function readFile(file: string, reported: string, named: boolean, folder: string | undefined, result: ReadInputs): void {
  try {
    result.inputs.push({ file: reported, bytes: fs.readFileSync(file), named, ...(folder && { folder }) });
  } catch (e) {
    result.problems.push({ file: reported, message: `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, fix: 'make it readable, or remove it from the input' });
  }
}

function walk(dir: string, root: string, visited: Set<string>, result: ReadInputs): void {
  const real = fs.realpathSync(dir);
  if (visited.has(real)) return; // a link back to a folder already read
  visited.add(real);
  let listed: fs.Dirent[];
  try {
    listed = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    // A folder that cannot be listed is reported like a file that cannot be read: the rest is still checked.
    result.problems.push({ file: dir, message: `cannot be listed (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, fix: 'make it readable, or remove it from the input' });
    return;
  }
  const entries = listed.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    let isDirectory = entry.isDirectory();
    if (entry.isSymbolicLink()) {
      let target: string;
      try {
        target = fs.realpathSync(full);
      } catch (e) {
        const loop = (e as NodeJS.ErrnoException).code === 'ELOOP';
        result.problems.push({
          file: full,
          message: `is a symbolic link to ${fs.readlinkSync(full)}, which ${loop ? 'leads back to itself through other links (a loop)' : 'does not exist'}`,
          fix: loop ? 'remove one link of the loop, or point it at a file' : 'remove the link, or restore its target',
        });
        continue;
      }
      if (target !== root && !target.startsWith(`${root}${path.sep}`)) {
        result.problems.push({
          file: full,
          message: `is a symbolic link to ${target}, outside the folder ${root}: refused, as kustomize and Argo CD refuse it (a repository must not read, or have written, files elsewhere)`,
          fix: 'copy the file into the folder, or name the target itself on the command line',
        });
        continue;
      }
      isDirectory = fs.statSync(full).isDirectory();
    }
    if (isDirectory) {
      if (!entry.name.startsWith('.') && !SKIPPED_FOLDERS.has(entry.name)) walk(full, root, visited, result);
    } else if (isToolFile(entry.name) && !isHelmValuesFile(entry.name)) {
      result.skipped.push(full);
    } else if (/\.ya?ml$/.test(entry.name)) {
      readFile(full, full, false, root, result);
    }
  }
}

/**
 * Writes `text` to `file` in place, never through a symbolic link (O_NOFOLLOW: a link put there
 * since it was read is refused too), keeping its mode. Throws with the reason.
 */
export function writeInPlace(file: string, text: string): void {
  // eslint-disable-next-line no-bitwise
  const fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_TRUNC | fs.constants.O_NOFOLLOW);
  try {
    fs.writeSync(fd, text);
  } finally {
    fs.closeSync(fd);
  }
}
