/** `fix` of one file, whatever kind it is: the fixed text and the findings before and after. Prints nothing. */
import { relative } from 'node:path';
import { InputError } from '../core/errors.js';
import { isApplied, type Finding, type NewFile } from '../core/model.js';
import type { Settings } from '../core/settings.js';
import type { LineIndex, SourceFile } from '../core/source.js';
import type { AnalyzeOptions } from '../shell/analyze-script.js';
import { fixScript } from '../shell/fix-script.js';
import { isDockerfileName } from '../dockerfile/analyze/names.js';
import { stdinKindOf } from '../manifest/analyze/detect.js';
import { dockerOptions, type DockerFlags } from './docker-options.js';
import { isManifestSource, manifestOptions, STDIN_PATH } from './manifests.js';

export interface FixFileOptions extends DockerFlags {
  /** How a script fixed on its own is analysed (`--shell`). */
  alone: AnalyzeOptions;
}

export interface FixOutcome {
  text: string;
  changed: boolean;
  findingsBefore: Finding[];
  findingsAfter: Finding[];
  lines: LineIndex;
  /** Files the fix writes next to the one fixed (a start script a Compose fix mounts). */
  newFiles: NewFile[];
}

function isDockerfileSource(file: string, source: SourceFile): boolean {
  return isDockerfileName(file) || (file === STDIN_PATH && stdinKindOf(source.text) === 'dockerfile');
}

export async function fixFile(file: string, source: SourceFile, options: FixFileOptions, settings: Settings): Promise<FixOutcome> {
  if (isManifestSource(file, source)) {
    const { fixManifest } = await import('../manifest/fix-manifest.js');
    const fixed = await fixManifest(source, manifestOptions(settings, []));
    return { text: fixed.text, changed: fixed.changed, findingsBefore: fixed.before.findings, findingsAfter: fixed.after.findings, lines: fixed.after.lines, newFiles: fixed.files };
  }
  if (isDockerfileSource(file, source)) {
    const { fixDockerfile } = await import('../dockerfile/fix-dockerfile.js');
    const fixed = await fixDockerfile(source, dockerOptions(file, options, settings, 'throw')).catch((error: unknown) => {
      // The start script it runs (found by an absolute path in the build context) is named as the user would type it.
      if (error instanceof InputError && error.path !== file) throw new InputError(error.reason, relative(process.cwd(), error.path).split('\\').join('/'), error.line);
      throw error;
    });
    return { text: fixed.text, changed: fixed.changed, findingsBefore: fixed.before.findings, findingsAfter: fixed.after.findings, lines: fixed.after.lines, newFiles: [] };
  }
  const fixed = await fixScript(source, settings, options.alone);
  return { text: fixed.text, changed: fixed.changed, findingsBefore: fixed.before.findings, findingsAfter: fixed.after.findings, lines: fixed.after.script.lines, newFiles: [] };
}

/**
 * The unsafe fixes a run without `--unsafe-fixes` left out, and the text `--unsafe-fixes` would make of the fixed
 * one (undefined when it would not change it): shown as a suggestion, Ruff's habit.
 */
export async function unsafeSuggestion(
  file: string,
  source: SourceFile,
  outcome: FixOutcome,
  options: FixFileOptions,
  settings: Settings,
): Promise<{ unsafe: Finding[]; suggested?: string }> {
  const unsafe = outcome.findingsAfter.filter((f) => f.fix && !isApplied(f.fix, settings.unsafeFixes));
  if (unsafe.length === 0) return { unsafe };
  const suggested = (await fixFile(file, source, options, { ...settings, unsafeFixes: true })).text;
  return suggested === outcome.text ? { unsafe } : { unsafe, suggested };
}
