import type { ScriptReport } from '../shell/analyze-script.js';
import type { DockerfileReport } from '../dockerfile/analyze-dockerfile.js';
import type { ManifestReport } from '../manifest/analyze-manifest.js';
import type { LineIndex } from '../core/source.js';

/** A checked file as reporters see it: a start script, a Dockerfile, or a Kubernetes manifest / Compose file. */
export type FileReport =
  | { path: string; type: 'script'; report: ScriptReport }
  | { path: string; type: 'dockerfile'; report: DockerfileReport }
  | { path: string; type: 'manifest'; report: ManifestReport };

/** A checked file with the text `fix` would write (equal to `before` when nothing changes). */
export interface CheckedFile {
  file: FileReport;
  before: string;
  after: string;
  /** What `--unsafe-fixes` would make of `after` when unsafe fixes were not applied and would change it. */
  suggested?: string;
}

export function linesOf(file: FileReport): LineIndex {
  return file.type === 'script' ? file.report.script.lines : file.report.lines;
}
