/**
 * Jest's globalSetup and globalTeardown (`tmpdirSetup`, `tmpdirTeardown`): the whole run gets a
 * temporary folder of its own, `$TMPDIR/cdk8s-ambassador-mtls-tests-XXXXXX`, set as TMPDIR (and
 * TMP, TEMP) before the workers start, so every `os.tmpdir()` of a test, of cdk8s's
 * `Testing.app()` and of the programs the tests run (kubectl, the cdk8s CLI, git) lands in it. At
 * the end the run fails if anything is left there, naming it: a test must remove what it makes
 * (test/support/temp.ts, and test/support/jest-setup.ts for `Testing.app()`). The folder is
 * removed either way, so not even a failing run leaves anything behind.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const VARIABLE = 'CDK8S_AMBASSADOR_MTLS_TEST_TMPDIR';
const NAMES = ['TMPDIR', 'TMP', 'TEMP'];

export function tmpdirSetup(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-ambassador-mtls-tests-'));
  process.env[VARIABLE] = dir;
  for (const name of NAMES) process.env[name] = dir;
}

export function tmpdirTeardown(): void {
  const dir = process.env[VARIABLE];
  if (dir === undefined) return;
  const left = fs.readdirSync(dir);
  fs.rmSync(dir, { recursive: true, force: true });
  if (left.length > 0) {
    const shown = left.slice(0, 20).join(', ') + (left.length > 20 ? `, and ${left.length - 20} more` : '');
    throw new Error(`The tests left ${left.length} entries in their temporary folder: ${shown}. `
      + 'Fix: make them with temporaryFolders() (test/support/temp.ts), which removes them after the test file');
  }
}
