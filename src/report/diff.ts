import { formatPatch, OMIT_HEADERS, structuredPatch } from 'diff';

/**
 * A unified diff `git apply` accepts (`a/` and `b/` prefixes, paths relative to where it is applied).
 * Texts are compared as written to disk, BOM and CR characters included, so the patch is byte-exact.
 */
export function unifiedDiff(path: string, before: string, after: string): string {
  if (before === after) return '';
  const patch = structuredPatch(`a/${path}`, `b/${path}`, before, after, '', '', { context: 3 });
  const body = formatPatch(patch, OMIT_HEADERS);
  return `diff --git a/${path} b/${path}\n--- a/${path}\n+++ b/${path}\n${body}`;
}

/** A unified diff that creates a file (`new file mode`, from /dev/null), as `git apply` takes it. */
export function newFileDiff(path: string, text: string, mode: number): string {
  const patch = structuredPatch(`a/${path}`, `b/${path}`, '', text, '', '', { context: 3 });
  const body = formatPatch(patch, OMIT_HEADERS);
  return `diff --git a/${path} b/${path}\nnew file mode 100${(mode & 0o777).toString(8)}\n--- /dev/null\n+++ b/${path}\n${body}`;
}
