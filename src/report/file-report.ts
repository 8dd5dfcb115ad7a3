import type { ScriptReport } from '../analyze/index.js';
import type { DockerfileReport } from '../dockerfile/analyze.js';
import type { LineIndex } from '../parse/source.js';

/** A checked file as reporters see it: a start script or a Dockerfile. */
export type FileReport =
  | { path: string; type: 'script'; report: ScriptReport }
  | { path: string; type: 'dockerfile'; report: DockerfileReport };

export function linesOf(file: FileReport): LineIndex {
  return file.type === 'script' ? file.report.script.lines : file.report.lines;
}
