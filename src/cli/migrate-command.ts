import { createTwoFilesPatch } from 'diff';
import { parseAllDocuments } from 'yaml';
import { migrateText, MigratedText, migrateToGatewayApi, GatewayApiMigrationOptions } from '../migrate';
import { CommandResult } from './check-command';
import { InputError, ReadInputs, STDIN, writeInPlace } from './read-inputs';
import { locationOf } from './report/check-report';
import { checkManifests } from '../validation/check-manifests';
import { CrdSchemas } from '../validation/crd-schemas';
import { decodeText } from '../validation/input/decode-text';
import { YAML_OPTIONS, parseManifests } from '../validation/input/parse-manifests';

/** Options of `migrate`. */
export interface MigrateCommandOptions {
  /** The target: `v3alpha1` (the API version), or `gateway-api`. */
  readonly to: string;
  /** gateway-api: the Gateway the HTTPRoutes attach to, as `namespace/name` or `name`. @default - see `GatewayApiMigrationOptions.gateway` */
  readonly gateway?: string;
  /** gateway-api: the GatewayClass of the Gateway written for the client certificate. @default - none */
  readonly gatewayClass?: string;
  /** gateway-api: the ConfigMap (key `ca.crt`) with the upstreams' CA. @default - none */
  readonly caConfigMap?: string;
  /** Rewrite the files in place (never standard input, never through a symbolic link). */
  readonly write: boolean;
  /** The Emissary release the rules run on the result follow. @default "3.10" */
  readonly emissaryVersion?: string;
}

/**
 * `migrate --to v3alpha1`: converts the getambassador.io/v2 documents it can convert faithfully
 * and refuses the rest, naming the field. Prints a unified diff (the migrated YAML for `-`), or
 * with `write` rewrites the files, and only when nothing was refused and every file can be
 * written. Then runs the check's rules on the result and says what they find. Exit 0, 1 when a
 * document was refused, 2 when an input cannot be read (nothing is written then).
 */
export function runMigrate(read: ReadInputs, options: MigrateCommandOptions): CommandResult {
  if (options.to !== 'v3alpha1' && options.to !== 'gateway-api') throw new InputError(`--to ${options.to}: the targets are v3alpha1 and gateway-api`);
  const gatewayApi = options.to === 'gateway-api' ? gatewayApiOptions(options) : undefined;
  if (!gatewayApi && (options.gateway ?? options.gatewayClass ?? options.caConfigMap) !== undefined) {
    throw new InputError('--gateway, --gateway-class and --ca-config-map are options of --to gateway-api');
  }
  if (options.write && read.inputs.some((i) => i.file === STDIN)) throw new InputError('--write rewrites files: it cannot take standard input (-)');
  const unreadable = read.problems.map((p) => `${p.file}: ${p.message}. Fix: ${p.fix}`);
  const schemas = CrdSchemas.bundled();
  const results: Array<{ file: string; text: string; bom: boolean; migrated: MigratedText }> = [];
  for (const input of read.inputs) {
    const decoded = decodeText(input.bytes);
    if (!decoded.ok) {
      unreadable.push(`${input.file}:${decoded.line}:${decoded.column}: ${decoded.message}. Fix: ${decoded.fix}`);
      continue;
    }
    if (decoded.encoding !== 'utf-8' && options.write) {
      unreadable.push(`${input.file}: is ${decoded.encoding.toUpperCase()}, which --write would not write back as it was. Fix: save it as UTF-8 first`);
      continue;
    }
    try {
      const migrated = gatewayApi ? parseOnly(decoded.text) : migrateText(decoded.text, { validate: (doc) => schemas.errors(doc) ?? [] });
      results.push({ file: input.file, text: decoded.text, bom: input.bytes[0] === 0xef, migrated });
    } catch (e) {
      unreadable.push(`${input.file}: is not YAML (${(e as Error).message.split('\n')[0]})`);
    }
  }
  if (gatewayApi && unreadable.length === 0) {
    // Across every file: a Mapping's TLSContext may be in another one.
    const files = results.map((r) => ({ file: r.file, text: r.text }));
    const all = migrateToGatewayApi(files, { ...gatewayApi, validate: (doc) => schemas.errors(doc) ?? [] });
    results.forEach((r, i) => {
      r.migrated = {
        text: all.texts[i],
        converted: 0,
        refused: all.refused.filter((x) => x.file === r.file).map(({ index, resource, refusals }) => ({ index, resource, refusals })),
        notes: all.notes.filter((x) => x.file === r.file).map(({ index, resource, note }) => ({ index, resource, note })),
      };
    });
    if (results.length > 0) results[0].migrated = { ...results[0].migrated, converted: all.converted };
  }
  if (unreadable.length > 0) return { stdout: '', stderr: `${unreadable.map((u) => `cdk8s-ambassador-mtls: ${u}`).join('\n')}\nnothing migrated: fix the unreadable input first\n`, exitCode: 2 };

  const stderr: string[] = [];
  let refused = 0;
  let converted = 0;
  for (const { file, migrated } of results) {
    converted += migrated.converted;
    for (const r of migrated.refused) {
      refused++;
      for (const refusal of r.refusals) stderr.push(`${file}#${r.index} ${r.resource}: not migrated: ${refusal.field} ${refusal.reason}. Fix: ${refusal.fix}`);
    }
    for (const n of migrated.notes) stderr.push(`${file}#${n.index} ${n.resource}: note: ${n.note}`);
  }
  const changed = results.filter((r) => r.migrated.text !== r.text);
  let stdout = '';
  let written = '';
  if (options.write) {
    if (refused === 0) {
      const failed: string[] = [];
      for (const r of changed) {
        try {
          writeInPlace(r.file, (r.bom ? '\uFEFF' : '') + r.migrated.text);
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          failed.push(`${r.file}: not written (${code === 'ELOOP' ? 'a symbolic link: migrate --write never writes through one; migrate its target' : code ?? (e as Error).message})`);
        }
      }
      if (failed.length > 0) return { stdout: '', stderr: `${[...stderr, ...failed].join('\n')}\n`, exitCode: 2 };
      written = ': written';
    } else {
      written = ': nothing written, fix the refused documents first';
    }
  } else {
    for (const r of results) {
      stdout += r.file === STDIN ? r.migrated.text : r.migrated.text === r.text ? '' : createTwoFilesPatch(r.file, r.file, r.text, r.migrated.text, gatewayApi ? 'getambassador.io' : 'getambassador.io/v2', gatewayApi ? 'gateway.networking.k8s.io/v1' : 'getambassador.io/v3alpha1');
    }
  }
  // What the check would say about the result: a migrated Mapping keeps the problems it had.
  const docs = changed.flatMap((r) => parseManifests(r.migrated.text, r.file, { requireObjects: false }).documents);
  const others = results.filter((r) => !changed.includes(r)).flatMap((r) => parseManifests(r.text, r.file, { requireObjects: false }).documents);
  const findings = docs.length === 0 ? [] : checkManifests([...docs, ...others], schemas, { emissaryVersion: options.emissaryVersion }).findings
    .filter((f) => changed.some((r) => r.file === f.file) && f.rule !== 'input');
  for (const f of findings) stderr.push(`${locationOf(f)} after migration: ${f.severity} [${f.rule}] ${f.resource}: ${f.message}. Fix: ${f.fix}`);
  stderr.push(`${converted} document(s) converted to ${gatewayApi ? 'Gateway API objects' : 'v3alpha1'} in ${changed.length} file(s)${refused > 0 ? `, ${refused} refused` : ''}`
    + `${findings.length > 0 ? `; the check finds ${findings.length} problem(s) in the result (above)` : ''}${written}`);
  return { stdout, stderr: `${stderr.join('\n')}\n`, exitCode: refused > 0 ? 1 : 0 };
}

/** The gateway-api options, checked: names the API server accepts. */
function gatewayApiOptions(options: MigrateCommandOptions): GatewayApiMigrationOptions {
  const name = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
  let gateway: GatewayApiMigrationOptions['gateway'];
  if (options.gateway !== undefined) {
    const [first, second, ...rest] = options.gateway.split('/');
    const [ns, gw] = second === undefined ? [undefined, first] : [first, second];
    if (rest.length > 0 || !name.test(gw) || (ns !== undefined && !name.test(ns))) {
      throw new InputError(`--gateway ${options.gateway}: is not NAMESPACE/NAME or NAME (lowercase letters, digits and "-")`);
    }
    gateway = { name: gw, ...(ns !== undefined && { namespace: ns }) };
  }
  for (const [flag, value] of [['--gateway-class', options.gatewayClass], ['--ca-config-map', options.caConfigMap]] as const) {
    if (value !== undefined && !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(value)) throw new InputError(`${flag} ${value}: is not a Kubernetes name`);
  }
  return { gateway, gatewayClassName: options.gatewayClass, caConfigMap: options.caConfigMap };
}

/** Throws on text that is not YAML (the gateway-api migration reads every file first). */
function parseOnly(text: string): MigratedText {
  for (const doc of parseAllDocuments(text, YAML_OPTIONS)) if (doc.errors.length > 0) throw new Error(doc.errors[0].message);
  return { text, converted: 0, refused: [], notes: [] };
}
