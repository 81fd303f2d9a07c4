#!/usr/bin/env node
/**
 * `cdk8s-ambassador-mtls`: the library's checks and the v2 to v3alpha1 migration for YAML
 * written by hand or rendered by Helm, no cdk8s needed.
 */
import * as fs from 'fs';
import { Command, Option } from 'commander';
import { CommandResult, runCheck } from './check-command';
import { runMigrate } from './migrate-command';
import { InputError, readInputs } from './read-inputs';
import { MTLS_RULES } from '../validation/rules';

const collect = (value: string, previous: string[]) => [...previous, value];
const RULES = [
  '  crd-schema: the schema of the object\'s apiVersion and kind (getambassador.io, security.istio.io, cert-manager.io, consul.hashicorp.com)',
  '  object-name: metadata.name and metadata.namespace are names the API server accepts',
  ...MTLS_RULES.map((r) => `  ${r.id}: ${r.summary}`),
].join('\n');

/** Builds the command line; `run` gets each command's result. */
export function program(run: (result: CommandResult) => void, readStdin: () => string = () => fs.readFileSync(0, 'utf8')): Command {
  const cli = new Command('cdk8s-ambassador-mtls')
    .description('Check Ambassador / Emissary mTLS manifests, and migrate getambassador.io/v2 to v3alpha1')
    .showHelpAfterError()
    .exitOverride();
  cli.command('check')
    .summary('validate manifests against the CRD schemas and the mTLS rules')
    .description(`validate manifests against the CRD schemas (unknown fields rejected), the names the API server accepts, and the mTLS rules:\n${RULES}\n\nExit 0 clean, 1 problems, 2 unreadable input`)
    .argument('<paths...>', 'YAML files, folders (searched for .yaml/.yml), or - for standard input (a kustomize build)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--external-tls-context <name>', 'a TLSContext that exists in the cluster but not in the input (repeatable)', collect, [])
    .option('--external-resolver <name>', 'a resolver that exists in the cluster but not in the input (repeatable)', collect, [])
    .option('--crds <file>', 'a CRD file for kinds or versions the package does not ship (repeatable)', collect, [])
    .action((paths: string[], opts) => run(guard(() => runCheck(readInputs(paths, readStdin), {
      format: opts.format, externalTlsContexts: opts.externalTlsContext, externalResolvers: opts.externalResolver, crds: opts.crds,
    }))));
  cli.command('migrate')
    .summary('rewrite getambassador.io/v2 resources as v3alpha1')
    .description('rewrite getambassador.io/v2 Mappings, TLSContexts, Hosts and resolvers as v3alpha1, as Emissary\'s conversion webhook does;\n'
      + 'refuse, naming the field, what would change meaning. Prints a diff (the YAML for -); --write rewrites the files.\nExit 0 done, 1 something refused, 2 unreadable input')
    .argument('<paths...>', 'YAML files, folders (searched for .yaml/.yml), or - for standard input')
    .requiredOption('--to <version>', 'the target API version: v3alpha1')
    .option('--write', 'rewrite the files in place (only when nothing is refused)', false)
    .action((paths: string[], opts) => run(guard(() => runMigrate(readInputs(paths, readStdin), { to: opts.to, write: opts.write }))));
  return cli;
}

/** Unreadable input: exit 2 with the reason. */
function guard(command: () => CommandResult): CommandResult {
  try {
    return command();
  } catch (e) {
    if (e instanceof InputError) return { stdout: '', stderr: `cdk8s-ambassador-mtls: ${e.message}\n`, exitCode: 2 };
    throw e;
  }
}

/**
 * Runs the command line with `argv` (without node and the script); returns the exit code.
 * @param readStdin what `-` reads (default: the process's standard input)
 */
export function main(argv: string[], readStdin?: () => string): number {
  let code = 0;
  try {
    program((result) => {
      process.stdout.write(result.stdout);
      process.stderr.write(result.stderr);
      code = result.exitCode;
    }, readStdin).parse(argv, { from: 'user' });
  } catch (e) {
    // commander's usage errors and --help (it printed them) carry an exit code; anything else is
    // ours, and said: never a silent exit.
    const exitCode = (e as { exitCode?: unknown }).exitCode;
    if (typeof exitCode === 'number') return exitCode === 0 ? 0 : 2;
    process.stderr.write(`cdk8s-ambassador-mtls: ${(e as Error)?.message ?? String(e)}\n`);
    return 2;
  }
  return code;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
