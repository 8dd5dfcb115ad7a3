import { parseAllDocuments } from 'yaml';
import { analyzeManifest, type ManifestReport } from '../manifest/analyze.js';
import type { ManifestOptions } from '../manifest/model.js';
import type { SourceFile } from '../parse/source.js';
import { fixInPasses } from './passes.js';

export interface ManifestFixResult {
  text: string;
  changed: boolean;
  before: ManifestReport;
  after: ManifestReport;
}

/**
 * The manifest counterpart of fixScript: the same applier, the same bounded passes. A pass whose result is not YAML
 * any more (it cannot happen with the edits the rules make; this is the safety net) is not taken.
 */
export async function fixManifest(source: SourceFile, options: ManifestOptions = {}): Promise<ManifestFixResult> {
  const before = await analyzeManifest(source, options);
  const analyze = async (next: string) => {
    if (!parsesCleanly(next)) throw new Error('execwrap: a manifest fix produced text that is not YAML; please report this');
    return analyzeManifest({ ...source, text: next }, options);
  };
  const { text, after } = await fixInPasses(source.text, before, analyze, undefined, options.settings?.unsafeFixes);
  return { text, changed: text !== source.text, before, after };
}

function parsesCleanly(text: string): boolean {
  const documents = parseAllDocuments(text, { merge: true, uniqueKeys: false, strict: false });
  return (Array.isArray(documents) ? documents : []).every((doc) => doc.errors.length === 0);
}
