/**
 * The one shell word splitter (src/parse/shell-words.ts) against the shells themselves: each input is given to bash,
 * dash and busybox sh as the arguments of `printf`, and the words they pass must be the words the splitter finds (the
 * same values for literal words; the same number of words where an expansion stands in one). The three users (the
 * Dockerfile exec form, scaffold's --proc, the wrapper's launch check) have their own policies over it, tested in
 * their folders.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { splitShellText, type WordToken } from '../../src/shell/parse/shell-words.js';
import { needPrograms } from '../harness/support.js';

/** Inputs with no expansion: the values must match exactly. */
const LITERAL = [
  'a b  c',
  "'single quoted' x",
  '"double quoted" y',
  '"esc \\" \\\\ \\$ \\` \\a"',
  'back\\ slash',
  "'it'\\''s'",
  "''",
  '""',
  'a""b',
  "'a'\"b\"c",
  '"tab\there"',
  'line\\\ncontinued',
  'a \\\n b',
  '"in \\\n quotes"',
  "'no \\\n continuation'",
  'x#y',
  'a # comment with "quotes',
  "a '#' \\#",
  'x=1 y',
  '"a"=1',
  'unicode-é @%+:,./-',
  '\\"',
  "'\"'",
  '"\'"',
];

/** Inputs with expansions: each expansion stands in one word, so only the number of words is compared. */
const EXPANDING = [
  'a$(echo b)c d',
  '"$(echo ")")"x',
  '$(echo "a b" | tr -d " ")',
  '`echo b`c d',
  '$((1 + 2)) x',
  '${HOME}x y',
  '"${HOME:-a b}" z',
  '$(echo a # comment )\n) b',
  '$(case x in x) echo y;; esac)',
  '$(case x in (x) echo "a)";; y) echo ")";; esac) z',
  '"$(echo case; echo ")")" w',
  '"`echo "q"`" r',
  '$HOME/x "$HOME" y',
];

const SHELLS: string[][] = [['bash'], ['dash'], ['busybox', 'sh']];
const SEPARATOR = '\x1e';

function shellWords(shell: string[], input: string): string[] {
  const r = spawnSync(shell[0]!, [...shell.slice(1), '-c', `printf '%s\\036' ${input}`], { encoding: 'utf8', env: { HOME: '/h', PATH: process.env.PATH ?? '/usr/bin:/bin' } });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.split(SEPARATOR).slice(0, -1);
}

function splitterWords(input: string): WordToken[] {
  const split = splitShellText(input);
  expect(split.unterminated).toBeUndefined();
  return split.tokens.filter((t): t is WordToken => t.kind === 'word');
}

describe('shell word splitter agrees with the shells', () => {
  for (const shell of SHELLS) {
    describe(shell.join(' '), () => {
      test.each(LITERAL)('literal: %j', (input) => {
        needPrograms(shell[0]!);
        const words = splitterWords(input);
        expect(words.every((w) => w.specials.length === 0)).toBe(true);
        expect(words.map((w) => w.value)).toEqual(shellWords(shell, input));
      });
      test.each(EXPANDING)('expanding: %j', (input) => {
        needPrograms(shell[0]!);
        const words = splitterWords(input);
        expect(words.some((w) => w.specials.some((s) => s.kind === 'expansion'))).toBe(true);
        expect(words.length).toBe(shellWords(shell, input).length);
      });
    });
  }
});

describe('shell word splitter: operators, comments and what is left open', () => {
  const kinds = (input: string) => splitShellText(input).tokens.map((t) => (t.kind === 'word' ? t.value : t.kind === 'operator' ? t.text : '#'));

  test('operators end words; quoted or escaped they are literal', () => {
    expect(kinds('a;b&c|d')).toEqual(['a', ';', 'b', '&', 'c', '|', 'd']);
    expect(kinds("a ';' \\& \"|\"")).toEqual(['a', ';', '&', '|']);
    expect(kinds('2>&1')).toEqual(['2', '>', '&', '1']);
  });

  test('a comment starts only at the start of a word', () => {
    expect(kinds('a #b c')).toEqual(['a', '#']);
    expect(kinds('a;#b')).toEqual(['a', ';', '#']);
    expect(kinds('a#b')).toEqual(['a#b']);
  });

  test('what is left open is named', () => {
    expect(splitShellText("a 'b").unterminated).toEqual({ opening: "'", offset: 2 });
    expect(splitShellText('a "b').unterminated).toEqual({ opening: '"', offset: 2 });
    expect(splitShellText('a $(b').unterminated).toEqual({ opening: '$(', offset: 2 });
    expect(splitShellText('a `b').unterminated).toEqual({ opening: '`', offset: 2 });
    expect(splitShellText('a ${b').unterminated).toEqual({ opening: '${', offset: 2 });
    expect(splitShellText('a \\').trailingBackslash).toBe(2);
    expect(splitShellText('a \\\\').trailingBackslash).toBeUndefined();
  });

  test('specials: globs, braces, tildes, assignments', () => {
    const [word] = splitShellText('~/x*{a,b}').tokens as WordToken[];
    expect(word!.specials.map((s) => s.kind)).toEqual(['tilde', 'glob', 'brace', 'brace']);
    expect((splitShellText('PATH=a:~/bin').tokens[0] as WordToken).specials.map((s) => s.kind)).toEqual(['tilde-after-assign']);
    expect((splitShellText('A=1').tokens[0] as WordToken).assignment).toBe(true);
    expect((splitShellText('"A"=1').tokens[0] as WordToken).assignment).toBe(false);
    expect((splitShellText("'~' \\*").tokens as WordToken[]).every((w) => w.specials.length === 0)).toBe(true);
  });
});
