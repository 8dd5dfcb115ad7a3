import { relative } from 'node:path';
import type { ReportedFile } from './file-report.js';
import { linesOf } from './file-report.js';
import { resolveFinding } from './findings.js';

/** The documented, stable JSON shape (README "JSON output"): fields may be added, never renamed. */
export function jsonReport(files: readonly ReportedFile[]): string {
  return `${JSON.stringify({ files: files.map(jsonFile) }, null, 2)}\n`;
}

function jsonFile(file: ReportedFile): Record<string, unknown> {
  const findings = file.report.findings.map((f) => resolveFinding(linesOf(file), f));
  if (file.type === 'script') {
    const { report } = file;
    return {
      path: file.path,
      type: 'script',
      shell: report.script.dialect,
      runShell: { name: report.script.shell.name, source: report.script.shell.source },
      launcher: report.launcher,
      status: report.status,
      processes: report.processes,
      findings,
    };
  }
  if (file.type === 'manifest') {
    const { report } = file;
    return {
      path: file.path,
      type: 'manifest',
      kind: report.kind,
      status: report.status,
      containers: report.containers,
      findings,
    };
  }
  const { report } = file;
  return {
    path: file.path,
    type: 'dockerfile',
    status: report.status,
    baseImage: report.baseImage ?? null,
    packageManager: report.packageManager,
    entrypoint: report.entrypoint ?? null,
    cmd: report.cmd ?? null,
    init: report.init ?? null,
    scripts: report.scripts.map((s) => ({
      path: relative(process.cwd(), s.file).split('\\').join('/'),
      imagePath: s.imagePath,
      line: s.line,
      launcher: s.report?.launcher ?? null,
      status: s.report?.status ?? null,
      runShell: s.report?.script.shell.name ?? null,
    })),
    findings,
  };
}
