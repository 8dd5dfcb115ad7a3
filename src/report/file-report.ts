import type { ScriptReport } from '../shell/analyze-script.js';
import type { ScriptFacts } from '../shell/analyze/facts.js';
import type { ResolvedScript } from '../dockerfile/analyze/model.js';
import type { DockerfileReport } from '../dockerfile/analyze-dockerfile.js';
import type { ManifestReport } from '../manifest/analyze-manifest.js';
import type { LineIndex } from '../core/source.js';

/** A checked file with its whole analysis (no syntax tree: it is freed when the analysis ends): what the analysers return. */
export type FileReport =
  | { path: string; type: 'script'; report: ScriptReport }
  | { path: string; type: 'dockerfile'; report: DockerfileReport }
  | { path: string; type: 'manifest'; report: ManifestReport };

/**
 * What reporters read of a script's report: plain data, so a report made in a worker thread (no parse trees) is
 * reported exactly as one made on the main thread. A ScriptReport is one.
 */
export interface ReportedScript extends Pick<ScriptReport, 'launcher' | 'status' | 'processes' | 'findings'> {
  script: Pick<ScriptFacts, 'dialect' | 'shell' | 'lines'>;
}

/** What reporters read of a Dockerfile's report (see ReportedScript). A DockerfileReport is one. */
export interface ReportedDockerfile extends Omit<DockerfileReport, 'source' | 'scripts'> {
  scripts: (Omit<ResolvedScript, 'report'> & { report?: ReportedScript })[];
}

/** A checked file as reporters see it: a start script, a Dockerfile, or a Kubernetes manifest / Compose file. */
export type ReportedFile =
  | { path: string; type: 'script'; report: ReportedScript }
  | { path: string; type: 'dockerfile'; report: ReportedDockerfile }
  | { path: string; type: 'manifest'; report: ManifestReport };

/** A checked file with the text `fix` would write (equal to `before` when nothing changes). */
export interface CheckedFile {
  file: ReportedFile;
  before: string;
  after: string;
  /** What `--unsafe-fixes` would make of `after` when unsafe fixes were not applied and would change it. */
  suggested?: string;
}

export function linesOf(file: ReportedFile): LineIndex {
  return file.type === 'script' ? file.report.script.lines : file.report.lines;
}
