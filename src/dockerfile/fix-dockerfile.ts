import { analyzeDockerfile, type DockerfileOptions, type DockerfileReport } from './analyze-dockerfile.js';
import type { SourceFile } from '../core/source.js';
import { fixInPasses } from '../core/passes.js';

export interface DockerfileFixResult {
  text: string;
  changed: boolean;
  before: DockerfileReport;
  after: DockerfileReport;
}

/** The Dockerfile counterpart of fixScript: the same applier, the same bounded passes (`analyzed`: as there). */
export async function fixDockerfile(source: SourceFile, options: DockerfileOptions, analyzed?: DockerfileReport): Promise<DockerfileFixResult> {
  const before = analyzed ?? (await analyzeDockerfile(source, options));
  const analyze = (next: string) => analyzeDockerfile({ ...source, text: next }, options);
  const { text, after } = await fixInPasses(source.text, before, analyze, options.settings?.unsafeFixes);
  return { text, changed: text !== source.text, before, after };
}
