import { CheckReport, countsOf } from './check-report';

/**
 * The report as JSON: `{ problems, files, objects, schemaChecked, skippedKinds, skippedFiles,
 * emissaryVersion, summary: { errors, warnings, unreadable }, tool }`, each problem with `rule`,
 * `severity`, `resource`, `file`, `index`, `line`, `column`, `field`, `ambassadorIds`, `message`,
 * `fix` (and `details` for schema problems). Unreadable input is a problem of rule `input`.
 */
export function jsonReport(report: CheckReport): string {
  return `${JSON.stringify({
    problems: report.findings,
    files: report.files,
    objects: report.objects,
    schemaChecked: report.schemaChecked,
    skippedKinds: report.otherKinds,
    skippedFiles: report.skippedFiles,
    emissaryVersion: report.emissaryVersion,
    summary: countsOf(report.findings),
    tool: { name: 'cdk8s-ambassador-mtls', version: report.toolVersion },
  }, null, 2)}\n`;
}
