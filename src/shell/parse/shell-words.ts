/**
 * One shell word splitter for the places that read a command line without the full parser: a Dockerfile's shell-form
 * CMD turned into exec form (dockerfile/analyze/words.ts), scaffold's `--proc NAME=command`, and the check that a launch line
 * can take ` &` (shell/render/wrapper.ts). It splits like POSIX sh (dash, busybox ash and bash agree on everything here;
 * test/parse/shell-words.test.ts compares it with them): blanks separate words; single quotes, double quotes and
 * backslashes quote; `\` newline is removed; `$(…)`, `${…}`, `$((…))` and backticks are skipped as one expansion
 * (quotes and parentheses inside them nest); `#` at the start of a word starts a comment; `;`, `&`, `|`, `<`, `>`,
 * `(`, `)` and newline are operators. It never expands anything: what a word would expand is reported as a special
 * character, and each caller decides what it accepts.
 */

/** An unquoted character of a word that the shell gives meaning to. */
export interface Special {
  kind: 'expansion' | 'glob' | 'brace' | 'tilde' | 'tilde-after-assign' | 'carriage-return';
  /** The character (`$`, `` ` ``, `*`, `{`, `~`, `\`). */
  char: string;
  offset: number;
}

export interface WordToken {
  kind: 'word';
  start: number;
  end: number;
  /** The word with quotes and escapes removed (expansions kept as written). */
  value: string;
  /** Some part of it is quoted or escaped. */
  quoted: boolean;
  /** The word starts with quoting (`"if"`, `\exec`): a keyword or `exec` written like this is a plain word. */
  quotedStart: boolean;
  /** `NAME=…` with NAME unquoted: an assignment when it stands first in a command. */
  assignment: boolean;
  specials: Special[];
}

export interface OperatorToken {
  kind: 'operator';
  start: number;
  end: number;
  /** `;`, `&`, `|`, `<`, `>`, `(`, `)` or `\n`. */
  text: string;
}

export interface CommentToken {
  kind: 'comment';
  start: number;
  end: number;
}

export type ShellToken = WordToken | OperatorToken | CommentToken;

export interface ShellWords {
  tokens: ShellToken[];
  /** The text ends inside a quote or an expansion that is not closed: its opening and where it stands. */
  unterminated?: { opening: "'" | '"' | '$(' | '${' | '`'; offset: number };
  /** The text ends in a backslash that escapes nothing. */
  trailingBackslash?: number;
  /** Offsets of `\` newline pairs (removed: the word or line goes on). */
  continuations: number[];
}

const OPERATORS = ';&|<>()\n';

/** Splits shell text into words, operators and comments (see the module comment). */
export function splitShellText(text: string): ShellWords {
  const tokens: ShellToken[] = [];
  const result: ShellWords = { tokens, continuations: [] };
  let word: WordToken | undefined;
  let previous = ''; // the last unquoted character of the current word
  let sawEquals = false;
  const startWord = (at: number) => {
    word ??= { kind: 'word', start: at, end: at, value: '', quoted: false, quotedStart: false, assignment: false, specials: [] };
    return word;
  };
  const endWord = (at: number) => {
    if (word) {
      word.end = at;
      tokens.push(word);
    }
    word = undefined;
    previous = '';
    sawEquals = false;
  };
  const quoteWord = (at: number) => {
    const w = startWord(at);
    if (w.value === '' && !w.quoted && w.specials.length === 0) w.quotedStart = true;
    w.quoted = true;
    previous = '';
  };

  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t') {
      endWord(i);
      i++;
      continue;
    }
    if (OPERATORS.includes(c)) {
      endWord(i);
      tokens.push({ kind: 'operator', start: i, end: i + 1, text: c });
      i++;
      continue;
    }
    if (c === '#' && !word) {
      const newline = text.indexOf('\n', i);
      const end = newline === -1 ? text.length : newline;
      tokens.push({ kind: 'comment', start: i, end });
      i = end;
      continue;
    }
    if (c === '\\') {
      if (i + 1 >= text.length) {
        result.trailingBackslash = i;
        startWord(i);
        i++;
        continue;
      }
      if (text[i + 1] === '\n') {
        // A line continuation: removed, the word goes on.
        result.continuations.push(i);
        i += 2;
        continue;
      }
      quoteWord(i);
      word!.value += text[i + 1];
      i += 2;
      continue;
    }
    if (c === "'") {
      quoteWord(i);
      const close = text.indexOf("'", i + 1);
      if (close === -1) {
        result.unterminated = { opening: "'", offset: i };
        word!.value += text.slice(i + 1);
        i = text.length;
        continue;
      }
      word!.value += text.slice(i + 1, close);
      i = close + 1;
      continue;
    }
    if (c === '"') {
      quoteWord(i);
      const close = doubleQuoted(text, i + 1, word!, result);
      i = close + 1;
      continue;
    }
    const w = startWord(i);
    if (c === '$' || c === '`') {
      const end = expansionEnd(text, i, result);
      w.specials.push({ kind: 'expansion', char: c, offset: i });
      w.value += text.slice(i, end);
      previous = '';
      i = end;
      continue;
    }
    if ('*?[]'.includes(c)) w.specials.push({ kind: 'glob', char: c, offset: i });
    else if (c === '{' || c === '}') w.specials.push({ kind: 'brace', char: c, offset: i });
    // A Dockerfile or script written on Windows: the shell keeps the CR in the word.
    else if (c === '\r') w.specials.push({ kind: 'carriage-return', char: c, offset: i });
    else if (c === '~' && w.value === '' && !w.quoted) w.specials.push({ kind: 'tilde', char: c, offset: i });
    // bash also expands a tilde right after an unquoted `=` or `:` in an assignment (`x=~/data`, `PATH=a:~/bin`).
    else if (c === '~' && (previous === '=' || previous === ':')) w.specials.push({ kind: 'tilde-after-assign', char: c, offset: i });
    if (c === '=' && !sawEquals) {
      sawEquals = true;
      w.assignment = !w.quoted && w.specials.length === 0 && /^[A-Za-z_][A-Za-z0-9_]*$/.test(w.value);
    }
    w.value += c;
    previous = c;
    i++;
  }
  endWord(text.length);
  return result;
}

/** Reads a double-quoted part from `from` (after the `"`) into the word; returns the offset of the closing `"`. */
function doubleQuoted(text: string, from: number, word: WordToken, result: ShellWords): number {
  let i = from;
  while (i < text.length) {
    const d = text[i]!;
    if (d === '"') return i;
    if (d === '\\' && i + 1 < text.length && '$`"\\\n'.includes(text[i + 1]!)) {
      if (text[i + 1] === '\n') result.continuations.push(i);
      else word.value += text[i + 1];
      i += 2;
      continue;
    }
    if (d === '$' || d === '`') {
      const end = expansionEnd(text, i, result);
      word.specials.push({ kind: 'expansion', char: d, offset: i });
      word.value += text.slice(i, end);
      i = end;
      continue;
    }
    word.value += d;
    i++;
  }
  result.unterminated ??= { opening: '"', offset: from - 1 };
  return text.length;
}

/**
 * The end of an expansion starting at `at` (`$name`, `$1`, `$@`, `${…}`, `$(…)`, `$((…))`, `` `…` ``). Inside
 * `$(…)` the text is shell again: quotes, comments and nested parentheses are followed to find the closing `)`.
 */
function expansionEnd(text: string, at: number, result: ShellWords): number {
  if (text[at] === '`') {
    for (let i = at + 1; i < text.length; i++) {
      if (text[i] === '\\') i++;
      else if (text[i] === '`') return i + 1;
    }
    result.unterminated ??= { opening: '`', offset: at };
    return text.length;
  }
  const next = text[at + 1];
  if (next === '(') {
    const close = matchingParen(text, at + 2);
    if (close === -1) {
      result.unterminated ??= { opening: '$(', offset: at };
      return text.length;
    }
    return close + 1;
  }
  if (next === '{') {
    for (let i = at + 2, depth = 1; i < text.length; i++) {
      const c = text[i]!;
      if (c === '\\') i++;
      else if (c === "'" || c === '"') i = skipQuote(text, i);
      else if (c === '{') depth++;
      else if (c === '}' && --depth === 0) return i + 1;
    }
    result.unterminated ??= { opening: '${', offset: at };
    return text.length;
  }
  const name = /^(?:[A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-])/.exec(text.slice(at + 1));
  return at + 1 + (name ? name[0].length : 0);
}

/**
 * The offset of the `)` that closes a `(` just before `from`, or -1. A `case` inside (`$(case x in a) …;; esac)`)
 * has patterns ending in `)` that close nothing: between `case` and `esac` at the same depth they are skipped.
 */
function matchingParen(text: string, from: number): number {
  let depth = 1;
  /** Depths at which a `case` is open. */
  const cases: number[] = [];
  let word = '';
  let commandStart = true;
  const endWord = () => {
    if (word === 'case' && commandStart) cases.push(depth);
    else if (word === 'esac' && cases[cases.length - 1] === depth) cases.pop();
    if (word !== '') commandStart = KEYWORDS_BEFORE_COMMAND.has(word);
    word = '';
  };
  for (let i = from; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\') {
      word += text.slice(i, i + 2);
      i++;
      continue;
    }
    if (c === "'" || c === '"') {
      const close = skipQuote(text, i);
      word += text.slice(i, close + 1);
      i = close;
      continue;
    }
    if (c === '`' || (c === '$' && (text[i + 1] === '(' || text[i + 1] === '{'))) {
      const end = expansionEnd(text, i, { tokens: [], continuations: [] });
      word += text.slice(i, end);
      i = end - 1;
      continue;
    }
    if (c === '#' && word === '') {
      const newline = text.indexOf('\n', i);
      if (newline === -1) return -1;
      i = newline - 1;
      continue;
    }
    if (' \t'.includes(c)) {
      endWord();
      continue;
    }
    if (';&|\n()'.includes(c)) {
      endWord();
      commandStart = true;
      if (c === '(') depth++;
      else if (c === ')') {
        if (cases[cases.length - 1] === depth) continue; // a case pattern's `)`
        if (--depth === 0) return i;
      }
      continue;
    }
    word += c;
  }
  return -1;
}

/** Words after which a command starts again (`then case …`). */
const KEYWORDS_BEFORE_COMMAND: ReadonlySet<string> = new Set(['then', 'do', 'else', 'elif', '{', '!', 'if', 'while', 'until', 'time']);

/** The offset of the quote that closes the one at `at` (text.length - 1 when none does). */
function skipQuote(text: string, at: number): number {
  const quote = text[at]!;
  for (let i = at + 1; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\') i++;
    else if (text[i] === quote) return i;
  }
  return text.length - 1;
}
