import { analyzeDockerfile, type DockerfileOptions, type DockerfileReport } from './analyze-dockerfile.js';
import { disposeScriptReport } from '../shell/analyze-script.js';
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

/** The Dockerfile counterpart of fixScript: the same applier, the same bounded passes. */
export async function fixDockerfile(source: SourceFile, options: DockerfileOptions): Promise<DockerfileFixResult> {
  const before = await analyzeDockerfile(source, options);
  const analyze = (next: string) => analyzeDockerfile({ ...source, text: next }, options);
  const { text, after } = await fixInPasses(source.text, before, analyze, disposeDockerfileReport, options.settings?.unsafeFixes);
  return { text, changed: text !== source.text, before, after };
}
