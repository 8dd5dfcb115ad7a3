/** One entry point for every report format; a format's reporter (and the diff library) is loaded only when asked for. */
import type { CheckedFile } from './file-report.js';
import { jsonReport } from './json.js';
import { textReport } from './text.js';

export const REPORT_FORMATS = ['text', 'json', 'sarif', 'github', 'markdown'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/**
 * Formats a set of checked files. SARIF carries each file's whole fix (so a viewer can apply exactly what
 * `execwrap fix` writes) and markdown shows it as a diff.
 */
export async function renderReport(format: ReportFormat, checked: readonly CheckedFile[], options: { color: boolean; unsafeFixes?: boolean | undefined }): Promise<string> {
  const files = checked.map((c) => c.file);
  switch (format) {
    case 'text':
      return textReport(files, { color: options.color });
    case 'json':
      return jsonReport(files);
    case 'github':
      return (await import('./github.js')).githubReport(files);
    case 'sarif': {
      const { sarifReport, wholeFileFix } = await import('./sarif.js');
      const fixes = new Map(checked.filter((c) => c.after !== c.before).map((c) => [c.file, [wholeFileFix(c.before, c.after)]] as const));
      return sarifReport(files, { fixes, ...(options.unsafeFixes ? { unsafeFixes: options.unsafeFixes } : {}) });
    }
    case 'markdown': {
      const [{ markdownReport }, { unifiedDiff }] = await Promise.all([import('./markdown.js'), import('./diff.js')]);
      const diffs = new Map(checked.filter((c) => c.after !== c.before).map((c) => [c.file.path, unifiedDiff(c.file.path, c.before, c.after)] as const));
      const suggestions = new Map(checked.filter((c) => c.suggested !== undefined).map((c) => [c.file.path, unifiedDiff(c.file.path, c.after, c.suggested!)] as const));
      return markdownReport(files, { diffs, suggestions });
    }
  }
}

/** Whether a format shows changes, so the files need their fixes worked out before rendering. */
export function formatShowsFixes(format: ReportFormat): boolean {
  return format === 'sarif' || format === 'markdown';
}
