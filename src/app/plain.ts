/**
 * Reports as plain data, for a worker thread to send back (pool.ts): only what reporters read (ReportedFile), no
 * source texts or fix renderers; `revive*` gives the line index its class back on the main thread. Output made from
 * a plain report is byte for byte the output made from the report itself (test/cli/jobs.test.ts).
 */
import type { ScriptReport } from '../shell/analyze-script.js';
import type { Finding, Fix } from '../core/model.js';
import type { DockerfileReport } from '../dockerfile/analyze-dockerfile.js';
import { LineIndex } from '../core/source.js';
import type { CheckedFile, ReportedDockerfile, ReportedFile, ReportedScript } from '../report/file-report.js';

/**
 * Findings with their fixes' edits worked out (a wrapper fix renders its text when first read), or, when no
 * reporter will read them (`withEdits` false: only SARIF does), with none: a fix's presence and applicability is all
 * the other reporters show.
 */
function plainFindings(findings: readonly Finding[], withEdits: boolean): Finding[] {
  return findings.map((finding) => {
    if (!finding.fix) return finding;
    const { applicability, files } = finding.fix;
    const fix: Fix = { edits: withEdits ? finding.fix.edits : [], ...(applicability ? { applicability } : {}), ...(files ? { files } : {}) };
    return { ...finding, fix };
  });
}

export function plainScript(report: ScriptReport | ReportedScript, withEdits: boolean): ReportedScript {
  const { launcher, status, processes, script } = report;
  return { launcher, status, processes, findings: plainFindings(report.findings, withEdits), script: { dialect: script.dialect, shell: script.shell, lines: script.lines } };
}

export function plainDockerfile(report: DockerfileReport | ReportedDockerfile, withEdits: boolean): ReportedDockerfile {
  const { lines, status, baseImage, packageManager, entrypoint, cmd, init, context } = report;
  return {
    lines,
    findings: plainFindings(report.findings, withEdits),
    status,
    ...(baseImage !== undefined ? { baseImage } : {}),
    packageManager,
    ...(entrypoint !== undefined ? { entrypoint } : {}),
    ...(cmd !== undefined ? { cmd } : {}),
    ...(init !== undefined ? { init } : {}),
    context,
    scripts: report.scripts.map(({ report: scriptReport, ...script }) => ({ ...script, ...(scriptReport ? { report: plainScript(scriptReport, withEdits) } : {}) })),
  };
}

export function plainFile(file: ReportedFile, withEdits: boolean): ReportedFile {
  if (file.type === 'script') return { ...file, report: plainScript(file.report, withEdits) };
  if (file.type === 'dockerfile') return { ...file, report: plainDockerfile(file.report, withEdits) };
  throw new Error('manifests are analysed on the main thread');
}

export function plainChecked(checked: CheckedFile, withEdits: boolean): CheckedFile {
  return { ...checked, file: plainFile(checked.file, withEdits) };
}

/** A LineIndex that crossed a thread boundary (its fields, without its class). */
function reviveLines(lines: LineIndex): LineIndex {
  return lines instanceof LineIndex ? lines : Object.setPrototypeOf(lines, LineIndex.prototype);
}

export function reviveScript(report: ReportedScript): ReportedScript {
  reviveLines(report.script.lines);
  return report;
}

export function reviveDockerfile(report: ReportedDockerfile): ReportedDockerfile {
  reviveLines(report.lines);
  for (const script of report.scripts) if (script.report) reviveScript(script.report);
  return report;
}

export function reviveFile(file: ReportedFile): ReportedFile {
  if (file.type === 'script') reviveScript(file.report);
  else if (file.type === 'dockerfile') reviveDockerfile(file.report);
  return file;
}
