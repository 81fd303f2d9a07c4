import { CheckReport, countsOf, locationOf, sentence } from './check-report';

/** GitHub Actions' escaping of a workflow command's message (`%`, CR, LF). */
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
/** ... and of a property (also `:` and `,`). */
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/**
 * The report as GitHub Actions workflow commands: one `::error` or `::warning` annotation per
 * finding, at its file, line and column, then a plain summary line.
 */
export function githubReport(report: CheckReport): string {
  const lines = report.findings.map((f) => {
    const properties = [`file=${escapeProperty(f.file)}`, ...(f.line !== undefined ? [`line=${f.line}`, `col=${f.column ?? 1}`] : []),
      `title=${escapeProperty(`[${f.rule}]${f.resource === '-' ? '' : ` ${f.resource}`}`)}`];
    return `::${f.severity} ${properties.join(',')}::${escapeData(`${sentence(f.message)} Fix: ${f.fix}`)}`;
  });
  const { errors, warnings, unreadable } = countsOf(report.findings);
  lines.push(`cdk8s-ambassador-mtls check: ${unreadable} unreadable input(s), ${errors} error(s), ${warnings} warning(s) in ${report.objects} object(s)`
    + (report.findings.length > 0 ? ` (first at ${locationOf(report.findings[0])})` : ''));
  return `${lines.join('\n')}\n`;
}
