import { InputError, ReadInputs } from './read-inputs';
import { CheckReport } from './report/check-report';
import { githubReport } from './report/github-report';
import { jsonReport } from './report/json-report';
import { sarifReport } from './report/sarif-report';
import { textReport } from './report/text-report';
import { checkManifests, ManifestFinding } from '../validation/check-manifests';
import { CrdSchemas } from '../validation/crd-schemas';
import { parseManifests } from '../validation/input/parse-manifests';
import { ManifestDocument } from '../validation/rules';

/** The output formats of `check`. */
export const CHECK_FORMATS = ['text', 'json', 'sarif', 'github'] as const;

/** Options of `check`. */
export interface CheckOptions {
  /** `text` (one line per problem), `json`, `sarif` (SARIF 2.1.0) or `github` (Actions annotations). */
  readonly format: typeof CHECK_FORMATS[number];
  /** TLSContexts that exist in the cluster but not in the input. */
  readonly externalTlsContexts: string[];
  /** Resolvers that exist in the cluster but not in the input. */
  readonly externalResolvers: string[];
  /** Extra CRD files, for kinds or versions the package does not ship. */
  readonly crds: string[];
  /** The Emissary release the rules follow (`3.10`). */
  readonly emissaryVersion?: string;
  /** `warning`: warnings fail the check too (exit 1). @default 'error' */
  readonly failOn?: 'error' | 'warning';
  /** This tool's version, for the reports. */
  readonly toolVersion: string;
}

/** What a command prints, and its exit code. */
export interface CommandResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/**
 * `check`: every document of the inputs through the same checks as the validation plugin
 * (`checkManifests`). Exit 0 when clean (warnings allowed), 1 with errors, 2 when some input
 * cannot be read: that input is reported, and every other file is still checked.
 */
export function runCheck(read: ReadInputs, options: CheckOptions): CommandResult {
  let schemas = CrdSchemas.bundled();
  if (options.crds.length > 0) {
    try {
      schemas = schemas.with(CrdSchemas.fromFiles(options.crds, '--crds file'));
    } catch (e) {
      throw new InputError((e as Error).message);
    }
  }
  const docs: ManifestDocument[] = [];
  const unreadable: ManifestFinding[] = read.problems.map((p) => inputFinding(p));
  for (const input of read.inputs) {
    const parsed = parseManifests(input.bytes, input.file, { requireObjects: input.named });
    docs.push(...parsed.documents);
    unreadable.push(...parsed.problems.map(inputFinding));
  }
  if (docs.length === 0 && unreadable.length === 0) {
    unreadable.push(inputFinding({ file: read.inputs[0]?.file ?? '-', message: 'holds no Kubernetes object', fix: 'give manifests (a failed `kustomize build` upstream leaves the input empty)' }));
  }
  let result;
  try {
    const { externalTlsContexts, externalResolvers, emissaryVersion } = options;
    result = checkManifests(docs, schemas, { externalTlsContexts, externalResolvers, emissaryVersion });
  } catch (e) {
    throw new InputError((e as Error).message.replace(/^checkManifests\(\): options\./, '--'));
  }
  const report: CheckReport = {
    ...result,
    // In reading order: unreadable input first, then by file, line and column (rule order within one place).
    findings: [...unreadable, ...[...result.findings].sort(inReadingOrder)],
    files: read.inputs.map((i) => i.file),
    skippedFiles: read.skipped,
    toolVersion: options.toolVersion,
  };
  const fails = report.findings.some((f) => f.severity === 'error' || options.failOn === 'warning');
  const exitCode = unreadable.length > 0 ? 2 : fails ? 1 : 0;
  const render = { text: textReport, json: jsonReport, sarif: (r: CheckReport) => sarifReport(r), github: githubReport }[options.format];
  return { stdout: render(report), stderr: '', exitCode };
}

const inReadingOrder = (a: ManifestFinding, b: ManifestFinding) =>
  (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);

function inputFinding(p: { file: string; line?: number; column?: number; message: string; fix: string }): ManifestFinding {
  return { rule: 'input', severity: 'error', resource: '-', file: p.file, ...(p.line !== undefined && { line: p.line, column: p.column }), message: p.message, fix: p.fix };
}
