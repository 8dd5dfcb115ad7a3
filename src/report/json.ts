import type { ScriptReport } from '../analyze/index.js';
import { resolveFinding } from './findings.js';

/** The documented, stable JSON shape (README "JSON output"): fields may be added, never renamed. */
export function jsonReport(reports: readonly { path: string; report: ScriptReport }[]): string {
  const files = reports.map(({ path, report }) => ({
    path,
    type: 'script' as const,
    shell: report.script.dialect,
    launcher: report.launcher,
    status: report.status,
    processes: report.processes,
    findings: report.findings.map((f) => resolveFinding(report, f)),
  }));
  return `${JSON.stringify({ files }, null, 2)}\n`;
}
