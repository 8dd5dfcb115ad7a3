import { parseAllDocuments } from 'yaml';
import { isApplied, type NewFile } from '../core/model.js';
import { analyzeManifest, type ManifestReport } from './analyze-manifest.js';
import type { ManifestOptions } from './analyze/model.js';
import type { SourceFile } from '../core/source.js';
import { fixInPasses } from '../core/passes.js';

export interface ManifestFixResult {
  text: string;
  changed: boolean;
  before: ManifestReport;
  after: ManifestReport;
  /** Files the applied fixes write next to the manifest (a start script), by absolute path. */
  files: NewFile[];
}

/**
 * The manifest counterpart of fixScript: the same applier, the same bounded passes. A start script a fix writes is
 * seen by the next pass as if it were on disk. A pass whose result is not YAML any more (it cannot happen with the
 * edits the rules make; this is the safety net) stops the fix with an error.
 */
export async function fixManifest(source: SourceFile, options: ManifestOptions = {}): Promise<ManifestFixResult> {
  const unsafe = options.settings?.unsafeFixes;
  const pending = new Map<string, NewFile>();
  const remember = (report: ManifestReport) => {
    for (const finding of report.findings) {
      if (finding.fix && isApplied(finding.fix, unsafe)) for (const file of finding.fix.files ?? []) pending.set(file.path, file);
    }
  };
  const withPending = (): ManifestOptions => ({ ...options, pendingFiles: new Map([...pending].map(([path, file]) => [path, file.text])) });
  const before = await analyzeManifest(source, options);
  remember(before);
  const analyze = async (next: string) => {
    if (!parsesCleanly(next)) throw new Error('execwrap: a manifest fix produced text that is not YAML; please report this');
    const report = await analyzeManifest({ ...source, text: next }, withPending());
    remember(report);
    return report;
  };
  const { text, after } = await fixInPasses(source.text, before, analyze, unsafe);
  // Only the files the final text mounts were written by fixes that were applied.
  const mounted = new Set(after.analyzed.parsed.workloads.flatMap((w) => [...w.binds.values()]));
  const files = [...pending.values()].filter((file) => mounted.has(file.path) && text !== source.text);
  return { text, changed: text !== source.text, before, after, files };
}

function parsesCleanly(text: string): boolean {
  const documents = parseAllDocuments(text, { merge: true, uniqueKeys: false, strict: false });
  return (Array.isArray(documents) ? documents : []).every((doc) => doc.errors.length === 0);
}
