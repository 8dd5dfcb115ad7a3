import type { Severity } from '../core/model.js';
import { linesOf, type ReportedFile } from './file-report.js';
import { resolveFinding } from './findings.js';
import { reportPath } from './sarif.js';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/**
 * GitHub Actions workflow commands, one line per finding, which the runner turns into annotations on the pull
 * request: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=EW101::message`. Paths are relative to the
 * current directory (run it from the repository root); columns are UTF-16 and the end column exclusive, as
 * everywhere in execwrap.
 */
export function githubReport(files: readonly ReportedFile[]): string {
  const out: string[] = [];
  for (const file of files) {
    const path = reportPath(file.path);
    for (const finding of file.report.findings) {
      const f = resolveFinding(linesOf(file), finding);
      const properties = [
        ['file', path],
        ['line', f.line],
        ['col', f.column],
        ['endLine', f.endLine],
        ['endColumn', f.endColumn],
        ['title', f.rule],
      ] as const;
      const props = properties.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(',');
      out.push(`::${COMMAND[f.severity]} ${props}::${escapeData(f.message)}`);
    }
  }
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}

/** The message of a workflow command, escaped as @actions/core does: `%`, CR and LF. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value: the message escapes plus `:` and `,`, which would end the value. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
