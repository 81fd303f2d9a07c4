/**
 * The steps of our release that projen's own release tasks leave to the project (see "Releases"
 * in .projenrc.ts). A release is a commit that sets package.json's version and adds that
 * version's section to CHANGELOG.md; the release workflow publishes a version whose tag does not
 * exist yet. projen's `bump` computes versions and changelogs from the git tags and the
 * conventional commits (commit-and-tag-version); these commands tell it which version to write
 * and keep the committed files consistent.
 *
 *   next-version   (bump:next-version) the version `bump` writes: in the release job and CI, the
 *                  committed one; for `release:prepare`, the first version on a first release,
 *                  else nothing, so that the commits decide
 *   unbump         (unbump) puts the committed version back into package.json and package-lock.json
 *   changelog      (release:prepare) writes the bumped version's section into CHANGELOG.md
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** The version of the first release. */
export const FIRST_VERSION = '0.1.0';

const root = path.join(__dirname, '..');
const packageJson = path.join(root, 'package.json');
const packageLock = path.join(root, 'package-lock.json');
const artifacts = path.join(root, process.env.ARTIFACTS ?? 'artifacts');

/** The version `file` (package.json or package-lock.json) says at HEAD (the bump rewrites it on disk first). */
function committedVersion(file: string = 'package.json'): string {
  const text = execFileSync('git', ['show', `HEAD:${file}`], { cwd: root, encoding: 'utf8' });
  return JSON.parse(text).version;
}

function nextVersion(): string {
  if (process.env.RELEASE_PREPARE !== 'true') return committedVersion();
  return process.env.LATEST_TAG ? '' : FIRST_VERSION;
}

/** Sets the version in a package.json or package-lock.json (both of its places), keeping the format. */
export function withVersion(text: string, version: string): string {
  const json = JSON.parse(text);
  json.version = version;
  if (json.packages?.['']) json.packages[''].version = version;
  return JSON.stringify(json, undefined, 2) + (text.endsWith('\n') ? '\n' : '');
}

/** Puts the committed versions back into package.json and package-lock.json (the bump writes both). */
function unbump(): void {
  fs.writeFileSync(packageJson, withVersion(fs.readFileSync(packageJson, 'utf8'), committedVersion()));
  fs.writeFileSync(packageLock, withVersion(fs.readFileSync(packageLock, 'utf8'), committedVersion('package-lock.json')));
}

const HEADER = [
  '# Changelog',
  '',
  'Every release of cdk8s-ambassador-mtls, newest first, written by `npx projen release:prepare` from',
  'the [conventional commits](CONTRIBUTING.md#commit-messages) since the previous release. Versions',
  'follow [semantic versioning](https://semver.org); before 1.0.0 a minor version may change the API.',
  '',
].join('\n');

/** `## [x.y.z]...` or `### x.y.z ...`: the headings commit-and-tag-version writes for a version. */
const SECTION_HEADING = /^#{2,3} \[?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\]?/;

/** Splits CHANGELOG.md into its version sections (heading line to the next heading). */
export function changelogSections(text: string): { version: string; body: string }[] {
  const sections: { version: string; lines: string[] }[] = [];
  for (const line of text.split('\n')) {
    const heading = SECTION_HEADING.exec(line);
    if (heading) sections.push({ version: heading[1], lines: [line] });
    else if (sections.length > 0) sections[sections.length - 1].lines.push(line);
  }
  return sections.map((s) => ({ version: s.version, body: s.lines.join('\n').trim() }));
}

/**
 * CHANGELOG.md with `section` (commit-and-tag-version's output for `version`) on top. A section of
 * the same version already there is replaced: it was written by an earlier `release:prepare` of
 * a version not released yet (a released version has a tag, and `bump` never writes it again).
 */
export function withSection(current: string, version: string, section: string): string {
  const kept = changelogSections(current).filter((s) => s.version !== version);
  const body = section.replace(/^<a name="[^"]*"><\/a>\s*/m, '').trim();
  if (!SECTION_HEADING.test(body.split('\n')[0])) {
    throw new Error(`the changelog written by bump does not start with a version heading:\n${body.split('\n')[0]}`);
  }
  return [HEADER, body, ...kept.map((s) => s.body)].join('\n') + '\n';
}

function changelog(): void {
  const version = fs.readFileSync(path.join(artifacts, 'version.txt'), 'utf8').trim();
  const latestTag = execFileSync('git', ['tag', '--list', 'v*', '--sort=-version:refname'], { cwd: root, encoding: 'utf8' }).split('\n')[0];
  if (latestTag === `v${version}`) {
    throw new Error(`no feat, fix, perf or revert commit and no breaking change since ${latestTag}: nothing to release (the bump kept ${version})`);
  }
  const file = path.join(root, 'CHANGELOG.md');
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  fs.writeFileSync(file, withSection(current, version, fs.readFileSync(path.join(artifacts, 'changelog.md'), 'utf8')));
  console.log(`CHANGELOG.md and package.json now say ${version}. Review them, then commit with:`);
  console.log(`  git commit -am "chore: release v${version}"`);
}

if (require.main === module) {
  const command = process.argv[2];
  if (command === 'next-version') process.stdout.write(nextVersion());
  else if (command === 'unbump') unbump();
  else if (command === 'changelog') changelog();
  else throw new Error(`usage: release.ts next-version | unbump | changelog (got ${command})`);
}
