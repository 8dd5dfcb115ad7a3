/**
 * Splits a shell-form command into the words the shell would pass to the program, when that can be done without a
 * shell: no expansions, no operators, no globbing, no assignments, no keywords. Returns undefined when the text
 * needs a shell (it then stays a shell command, with `exec` in front of its program).
 */
export function plainWords(text: string): string[] | undefined {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quoted = false;
  /** The last character taken unquoted, '' after a quoted part or a blank. */
  let previous = '';
  let i = 0;
  const end = () => {
    if (inWord) words.push(word);
    previous = '';
    word = '';
    inWord = false;
    quoted = false;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t') {
      end();
      i++;
      continue;
    }
    if (c === "'") {
      const close = text.indexOf("'", i + 1);
      if (close === -1) return undefined;
      word += text.slice(i + 1, close);
      inWord = true;
      quoted = true;
      previous = '';
      i = close + 1;
      continue;
    }
    if (c === '"') {
      i++;
      for (;;) {
        if (i >= text.length) return undefined;
        const d = text[i]!;
        if (d === '"') break;
        if (d === '$' || d === '`') return undefined;
        if (d === '\\' && i + 1 < text.length && '$`"\\'.includes(text[i + 1]!)) {
          word += text[i + 1];
          i += 2;
          continue;
        }
        if (d === '\\' && text[i + 1] === '\n') return undefined;
        word += d;
        i++;
      }
      inWord = true;
      quoted = true;
      previous = '';
      i++;
      continue;
    }
    if (c === '\\') {
      if (i + 1 >= text.length || text[i + 1] === '\n') return undefined;
      word += text[i + 1];
      inWord = true;
      quoted = true;
      previous = '';
      i += 2;
      continue;
    }
    // Operators, expansions, globs, comments, brace/tilde expansion and history: the shell gives these meaning.
    if ('$`;&|<>()*?[]{}\n\r'.includes(c)) return undefined;
    if (!inWord && (c === '#' || c === '~')) return undefined;
    // bash also expands a tilde right after an unquoted `=` or `:` (`x=~/data`, `PATH=a:~/bin`); dash does not.
    if (c === '~' && (previous === '=' || previous === ':')) return undefined;
    if (c === '=' && words.length === 0 && !quoted && /^[A-Za-z_][A-Za-z0-9_]*$/.test(word)) return undefined;
    word += c;
    previous = c;
    inWord = true;
    i++;
  }
  end();
  if (words.length === 0) return undefined;
  if (SHELL_KEYWORDS.has(words[0]!) && !quotedFirst(text)) return undefined;
  if (words[0] === 'exec' && !quotedFirst(text)) {
    const rest = words.slice(1);
    if (rest.length === 0 || rest[0]!.startsWith('-')) return undefined;
    return rest;
  }
  return words;
}

function quotedFirst(text: string): boolean {
  return /^['"\\]/.test(text.trimStart());
}

/** Words that make a command line shell syntax rather than a program call (plus builtins that must run in the shell). */
const SHELL_KEYWORDS = new Set([
  'if', 'then', 'else', 'elif', 'fi', 'case', 'esac', 'for', 'while', 'until', 'do', 'done', 'function', 'select', 'time',
  '!', '[[', ']]', '{', '}', 'cd', 'export', 'set', 'source', '.', 'eval', 'trap', 'ulimit', 'umask', 'unset', 'alias',
]);
