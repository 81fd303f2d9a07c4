import * as path from 'path';
import { pathToFileURL } from 'url';
import { CheckReport, CHECK_RULES, sentence } from './check-report';
import { STDIN } from '../read-inputs';

const HOMEPAGE = 'https://github.com/cdk8s-ambassador-mtls/cdk8s-ambassador-mtls#readme';

/**
 * The report as a SARIF 2.1.0 log (OASIS), for code-scanning uploads (GitHub's
 * `upload-sarif`): one run, every rule described, each finding a result at its file, line and
 * column, relative to the directory `check` ran in (`%SRCROOT%`).
 */
export function sarifReport(report: CheckReport, cwd = process.cwd()): string {
  const ruleIndex = new Map(CHECK_RULES.map((r, i) => [r.id, i]));
  const uriOf = (file: string) => {
    const relative = path.relative(cwd, path.resolve(cwd, file));
    // A URI reference (SARIF 3.10.2, RFC 3986): each segment percent-encoded, or a "#" or a space in a file name would end the path.
    return relative.startsWith('..') || path.isAbsolute(relative) ? { uri: pathToFileURL(path.resolve(cwd, file)).href }
      : { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: 'SRCROOT' };
  };
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'cdk8s-ambassador-mtls',
          version: report.toolVersion,
          informationUri: HOMEPAGE,
          rules: CHECK_RULES.map((r) => ({ id: r.id, shortDescription: { text: r.summary }, defaultConfiguration: { level: r.severity } })),
        },
      },
      originalUriBaseIds: { SRCROOT: { uri: `${pathToFileURL(cwd).href.replace(/\/?$/, '/')}` } },
      results: report.findings.map((f) => ({
        ruleId: f.rule,
        ...(ruleIndex.has(f.rule) && { ruleIndex: ruleIndex.get(f.rule) }),
        level: f.severity,
        message: { text: `${f.resource === '-' ? '' : `${f.resource}: `}${sentence(f.message)} Fix: ${f.fix}` },
        locations: [{
          physicalLocation: {
            artifactLocation: f.file === STDIN ? { uri: 'stdin' } : uriOf(f.file),
            ...(f.line !== undefined && { region: { startLine: f.line, startColumn: f.column ?? 1 } }),
          },
          ...(f.resource !== '-' && { logicalLocations: [{ fullyQualifiedName: f.resource, kind: 'resource' }] }),
        }],
      })),
    }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
