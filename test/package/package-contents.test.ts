/**
 * What the npm package holds, as `npm pack --dry-run --json` lists it from the repository (the
 * list projenrc/pack.ts stages and packs), and the manifest it publishes.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { packedFiles, publishedManifest } from '../../projenrc/pack';

const root = path.join(__dirname, '..', '..');

/** Every .ts file under `dir` (a repository folder), relative to the root, sorted. */
function sources(dir: string): string[] {
  return (fs.readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' }))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => path.posix.join(dir, f.split(path.sep).join('/')))
    .sort();
}

/** A TypeScript source, and what tsc writes for it under lib/: the code, its types and their maps. */
function shipped(source: string): string[] {
  const out = path.posix.join('lib', source.replace(/\.ts$/, ''));
  return [source, `${out}.js`, `${out}.js.map`, `${out}.d.ts`, `${out}.d.ts.map`];
}

describe('the npm package', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  let files: string[];

  beforeAll(() => {
    if (!fs.existsSync(path.join(root, 'lib', 'src', 'index.js'))) {
      throw new Error('lib/ is not built: run `npx projen compile` (npm ci does it too), then the tests again');
    }
    files = packedFiles(root);
  });

  test('holds the library (code, types, source maps and the sources they map), README, LICENSE and CHANGELOG; nothing else', () => {
    const expected = [
      ...sources('src').flatMap(shipped),
      ...sources('imports').flatMap(shipped),
      'CHANGELOG.md', 'LICENSE', 'README.md', 'package.json',
    ].sort();
    const missing = expected.filter((f) => !files.includes(f));
    const extra = files.filter((f) => !expected.includes(f));
    // A missing lib/ file is a source not compiled yet (`npx projen compile`); an extra one is a
    // file that would ship by mistake (or a stale lib/ file of a deleted source: rm -rf lib).
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });

  test('ships no test, fixture, app, benchmark or build state', () => {
    for (const prefix of ['test/', 'lib/test/', 'lib/app/', 'app/', 'lib/bench/', 'lib/emissary-fixtures/', 'dist/', 'docs/', '.ci/', 'projenrc/']) {
      expect(files.filter((f) => f.startsWith(prefix))).toEqual([]);
    }
    expect(files.filter((f) => f.endsWith('.tsbuildinfo') || f.endsWith('.tgz'))).toEqual([]);
  });

  test('every source map points at a file the package ships', () => {
    for (const map of files.filter((f) => f.endsWith('.map'))) {
      const { sources: mapped } = JSON.parse(fs.readFileSync(path.join(root, map), 'utf8'));
      for (const source of mapped as string[]) {
        expect({ map, source: path.posix.join(path.posix.dirname(map), source) })
          .toEqual({ map, source: expect.stringMatching(/^(src|imports)\/.+\.ts$/) });
        expect(files).toContain(path.posix.join(path.posix.dirname(map), source));
      }
    }
  });

  test('the published manifest: no install or build scripts, entry points that ship, engines', () => {
    const published = publishedManifest(manifest);
    expect(published.scripts).toBeUndefined();
    expect(published.jest).toBeUndefined();
    // The repository keeps `prepare` (npm ci, git installs) and refuses a direct `npm pack`.
    expect(manifest.scripts.prepare).toBe('tsc --build');
    expect(manifest.scripts.prepack).toMatch(/npx projen package/);
    const targets = [published.main, published.types, ...Object.values(published.bin as Record<string, string>)];
    for (const [subpath, target] of Object.entries(published.exports as Record<string, any>)) {
      expect(subpath).toMatch(/^\.(\/|$)/);
      targets.push(...(typeof target === 'string' ? [target] : Object.values(target as Record<string, string>)));
    }
    for (const target of targets) expect(files).toContain(path.posix.normalize(target as string));
    expect(published.exports['.']).toEqual({ types: `./${published.types}`, default: `./${published.main}` });
    expect(published.engines.node).toMatch(/^>= ?\d+/);
    expect(published.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(published.version).not.toBe('0.0.0');
  });

  test('npm pack and npm publish in the repository refuse, naming the task; a prepack run by anything else passes', () => {
    // npm runs prepack for `npm pack` and `npm publish` with npm_command set to the canonical name
    // of the command (npm RFC 21, "Reduce the environment variables provided to lifecycle
    // scripts"; npm/cli lib/npm.js sets process.env.npm_command), and the script decides on that
    // variable alone. One real npm run proves that chain (publish: the one that cannot be undone);
    // the other cases run the script as npm does (`sh -c` in the package folder) with the variable
    // npm would set, ~0.15 s of CPU each where an npm run costs ~0.9 s.
    const published = spawnSync('npm', ['publish', '--dry-run'], { cwd: root, encoding: 'utf8' });
    expect({ status: published.status, refusal: /Pack with: npx projen package/.test(published.stderr) }).toEqual({ status: 1, refusal: true });
    const prepack = (command: string) => spawnSync('sh', ['-c', manifest.scripts.prepack], { cwd: root, encoding: 'utf8', env: { ...process.env, npm_command: command } });
    const packed = prepack('pack');
    expect({ status: packed.status, refusal: /Pack with: npx projen package \(writes artifacts\/js\/; npm pack here/.test(packed.stderr) }).toEqual({ status: 1, refusal: true });
    // pnpm prepares a git dependency with `npm run prepack` in the clone (pnpm exec/prepare-package):
    // npm_command is then "run" in current npm (npm/cli lib/utils/cmd-list.js maps `run-script` to its canonical `run`), "run-script" in older releases.
    for (const command of ['run', 'run-script']) expect({ command, status: prepack(command).status }).toEqual({ command, status: 0 });
  });

  test('package-lock.json carries the package version in both its places (as the release bump writes it)', () => {
    const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
    expect([lock.version, lock.packages[''].version]).toEqual([manifest.version, manifest.version]);
  });

  test('cdk8s.yaml names the validation plugin with the package version', () => {
    const cdk8sYaml = parse(fs.readFileSync(path.join(root, 'cdk8s.yaml'), 'utf8'));
    expect(cdk8sYaml.validations.map((v: any) => v.version)).toEqual([manifest.version]);
    expect(files).toContain(path.posix.normalize(cdk8sYaml.validations[0].package));
  });
});
