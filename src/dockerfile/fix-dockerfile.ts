import { analyzeDockerfile, type DockerfileOptions, type DockerfileReport } from './analyze-dockerfile.js';
import { disposeScriptReport, type ScriptReport } from '../shell/analyze-script.js';
import type { SourceFile } from '../core/source.js';
import { fixInPasses } from '../core/passes.js';

export interface DockerfileFixResult {
  text: string;
  changed: boolean;
  before: DockerfileReport;
  after: DockerfileReport;
}

/** Frees the parse trees of the start scripts a Dockerfile report holds (see disposeScriptReport). */
export function disposeDockerfileReport(report: DockerfileReport): void {
  for (const script of report.scripts) if (script.report) disposeScriptReport(script.report);
}

/** The Dockerfile counterpart of fixScript: the same applier, the same bounded passes (`analyzed`: as there). */
export async function fixDockerfile(source: SourceFile, options: DockerfileOptions, analyzed?: DockerfileReport): Promise<DockerfileFixResult> {
  const before = analyzed ?? (await analyzeDockerfile(source, options));
  // The passes may meet a start script report again (a cache in `options.analyzeScript`): script reports of the
  // passes in between are freed at the end, those of the first and last report are the caller's.
  const made = new Set<ScriptReport>();
  const analyze = async (next: string) => {
    const report = await analyzeDockerfile({ ...source, text: next }, options);
    for (const script of report.scripts) if (script.report) made.add(script.report);
    return report;
  };
  const { text, after } = await fixInPasses(source.text, before, analyze, undefined, options.settings?.unsafeFixes);
  const kept = new Set([...before.scripts, ...after.scripts].map((script) => script.report));
  for (const report of made) if (!kept.has(report)) disposeScriptReport(report);
  return { text, changed: text !== source.text, before, after };
}
