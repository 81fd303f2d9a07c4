/**
 * Which commits make `npx projen release:prepare` propose a release: the command projen's `bump`
 * runs (`bump:releasable-commits` in .projen/tasks.json), over a scratch git history. With none,
 * the bump keeps the version and release:prepare says there is nothing to release; with any,
 * commit-and-tag-version bumps at least a patch, so a commit listed here must also show in the
 * changelog (the `types` the bump passes it).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const tasks = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '.projen', 'tasks.json'), 'utf8')).tasks;

describe('releasable commits', () => {
  let repo: string;
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], { cwd: repo, encoding: 'utf8' });
  const commit = (...message: string[]) => git('commit', '--allow-empty', '--no-verify', ...message.flatMap((m) => ['-m', m]));

  /** The subjects of the commits since v0.1.0 that the bump counts. */
  function releasable(): string[] {
    const command = tasks['bump:releasable-commits'].steps[0].exec;
    const out = execFileSync('sh', ['-c', command], { cwd: repo, encoding: 'utf8', env: { ...process.env, LATEST_TAG: 'v0.1.0' } });
    return out.split('\n').filter((l) => l.trim()).map((l) => l.replace(/^[0-9a-f]+ /, '')).sort();
  }

  beforeEach(() => {
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'releasable-commits-'));
    git('init', '--quiet', '--initial-branch=main');
    commit('chore: initial');
    git('tag', 'v0.1.0');
  });
  afterEach(() => fs.rmSync(repo, { recursive: true, force: true }));

  test('docs, test, chore, refactor and build commits make no release', () => {
    commit('docs: fix a typo');
    commit('test: one more case');
    commit('chore: bump a dev dependency');
    commit('refactor(istio): split a file');
    commit('build: faster compile');
    expect(releasable()).toEqual([]);
  });

  test('feat, fix, perf and revert commits do, with or without a scope', () => {
    commit('docs: unrelated');
    commit('feat: a new pattern');
    commit('fix(consul): the connector port');
    commit('perf: faster synth');
    commit('revert: the faster synth');
    expect(releasable()).toEqual(['feat: a new pattern', 'fix(consul): the connector port', 'perf: faster synth', 'revert: the faster synth']);
  });

  test('a breaking change of any type does (`!` or a BREAKING CHANGE footer)', () => {
    commit('refactor!: rename a prop');
    commit('chore(deps): drop Node 20', '', 'BREAKING CHANGE: Node.js 22 or later');
    commit('docs: only "fix:" inside a sentence is not one');
    expect(releasable()).toEqual(['chore(deps): drop Node 20', 'refactor!: rename a prop']);
  });

  test('every type that makes a release has a section in the changelog', () => {
    const { types } = JSON.parse(tasks.bump.env.VERSIONRCOPTIONS) as { types: { type: string; hidden?: boolean }[] };
    const shown = types.filter((t) => !t.hidden).map((t) => t.type).sort();
    const command: string = tasks['bump:releasable-commits'].steps[0].exec;
    const released = /--grep '\^\(([a-z|]+)\)/.exec(command)![1].split('|').sort();
    expect(released).toEqual(shown);
  });
});
