/**
 * `npx projen package`: packs the library as consumers install it. The files are those npm packs
 * from the repository (package.json's `files` allowlist, lib/ compiled); the manifest is the
 * repository's without what only matters here (see publishedManifest). Staged in a temporary
 * folder, packed by npm itself, so the tarball is exactly what `npm pack` writes.
 *
 * Usage: ts-node projenrc/pack.ts <destination folder>   (prints the tarball's path)
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

type Manifest = Record<string, any>;

/**
 * The published package.json: the repository's without `scripts` (`prepare` would make npm 11
 * flag every tarball install, and the projen tasks do not exist in an installed package), the
 * jest configuration and `devEngines`.
 */
export function publishedManifest(manifest: Manifest): Manifest {
  const { scripts: _scripts, jest: _jest, devEngines: _devEngines, ...published } = manifest;
  return published;
}

/** The files `npm pack` takes from `dir`, as it lists them (`--dry-run --json`), sorted. */
export function packedFiles(dir: string): string[] {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return (JSON.parse(out)[0].files as { path: string }[]).map((f) => f.path).sort();
}

function pack(destination: string): string {
  const root = path.join(__dirname, '..');
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-ambassador-mtls-pack-'));
  try {
    for (const file of packedFiles(root)) {
      if (file === 'package.json') continue;
      fs.mkdirSync(path.dirname(path.join(stage, file)), { recursive: true });
      fs.copyFileSync(path.join(root, file), path.join(stage, file));
    }
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    fs.writeFileSync(path.join(stage, 'package.json'), JSON.stringify(publishedManifest(manifest), undefined, 2) + '\n');
    const staged = packedFiles(stage);
    const expected = packedFiles(root);
    if (staged.join('\n') !== expected.join('\n')) {
      throw new Error(`the staged package differs from the repository's file list:\n${staged.join('\n')}`);
    }
    const out = path.resolve(root, destination);
    fs.mkdirSync(out, { recursive: true });
    const result = execFileSync('npm', ['pack', stage, '--pack-destination', out, '--json'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return path.join(out, JSON.parse(result)[0].filename);
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const destination = process.argv[2];
  if (!destination) throw new Error('usage: pack.ts <destination folder>');
  console.log(pack(destination));
}
