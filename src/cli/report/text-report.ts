import { CheckReport, countsOf, locationOf, sentence } from './check-report';
import { ManifestFinding } from '../../validation/check-manifests';

/**
 * One line per finding, grouped by the Ambassador ids that read the object (unreadable input
 * first), then a summary: `file:line:column severity [rule] Kind/ns/name: message. Fix: fix`.
 */
export function textReport(report: CheckReport): string {
  const groups = new Map<string, ManifestFinding[]>();
  for (const f of report.findings) {
    const group = f.rule === 'input' ? 'unreadable input (exit 2)' : f.ambassadorIds ? `Ambassador ${f.ambassadorIds.join(', ')}` : 'other objects';
    groups.set(group, [...(groups.get(group) ?? []), f]);
  }
  const lines: string[] = [];
  for (const [group, findings] of groups) {
    lines.push(`${group}:`);
    for (const f of findings) lines.push(`  ${locationOf(f)} ${f.severity} [${f.rule}]${f.resource === '-' ? '' : ` ${f.resource}:`} ${sentence(f.message)} Fix: ${f.fix}`);
  }
  const { errors, warnings, unreadable } = countsOf(report.findings);
  const skipped = Object.entries(report.otherKinds).map(([kind, n]) => `${kind} x${n}`).join(', ');
  const verdict = unreadable > 0 ? `${unreadable} unreadable input(s), ${errors} error(s), ${warnings} warning(s)`
    : errors + warnings === 0 ? 'ok' : `${errors} error(s), ${warnings} warning(s)`;
  lines.push(`${verdict}: ${report.objects} object(s) read from ${report.files.length} file(s), ${report.schemaChecked} checked against CRD schemas, rules of Emissary ${report.emissaryVersion}`
    + `${skipped ? `; other kinds, read by the rules only: ${skipped}` : ''}${report.skippedFiles.length > 0 ? `; ${report.skippedFiles.length} tool file(s) skipped (kustomization, Helm Chart)` : ''}`);
  return `${lines.join('\n')}\n`;
}
