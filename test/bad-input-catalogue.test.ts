import * as fs from 'fs';
import * as path from 'path';
import { BAD_INPUTS, catalogueChart, renderErrorsDoc } from './bad-inputs';

describe('bad-input catalogue', () => {
  test('has at least 40 distinct entries', () => {
    expect(BAD_INPUTS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(BAD_INPUTS.map((e) => `${e.construct}: ${e.input}`)).size).toBe(BAD_INPUTS.length);
  });

  test.each(BAD_INPUTS.map((e) => [e.construct, e.input, e]))('%s rejects %s', (construct, _, entry) => {
    let error: Error | undefined;
    try {
      entry.build(catalogueChart());
    } catch (e) {
      error = e as Error;
    }
    expect(error).toBeInstanceOf(Error);
    expect(error!.message).toContain(entry.message);
    expect(error!.message).toMatch(/Fix: \S/);
    // Constructs (and their methods) name the construct path; static helpers name the method.
    const method = String(construct).split('.')[1];
    const namesWhere = /^(app|bare|other)\//.test(error!.message) || (method !== undefined && error!.message.includes(`${method}(`));
    expect(namesWhere).toBe(true);
  });

  test('docs/errors.md is rendered from this catalogue (npx projen docs:errors)', () => {
    expect(fs.readFileSync(path.join(__dirname, '..', 'docs', 'errors.md'), 'utf8')).toBe(renderErrorsDoc());
  });
});
