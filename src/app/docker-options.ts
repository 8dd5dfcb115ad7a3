import { dirname, resolve } from 'node:path';
import type { Settings } from '../core/settings.js';
import type { DockerfileOptions, InitChoice } from '../dockerfile/analyze-dockerfile.js';
import { contextCandidates } from './context.js';
import { analyzeScriptFile } from './files.js';

export interface DockerFlags {
  init?: InitChoice;
  context?: string;
}

/**
 * `syntaxErrors`: `report` for `check` (a Dockerfile or start script that does not parse is a finding), `throw` for
 * `fix`. Without --context the build context is inferred: a Compose file's, the Dockerfile's folder, or a parent
 * up to `root` (the repository).
 */
export function dockerOptions(
  path: string,
  flags: DockerFlags,
  settings: Settings,
  syntaxErrors: 'throw' | 'report',
  analyze: DockerfileOptions['analyzeScript'] = (file, options) => analyzeScriptFile(file, settings, { ...options, syntaxErrors }),
  root?: string,
): DockerfileOptions {
  const context = flags.context ? { context: resolve(flags.context) } : { context: resolve(dirname(path)), contextCandidates: contextCandidates(path, root) };
  return { ...context, init: flags.init ?? settings.init ?? 'tini', analyzeScript: analyze, settings, syntaxErrors };
}
