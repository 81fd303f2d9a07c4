import * as fs from 'fs';
import * as path from 'path';
import { ErrorScope, propError } from '../core/errors';

/**
 * Writes files under one root folder: every path is confined to it (a path that resolves
 * outside is an error, never a write), a file is rewritten only when its content changed (tools
 * that watch the folder see only real changes), and file-system errors say which file, why, and
 * what to do.
 */
export class FileWriter {
  private readonly root: string;
  private readonly written = new Set<string>();
  private readonly folders = new Set<string>();

  constructor(root: string, private readonly scope: ErrorScope) {
    this.root = path.resolve(root);
  }

  /** Writes `content` to `relative` (inside the root) unless it already holds exactly that; returns the absolute path. */
  public write(relative: string, content: string): string {
    const target = path.resolve(this.root, relative);
    if (target !== this.root && !target.startsWith(this.root + path.sep)) {
      throw propError(this.scope, 'output path', relative, `resolves outside the output folder ${this.root}`, 'use a path inside the chart\'s folder');
    }
    this.written.add(target);
    try {
      if (readIfExists(target) === content) return target;
      const folder = path.dirname(target);
      if (!this.folders.has(folder)) {
        fs.mkdirSync(folder, { recursive: true });
        this.folders.add(folder);
      }
      fs.writeFileSync(target, content);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      throw propError(this.scope, 'output file', target, `cannot be written (${err.code ?? 'error'}: ${err.message})`, fixFor(err.code));
    }
    return target;
  }

  /**
   * Removes the files under `folder` (relative to the root) that this writer did not write, and
   * the folders left empty: what an earlier synth wrote for objects that are gone.
   */
  public removeStale(folder: string): void {
    const dir = path.resolve(this.root, folder);
    if (!fs.existsSync(dir)) return;
    const walk = (d: string): boolean => {
      let empty = true;
      for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, entry.name);
        if (entry.isDirectory()) {
          if (walk(p)) fs.rmdirSync(p);
          else empty = false;
        } else if (!this.written.has(p)) {
          fs.rmSync(p, { force: true });
        } else {
          empty = false;
        }
      }
      return empty;
    };
    walk(dir);
  }
}

/** The file's text, or undefined when there is no such file (one system call fewer than exists + read). */
function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

function fixFor(code: string | undefined): string {
  switch (code) {
    case 'ENAMETOOLONG': return 'use shorter chart ids and object names';
    case 'ENOTDIR':
    case 'EEXIST': return 'remove the file that stands where the output folder should be, or choose another outdir';
    case 'EACCES':
    case 'EPERM':
    case 'EROFS': return 'make the output folder writable, or choose another outdir';
    case 'ENOSPC': return 'free some disk space';
    default: return 'check that the output folder can be written';
  }
}
