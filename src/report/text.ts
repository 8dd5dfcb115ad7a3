import { styleText } from 'node:util';
import type { ScriptReport } from '../analyze/index.js';
import { resolveFinding } from './findings.js';

export interface TextOptions {
  color: boolean;
}

type Style = Parameters<typeof styleText>[0];

/** Human-readable report: a heading per file, then one line per finding, then a summary. */
export function textReport(reports: readonly { path: string; report: ScriptReport }[], options: TextOptions): string {
  const paint = (style: Style, text: string) => (options.color ? styleText(style, text) : text);
  const severityStyle = { error: 'red', warning: 'yellow', info: 'blue' } as const;
  const statusStyle = { ok: 'green', fixable: 'yellow', unfixable: 'red' } as const;
  const out: string[] = [];
  for (const { path, report } of reports) {
    out.push(`${paint('bold', path)}  ${report.script.dialect}, ${report.launcher} launcher, ${paint(statusStyle[report.status], report.status)}`);
    for (const finding of report.findings) {
      const f = resolveFinding(report, finding);
      const where = `${f.line}:${f.column}`.padEnd(7);
      const hint = f.fixable ? paint('dim', ' (fix: execwrap fix --write)') : '';
      out.push(`  ${where} ${paint(severityStyle[f.severity], f.severity.padEnd(7))} ${f.message}  ${paint('dim', f.rule)}${hint}`);
    }
  }
  const count = (status: string) => reports.filter((r) => r.report.status === status).length;
  out.push('');
  out.push(`${reports.length} file(s): ${count('ok')} ok, ${count('fixable')} fixable, ${count('unfixable')} unfixable`);
  return `${out.join('\n')}\n`;
}
