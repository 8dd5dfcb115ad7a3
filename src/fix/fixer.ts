import { analyzeScript, type ScriptReport } from '../analyze/index.js';
import type { Fix } from '../analyze/model.js';
import type { SourceFile } from '../parse/source.js';
import { applyFixes } from './apply.js';

/** Fixes can enable others (a wrapper makes a `trap` line relevant); bounded like ESLint's passes. */
const MAX_PASSES = 5;

export interface FixResult {
  /** The fixed text (without BOM), identical to the input when nothing was fixable. */
  text: string;
  changed: boolean;
  before: ScriptReport;
  after: ScriptReport;
}

export async function fixScript(source: SourceFile): Promise<FixResult> {
  const before = await analyzeScript(source);
  let report = before;
  let text = source.text;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const fixes = report.findings.map((f) => f.fix).filter((f): f is Fix => f !== undefined);
    if (fixes.length === 0) break;
    const result = applyFixes(text, fixes);
    if (result.applied === 0 || result.text === text) break;
    text = result.text;
    report = await analyzeScript({ ...source, text });
  }
  return { text, changed: text !== source.text, before, after: report };
}
