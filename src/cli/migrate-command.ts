import * as fs from 'fs';
import { createTwoFilesPatch } from 'diff';
import { CommandResult } from './check-command';
import { InputError, InputFile } from './read-inputs';
import { migrateText, MigratedText } from '../migrate';
import { CrdSchemas } from '../validation/crd-schemas';

/** Options of `migrate`. */
export interface MigrateCommandOptions {
  /** The target version: `v3alpha1`, the only one. */
  readonly to: string;
  /** Rewrite the files in place (never standard input). */
  readonly write: boolean;
}

/**
 * `migrate --to v3alpha1`: converts the getambassador.io/v2 documents it can convert faithfully
 * and refuses the rest, naming the field. Prints a unified diff (the migrated YAML for `-`), or
 * with `write` rewrites the files, and only when nothing was refused. Exit 0, or 1 when a
 * document was refused.
 */
export function runMigrate(inputs: readonly InputFile[], options: MigrateCommandOptions): CommandResult {
  if (options.to !== 'v3alpha1') throw new InputError(`--to ${options.to}: the only target is v3alpha1`);
  if (options.write && inputs.some((i) => i.file === '-')) throw new InputError('--write rewrites files: it cannot take standard input (-)');
  const schemas = CrdSchemas.bundled();
  const results: Array<{ input: InputFile; migrated: MigratedText }> = inputs.map((input) => {
    try {
      return { input, migrated: migrateText(input.text, { validate: (doc) => schemas.errors(doc) ?? [] }) };
    } catch (e) {
      throw new InputError(`${input.file}: is not YAML (${(e as Error).message.split('\n')[0]})`);
    }
  });
  const stderr: string[] = [];
  let refused = 0;
  let converted = 0;
  for (const { input, migrated } of results) {
    converted += migrated.converted;
    for (const r of migrated.refused) {
      refused++;
      for (const refusal of r.refusals) {
        stderr.push(`${input.file}#${r.index} ${r.resource}: not migrated: ${refusal.field} ${refusal.reason}. Fix: ${refusal.fix}`);
      }
    }
    for (const n of migrated.notes) stderr.push(`${input.file}#${n.index} ${n.resource}: note: ${n.note}`);
  }
  const changed = results.filter(({ input, migrated }) => migrated.text !== input.text);
  let stdout = '';
  if (options.write) {
    if (refused === 0) for (const { input, migrated } of changed) fs.writeFileSync(input.file, migrated.text);
  } else {
    for (const { input, migrated } of results) {
      stdout += input.file === '-' ? migrated.text : migrated.text === input.text ? '' : createTwoFilesPatch(input.file, input.file, input.text, migrated.text, 'getambassador.io/v2', 'getambassador.io/v3alpha1');
    }
  }
  stderr.push(`${converted} document(s) converted to v3alpha1 in ${changed.length} file(s)${refused > 0 ? `, ${refused} refused` : ''}`
    + `${options.write ? (refused > 0 ? ': nothing written, fix the refused documents first' : ': written') : ''}`);
  return { stdout, stderr: `${stderr.join('\n')}\n`, exitCode: refused > 0 ? 1 : 0 };
}
