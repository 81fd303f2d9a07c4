/**
 * Which commits make `npx projen release:prepare` propose a release: the command projen's `bump`
 * runs (`bump:releasable-commits` in .projen/tasks.json), over a scratch git history. With none,
 * the bump keeps the version and release:prepare says there is nothing to release; with any,
 * commit-and-tag-version bumps at least a patch, so a commit listed here must also show in the
 * changelog (the `types` the bump passes it).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { temporaryFolders } from '../support/temp';

const tasks = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '.projen', 'tasks.json'), 'utf8')).tasks;
const tmp = temporaryFolders('releasable-commits-');

describe('releasable commits', () => {
  /**
   * A scratch repository on main: `chore: initial` tagged v0.1.0 (a lightweight tag, as `git tag`
   * makes), then one empty commit per message, each a list of paragraphs (as `git commit -m ... -m
   * ...` joins them). Written by one `git fast-import`, which makes the same commits as `git
   * commit --allow-empty` run once per commit (~50 ms of wall time each).
   */
  function history(...messages: string[][]): string {
    const repo = tmp();
    let time = 1_700_000_000;
    const commit = (paragraphs: string[]) => {
      const message = `${paragraphs.join('\n\n')}\n`;
      return `commit refs/heads/main\ncommitter test <test@example.com> ${time++} +0000\ndata ${Buffer.byteLength(message)}\n${message}\n`;
    };
    const stream = `${commit(['chore: initial'])}reset refs/tags/v0.1.0\nfrom refs/heads/main\n\n${messages.map(commit).join('')}`;
    execFileSync('sh', ['-c', 'git init --quiet --initial-branch=main && git fast-import --quiet'], { cwd: repo, input: stream, encoding: 'utf8' });
    return repo;
  }

  /** The subjects of the commits since v0.1.0 that the bump counts. */
  function releasable(repo: string): string[] {
    const command = tasks['bump:releasable-commits'].steps[0].exec;
    const out = execFileSync('sh', ['-c', command], { cwd: repo, encoding: 'utf8', env: { ...process.env, LATEST_TAG: 'v0.1.0' } });
    return out.split('\n').filter((l) => l.trim()).map((l) => l.replace(/^[0-9a-f]+ /, '')).sort();
  }

  test('docs, test, chore, refactor and build commits make no release', () => {
    const repo = history(['docs: fix a typo'], ['test: one more case'], ['chore: bump a dev dependency'], ['refactor(istio): split a file'], ['build: faster compile']);
    expect(releasable(repo)).toEqual([]);
  });

  test('feat, fix, perf and revert commits do, with or without a scope', () => {
    const repo = history(['docs: unrelated'], ['feat: a new pattern'], ['fix(consul): the connector port'], ['perf: faster synth'], ['revert: the faster synth']);
    expect(releasable(repo)).toEqual(['feat: a new pattern', 'fix(consul): the connector port', 'perf: faster synth', 'revert: the faster synth']);
  });

  test('a breaking change of any type does (`!` or a BREAKING CHANGE footer)', () => {
    const repo = history(['refactor!: rename a prop'], ['chore(deps): drop Node 20', 'BREAKING CHANGE: Node.js 22 or later'], ['docs: only "fix:" inside a sentence is not one']);
    expect(releasable(repo)).toEqual(['chore(deps): drop Node 20', 'refactor!: rename a prop']);
  });

  test('every type that makes a release has a section in the changelog', () => {
    const { types } = JSON.parse(tasks.bump.env.VERSIONRCOPTIONS) as { types: { type: string; hidden?: boolean }[] };
    const shown = types.filter((t) => !t.hidden).map((t) => t.type).sort();
    const command: string = tasks['bump:releasable-commits'].steps[0].exec;
    const released = /--grep '\^\(([a-z|]+)\)/.exec(command)![1].split('|').sort();
    expect(released).toEqual(shown);
  });
});
