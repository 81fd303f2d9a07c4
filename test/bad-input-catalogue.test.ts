import * as fs from 'fs';
import * as path from 'path';
import { BAD_INPUTS, catalogueChart, renderErrorsDoc } from './bad-inputs';
import { removeGitopsFolders } from './catalogue/gitops';

afterAll(removeGitopsFolders);

/** Where an error must say it happened: a construct path, a class, or a static method. */
const NAMES_WHERE = /^([^:\n]{1,200}: |\[[^\]]*\] )/;

describe('bad-input catalogue', () => {
  test('has at least 150 distinct entries', () => {
    expect(BAD_INPUTS.length).toBeGreaterThanOrEqual(150);
    expect(new Set(BAD_INPUTS.map((e) => `${e.construct}: ${e.input}`)).size).toBe(BAD_INPUTS.length);
  });

  test.each(BAD_INPUTS.map((e) => [e.construct, e.input, e]))('%s rejects %s', (_construct, _input, entry) => {
    let error: unknown;
    try {
      entry.build(catalogueChart());
    } catch (e) {
      error = e;
    }
    // Our error, with the fix: never a TypeError or RangeError from inside our code, cdk8s or constructs.
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).constructor).toBe(Error);
    const message = (error as Error).message.replace(/^Validation failed with the following errors:\n\s*/, '');
    expect(message).toContain(entry.message);
    expect(message).toMatch(/Fix: \S/);
    expect(message).toMatch(NAMES_WHERE);
  });

  test('docs/errors.md is rendered from this catalogue (npx projen docs:errors)', () => {
    expect(fs.readFileSync(path.join(__dirname, '..', 'docs', 'errors.md'), 'utf8')).toBe(renderErrorsDoc());
  });
});
