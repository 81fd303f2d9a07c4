import * as fs from 'fs';
import * as path from 'path';
import { ErrorScope, propError } from '../core/errors';

const { O_RDONLY, O_WRONLY, O_CREAT } = fs.constants;
// Opening with O_NOFOLLOW fails on a symbolic link instead of following it: the check costs no
// system call of its own. The error code differs by platform (ELOOP on Linux and macOS, EMLINK
// on FreeBSD, EFTYPE on NetBSD), so a failed open is told apart by an lstat afterwards. Where the
// platform has no such flag (Windows), an lstat before opening does the job.
const NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;
/* eslint-disable no-bitwise -- open(2) flags are bit masks */
const READ = O_RDONLY | NOFOLLOW;
// No O_TRUNC: the file is checked (a hard link is refused) before it is emptied.
const WRITE = O_WRONLY | O_CREAT | NOFOLLOW;
/* eslint-enable no-bitwise */

/**
 * Writes and removes files under one root folder, confined to it by real path: no file is
 * written, read or removed through a symbolic link that leaves the root (an error names the
 * link), no file that is itself a symbolic link is written or removed, and no file with a second
 * name (a hard link, which may sit outside the root) is written. Folders are checked
 * once each, segment by segment from the root, before anything is created in them (`mkdir -p`
 * would create folders wherever a link points); files are opened without following links. A file
 * is rewritten only when its content changed (tools that watch the folder see only real
 * changes), and file-system errors say which file, why, and what to do.
 */
export class FileWriter {
  private readonly root: string;
  private rootReal?: string;
  /** Absolute folders checked to be inside the root (existing, or created by us). */
  private readonly safeFolders = new Set<string>();
  /** Relative ("/"-separated) paths of the files written. */
  private readonly written = new Set<string>();

  constructor(root: string, private readonly scope: ErrorScope) {
    this.root = path.resolve(root);
  }

  /** Writes `content` to `relative` (inside the root) unless it already holds exactly that; returns the absolute path. */
  public write(relative: string, content: string): string {
    const [target, rel] = this.resolve(relative);
    try {
      this.folder(path.dirname(target), true);
      if (this.read(target, rel) !== content) {
        withFile(target, WRITE, (fd) => {
          // A file with another name (a hard link, `ln`) is one file in two places: writing it
          // would change the other, which may be outside the output folder.
          const links = fs.fstatSync(fd).nlink;
          if (links > 1) throw this.hardLinkError(target, rel, links);
          fs.ftruncateSync(fd, 0);
          fs.writeFileSync(fd, content);
        });
      }
    } catch (e) {
      throw this.fileError(e, target, rel, 'written');
    }
    this.written.add(rel);
    return target;
  }

  /**
   * Leaves `relative` as it is when `isCurrent` says its text is what this synth would write,
   * else writes `produce()` as `write()` does: a caller that can tell from a file's text that it
   * is up to date (a hash it holds) skips rendering it. Returns the absolute path.
   */
  public writeUnlessCurrent(relative: string, isCurrent: (text: string) => boolean, produce: () => string): string {
    const existing = this.readIfExists(relative);
    if (existing === undefined || !isCurrent(existing)) return this.write(relative, produce());
    const [target, rel] = this.resolve(relative);
    this.written.add(rel);
    return target;
  }

  /** The text of `relative`, or undefined when it does not exist (through no link that leaves the root). */
  public readIfExists(relative: string): string | undefined {
    const [target, rel] = this.resolve(relative);
    try {
      return this.folder(path.dirname(target), false) ? this.read(target, rel) : undefined;
    } catch (e) {
      throw this.fileError(e, target, rel, 'read');
    }
  }

  /**
   * Removes `relative`, a file an earlier synth wrote, and the folders it leaves empty (up to the
   * root). Nothing happens when it is gone already, or when something other than a regular file
   * stands there now (a link or folder someone made); a folder link that leaves the root is an
   * error. Returns true when a file was removed.
   */
  public remove(relative: string): boolean {
    const [target, rel] = this.resolve(relative);
    let removed = false;
    try {
      if (!this.folder(path.dirname(target), false)) return false;
      const stat = lstatIfExists(target);
      if (stat === undefined || !stat.isFile()) return false;
      fs.unlinkSync(target);
      removed = true;
      for (let dir = path.dirname(target); dir !== this.root && dir.startsWith(this.root + path.sep); dir = path.dirname(dir)) {
        if (fs.readdirSync(dir).length > 0 || fs.lstatSync(dir).isSymbolicLink()) break;
        fs.rmdirSync(dir);
        this.safeFolders.delete(dir);
      }
    } catch (e) {
      throw this.fileError(e, target, rel, 'removed');
    }
    return removed;
  }

  /** The files written so far, relative to the root, "/"-separated, sorted. */
  public writtenFiles(): string[] {
    return [...this.written].sort();
  }

  /** The absolute path of `relative`, and its "/"-separated form; an error if it resolves outside the root. */
  private resolve(relative: string): [string, string] {
    const target = path.resolve(this.root, relative);
    if (!target.startsWith(this.root + path.sep)) {
      throw propError(this.scope, 'output path', relative, `resolves outside the output folder ${this.root}`, 'use a path inside the chart\'s folder');
    }
    const rel = target.slice(this.root.length + 1);
    return [target, path.sep === '/' ? rel : rel.split(path.sep).join('/')];
  }

  /**
   * Checks (once) that `dir` is a folder inside the root's real path, segment by segment: a
   * missing folder is created when `create` (else false is returned), a symbolic link is followed
   * only when its real path is inside the root, anything else is an error.
   */
  private folder(dir: string, create: boolean): boolean {
    if (this.safeFolders.has(dir)) return true;
    if (this.rootReal === undefined) {
      const stat = lstatIfExists(this.root, true); // the folder the user gave may be a link
      if (stat === undefined && !create) return false;
      if (stat !== undefined && !stat.isDirectory()) {
        throw propError(this.scope, 'outdir', this.root, 'is a file, not a folder', 'remove the file, or choose another outdir');
      }
      fs.mkdirSync(this.root, { recursive: true }); // the folder the user chose, wherever it is
      this.rootReal = fs.realpathSync(this.root);
      this.safeFolders.add(this.root);
    }
    let current = this.root;
    for (const segment of dir.slice(this.root.length + 1).split(path.sep).filter((s) => s !== '')) {
      current = path.join(current, segment);
      if (this.safeFolders.has(current)) continue;
      const stat = lstatIfExists(current);
      if (stat === undefined) {
        if (!create) return false;
        fs.mkdirSync(current);
      } else if (stat.isSymbolicLink()) {
        const real = realpathIfExists(current);
        if (real === undefined || !isInside(real, this.rootReal)) throw this.linkError(current, 'folder');
        if (!fs.statSync(current).isDirectory()) throw Object.assign(new Error(`${current} is not a folder`), { code: 'ENOTDIR' });
      } else if (!stat.isDirectory()) {
        throw Object.assign(new Error(`${current} is a file, not a folder`), { code: 'ENOTDIR' });
      }
      this.safeFolders.add(current);
    }
    return true;
  }

  /** The file's text, or undefined when there is none; a symbolic link is never followed. */
  private read(target: string, rel: string): string | undefined {
    if (NOFOLLOW === 0 && lstatIfExists(target)?.isSymbolicLink()) throw this.linkError(target, 'file', rel);
    try {
      return withFile(target, READ, (fd) => fs.readFileSync(fd, 'utf8'));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return undefined;
      if (lstatIfExists(target)?.isSymbolicLink()) throw this.linkError(target, 'file', rel);
      throw e;
    }
  }

  private linkError(link: string, what: 'file' | 'folder', rel: string = path.relative(this.root, link)): Error {
    const to = readlinkIfExists(link);
    const real = realpathIfExists(link);
    const leaves = real === undefined || this.rootReal === undefined || !isInside(real, this.rootReal);
    return propError(this.scope, `output ${what}`, rel,
      `is a symbolic link (to ${JSON.stringify(to)})${leaves ? ' that leaves the output folder' : ''}: GitOpsApp never writes, reads or removes through it`,
      what === 'folder'
        ? `remove the link ${link} (a real folder in its place will be filled), or choose an outdir where no link leaves it`
        : `remove the link ${link}: the output holds regular files only, which GitOpsApp writes itself`);
  }

  private hardLinkError(file: string, rel: string, links: number): Error {
    return propError(this.scope, 'output file', rel,
      `is a hard link (one file under ${links} names, maybe outside the output folder): GitOpsApp never writes through it`,
      `remove ${file} (GitOpsApp writes a new file in its place)`);
  }

  private fileError(e: unknown, target: string, rel: string, action: string): Error {
    const err = e as NodeJS.ErrnoException;
    if (err.code === undefined) return err; // ours: already says what and how to fix
    return propError(this.scope, 'output file', rel, `cannot be ${action} (${err.code}: ${err.message})`, fixFor(err.code, target));
  }
}

/** Runs `use` on the file opened with numeric `flags` (Node's typings take only string flags elsewhere). */
function withFile<T>(file: string, flags: number, use: (fd: number) => T): T {
  const fd = fs.openSync(file, flags, 0o666);
  try {
    return use(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function isInside(real: string, rootReal: string): boolean {
  return real === rootReal || real.startsWith(rootReal.endsWith(path.sep) ? rootReal : rootReal + path.sep);
}

/** The file's lstat (or stat, following links, when `follow`), or undefined when there is none. */
function lstatIfExists(p: string, follow = false): fs.Stats | undefined {
  try {
    return follow ? fs.statSync(p) : fs.lstatSync(p);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

function realpathIfExists(p: string): string | undefined {
  try {
    return fs.realpathSync(p);
  } catch {
    return undefined; // a dangling link
  }
}

function readlinkIfExists(p: string): string | undefined {
  try {
    return fs.readlinkSync(p);
  } catch {
    return undefined;
  }
}

function fixFor(code: string | undefined, target: string): string {
  switch (code) {
    case 'ENAMETOOLONG': return 'use shorter chart ids and object names';
    case 'ENOTDIR':
    case 'EISDIR':
    case 'EEXIST': return `remove what stands at ${target} or in its path (a file where a folder belongs, or the reverse), or choose another outdir`;
    case 'EACCES':
    case 'EPERM':
    case 'EROFS': return 'make the output folder writable, or choose another outdir';
    case 'ENOSPC': return 'free some disk space';
    default: return 'check that the output folder can be written';
  }
}
