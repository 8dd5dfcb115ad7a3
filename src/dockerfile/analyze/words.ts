import { splitShellText, type WordToken } from '../../shell/parse/shell-words.js';

/**
 * Splits a shell-form command into the words the shell would pass to the program, when that can be done without a
 * shell: no expansions, no operators, no globbing, no assignments, no keywords. Returns undefined when the text
 * needs a shell (it then stays a shell command, with `exec` in front of its program).
 */
export function plainWords(text: string): string[] | undefined {
  const { tokens, unterminated, trailingBackslash, continuations } = splitShellText(text);
  if (unterminated || trailingBackslash !== undefined || continuations.length > 0) return undefined;
  // Operators, comments, expansions, globs, brace and tilde expansion, a CR: the shell gives these meaning.
  if (tokens.some((t) => t.kind !== 'word' || t.specials.length > 0)) return undefined;
  const words = tokens as WordToken[];
  const first = words[0];
  if (!first || first.assignment) return undefined;
  if (SHELL_KEYWORDS.has(first.value) && !first.quotedStart) return undefined;
  if (first.value === 'exec' && !first.quotedStart) {
    const rest = words.slice(1).map((w) => w.value);
    if (rest.length === 0 || rest[0]!.startsWith('-')) return undefined;
    return rest;
  }
  return words.map((w) => w.value);
}

/** Words that make a command line shell syntax rather than a program call (plus builtins that must run in the shell). */
const SHELL_KEYWORDS = new Set([
  'if', 'then', 'else', 'elif', 'fi', 'case', 'esac', 'for', 'while', 'until', 'do', 'done', 'function', 'select', 'time',
  '!', '[[', ']]', '{', '}', 'cd', 'export', 'set', 'source', '.', 'eval', 'trap', 'ulimit', 'umask', 'unset', 'alias',
]);
