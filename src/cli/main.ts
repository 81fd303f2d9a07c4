#!/usr/bin/env node
/**
 * `cdk8s-ambassador-mtls`: the library's checks and the v2 to v3alpha1 migration for YAML
 * written by hand or rendered by Helm, no cdk8s needed.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { CHECK_FORMATS, CommandResult, runCheck } from './check-command';
import { runMigrate } from './migrate-command';
import { InputError, readInputs } from './read-inputs';
import { CHECK_RULES } from './report/check-report';
import { EmissaryRelease } from '../validation/emissary-release';

const NAME = 'cdk8s-ambassador-mtls';
const collect = (value: string, previous: string[]) => [...previous, value];
const RULES = CHECK_RULES.map((r) => `  ${r.id}${r.severity === 'warning' ? ' (warning)' : ''}: ${r.summary}`).join('\n');

/** This package's version, from its package.json (found from this file, compiled or not). */
export function toolVersion(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (!fs.existsSync(file)) continue;
    const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (pkg.name === NAME) return String(pkg.version);
  }
  return 'unknown';
}

/** Builds the command line; `run` gets each command's result. */
export function program(run: (result: CommandResult) => void, readStdin: () => Buffer | string = () => fs.readFileSync(0)): Command {
  const cli = new Command(NAME)
    .description('Check Ambassador / Emissary mTLS manifests, and migrate getambassador.io/v2 to v3alpha1 or to the Gateway API')
    .version(toolVersion(), '-V, --version', 'print the version')
    // A usage error says what is wrong and where help is, in two lines: the whole help would scroll it away.
    .showHelpAfterError(`(${NAME} --help, or ${NAME} <command> --help, lists the options)`)
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) });
  const versionOption = () => new Option('--emissary-version <major.minor>', 'the Emissary (or Edge Stack) release the rules follow, 1.14 to 4.x').default(EmissaryRelease.DEFAULT.toString())
    .argParser((value) => {
      try {
        return EmissaryRelease.parse(value).toString();
      } catch (e) {
        throw new InvalidArgumentError((e as Error).message);
      }
    });
  cli.command('check')
    .summary('validate manifests against the CRD schemas and the mTLS rules')
    .description(`validate manifests against the CRD schemas (unknown fields rejected), the names the API server accepts, and the mTLS rules:\n${RULES}\n\n`
      + 'Exit 0 clean (warnings allowed), 1 errors, 2 unreadable input (reported, with every other file still checked)')
    .argument('<paths...>', 'YAML files, folders (searched for .yaml/.yml), or - for standard input (a kustomize build)')
    .addOption(new Option('--format <format>', 'output format: text, json, sarif (SARIF 2.1.0, for code scanning) or github (Actions annotations)').choices(CHECK_FORMATS).default('text'))
    .addOption(versionOption())
    .option('--external-tls-context <name>', 'a TLSContext that exists in the cluster but not in the input (repeatable)', collect, [])
    .option('--external-resolver <name>', 'a resolver that exists in the cluster but not in the input (repeatable)', collect, [])
    .option('--crds <file>', 'a CRD file for kinds or versions the package does not ship (repeatable)', collect, [])
    .addOption(new Option('--fail-on <severity>', 'the least severity that fails the check (exit 1)').choices(['error', 'warning']).default('error'))
    .action((paths: string[], opts) => run(guard(() => runCheck(readInputs(paths, readStdin), {
      format: opts.format,
      externalTlsContexts: opts.externalTlsContext,
      externalResolvers: opts.externalResolver,
      crds: opts.crds,
      emissaryVersion: opts.emissaryVersion,
      failOn: opts.failOn,
      toolVersion: toolVersion(),
    }))));
  cli.command('migrate')
    .summary('rewrite getambassador.io/v2 resources as v3alpha1, or Mappings and TLSContexts as Gateway API objects')
    .description('--to v3alpha1: rewrite getambassador.io/v2 Mappings, TLSContexts, Hosts and resolvers as v3alpha1, as Emissary\'s conversion\n'
      + 'webhook does. --to gateway-api: rewrite Mappings and TLSContexts (v2 and v3alpha1) as HTTPRoutes, BackendTLSPolicies,\n'
      + 'ReferenceGrants and the Gateway carrying the client certificate (Gateway API v1.5). Either way, refuse, naming the field,\n'
      + 'what would change meaning or weaken security. Edits only what changes: every other byte stays. Prints a diff (the YAML\n'
      + 'for -); --write rewrites the files (never through a symbolic link). Then checks the result (schemas, CEL rules, rules).\n'
      + 'Exit 0 done, 1 something refused, 2 unreadable input')
    .argument('<paths...>', 'YAML files, folders (searched for .yaml/.yml), or - for standard input')
    .addOption(new Option('--to <target>', 'the target: the API version v3alpha1, or gateway-api').choices(['v3alpha1', 'gateway-api']).default('v3alpha1'))
    .addOption(versionOption())
    .option('--gateway <namespace/name>', 'gateway-api: the Gateway the HTTPRoutes attach to (default: edge, in the namespace of the client certificate\'s TLSContext)')
    .option('--gateway-class <name>', 'gateway-api: the GatewayClass of the Gateway written for the client certificate')
    .option('--ca-config-map <name>', 'gateway-api: the ConfigMap (key ca.crt) in each upstream\'s namespace with the CA that verifies it')
    .option('--write', 'rewrite the files in place (only when nothing is refused)', false)
    .action((paths: string[], opts) => run(guard(() => runMigrate(readInputs(paths, readStdin), {
      to: opts.to,
      write: opts.write,
      emissaryVersion: opts.emissaryVersion,
      gateway: opts.gateway,
      gatewayClass: opts.gatewayClass,
      caConfigMap: opts.caConfigMap,
    }))));
  return cli;
}

/** Unreadable input: exit 2 with the reason. */
function guard(command: () => CommandResult): CommandResult {
  try {
    return command();
  } catch (e) {
    if (e instanceof InputError) return { stdout: '', stderr: `${NAME}: ${e.message}\n`, exitCode: 2 };
    throw e;
  }
}

/**
 * Runs the command line with `argv` (without node and the script); returns the exit code.
 * @param readStdin what `-` reads (default: the process's standard input, as bytes)
 */
export function main(argv: string[], readStdin?: () => Buffer | string): number {
  let code = 0;
  try {
    program((result) => {
      process.stdout.write(result.stdout);
      process.stderr.write(result.stderr);
      code = result.exitCode;
    }, readStdin).parse(argv, { from: 'user' });
  } catch (e) {
    // commander's usage errors, --help and --version (it printed them) carry an exit code;
    // anything else is ours, and said: never a silent exit.
    const exitCode = (e as { exitCode?: unknown }).exitCode;
    if (typeof exitCode === 'number') return exitCode === 0 ? 0 : 2;
    process.stderr.write(`${NAME}: ${(e as Error)?.message ?? String(e)}\n`);
    return 2;
  }
  return code;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
