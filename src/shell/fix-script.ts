import { analyzeScript, type AnalyzeOptions, type ScriptReport } from './analyze-script.js';
import type { Settings } from '../core/settings.js';
import type { SourceFile } from '../core/source.js';
import { fixInPasses } from '../core/passes.js';

export interface FixResult {
  /** The fixed text (without BOM), identical to the input when nothing was fixable. */
  text: string;
  changed: boolean;
  before: ScriptReport;
  after: ScriptReport;
}

/**
 * With `syntaxErrors: 'report'`, a script its shell rejects is returned unchanged with its EW118 report. `analyzed`:
 * the script's report made with the same settings and options (a Dockerfile's pass read it already), so the file is
 * not parsed a second time.
 */
export async function fixScript(
  source: SourceFile,
  settings?: Pick<Settings, 'rules' | 'knownRuleIds' | 'unsafeFixes' | 'failFast'>,
  options: AnalyzeOptions = {},
  analyzed?: ScriptReport,
): Promise<FixResult> {
  const before = analyzed ?? (await analyzeScript(source, settings, options));
  const analyze = (next: string) => analyzeScript({ ...source, text: next }, settings, options);
  const { text, after } = await fixInPasses(source.text, before, analyze, settings?.unsafeFixes);
  return { text, changed: text !== source.text, before, after };
}
