/**
 * The one place execwrap turns a string into a shell word. POSIX single-quote style: a word made only of
 * characters no shell treats specially is left bare; anything else is wrapped in single quotes, with each
 * embedded ' written as '\'' . Works the same in sh, dash, busybox ash and bash (no $'...').
 */
// No '=' (a bare first word a=b would be an assignment), no '~' (tilde expansion), no braces (bash).
const SAFE_WORD = /^[A-Za-z0-9_@%+:,./-]+$/;

export function shellQuote(word: string): string {
  if (word !== '' && SAFE_WORD.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Quote each argument and join with spaces: a command line that re-splits into exactly these words. */
export function shellJoin(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}

/** Dockerfile exec form (`CMD ["a", "b"]`): a JSON array of strings, one line, with a space after each comma. */
export function jsonArray(argv: readonly string[]): string {
  return `[${argv.map((a) => JSON.stringify(a)).join(', ')}]`;
}
