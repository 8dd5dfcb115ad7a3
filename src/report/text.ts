import { styleText } from 'node:util';
import type { ManifestReport } from '../manifest/analyze-manifest.js';
import { linesOf, type ReportedFile } from './file-report.js';
import { resolveFinding } from './findings.js';

export interface TextOptions {
  color: boolean;
}

type Style = Parameters<typeof styleText>[0];

const FIX_HINT = {
  safe: ' (fix: execwrap fix --write)',
  unsafe: ' (unsafe fix, may change more than the stop: execwrap fix --unsafe-fixes --write)',
} as const;

/** `Kubernetes manifest (3 containers)`, `Compose file (2 services)`. */
function manifestHeading(report: ManifestReport): string {
  const n = report.containers.length;
  return report.kind === 'compose' ? `Compose file (${n} service${n === 1 ? '' : 's'})` : `Kubernetes manifest (${n} container${n === 1 ? '' : 's'})`;
}

/** Human-readable report: a heading per file, then one line per finding, then a summary. */
export function textReport(files: readonly ReportedFile[], options: TextOptions): string {
  const paint = (style: Style, text: string) => (options.color ? styleText(style, text) : text);
  const severityStyle = { error: 'red', warning: 'yellow', info: 'blue' } as const;
  const statusStyle = { ok: 'green', fixable: 'yellow', unfixable: 'red' } as const;
  const out: string[] = [];
  for (const file of files) {
    const status = paint(statusStyle[file.report.status], file.report.status);
    const what =
      file.type === 'script'
        ? `${file.report.script.dialect}, ${file.report.launcher} launcher`
        : file.type === 'manifest'
          ? manifestHeading(file.report)
          : `Dockerfile${file.report.baseImage ? ` (${file.report.baseImage})` : ''}`;
    out.push(`${paint('bold', file.path)}  ${what}, ${status}`);
    for (const finding of file.report.findings) {
      const f = resolveFinding(linesOf(file), finding);
      const where = `${f.line}:${f.column}`.padEnd(7);
      const hint = f.fixApplicability ? paint('dim', FIX_HINT[f.fixApplicability]) : '';
      out.push(`  ${where} ${paint(severityStyle[f.severity], f.severity.padEnd(7))} ${f.message}  ${paint('dim', f.rule)}${hint}`);
    }
  }
  const count = (status: string) => files.filter((f) => f.report.status === status).length;
  out.push('');
  out.push(`${files.length} file(s): ${count('ok')} ok, ${count('fixable')} fixable, ${count('unfixable')} unfixable`);
  return `${out.join('\n')}\n`;
}
