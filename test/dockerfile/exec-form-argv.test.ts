/**
 * The exec form a shell form becomes must run the same argv: both are really run and their argv dumped by a stand-in
 * program, not compared by eye. The stand-in also prints its PID, to prove the program replaced the shell.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { shellPlan } from '../../src/dockerfile/analyze/launch.js';
import { plainWords } from '../../src/dockerfile/analyze/words.js';
import { context } from './helpers.js';

const dir = context({ argdump: '#!/bin/sh\necho "pid=$$"\nfor a in "$@"; do printf "[%s]\\n" "$a"; done\n' });
const env = { PATH: `${dir}:/usr/bin:/bin`, HOME: '/home/x', PORT: '8080', EMPTY: '' };

function run(argv: readonly string[]): { pid: number; pidSeen: number; args: string } {
  const r = spawnSync(argv[0]!, argv.slice(1), { env, encoding: 'utf8', cwd: dir });
  expect(r.status, r.stderr).toBe(0);
  const [first, ...rest] = r.stdout.split('\n');
  return { pid: r.pid!, pidSeen: Number(first!.slice('pid='.length)), args: rest.join('\n') };
}

/** Words with every quoting style the tokenizer accepts, and characters JSON must escape. */
const PIECES = ['a', '--flag=1', "'single quoted $HOME'", '"double \\"quoted\\" \\$x \\\\ \\`"', 'back\\ slash', "it'\\''s", '"tab\there"', 'unicode-é', '"quote\'in"', "'\"'", 'x=1', '@%+:,./-', "''", '""'];

function* cases(): Generator<string> {
  // Deterministic pseudo-random choices: the same 150 commands every run.
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  for (let n = 0; n < 150; n++) {
    const words = Array.from({ length: 1 + (next() % 5) }, () => PIECES[next() % PIECES.length]!);
    yield `argdump ${words.join(next() % 2 ? ' ' : '  ')}`;
  }
}

describe('exec form runs the argv the shell form ran', () => {
  test.each([...cases()])('plain: %s', (text) => {
    const argv = plainWords(text);
    expect(argv).toBeDefined();
    const viaShell = run(['/bin/sh', '-c', text]);
    const direct = run(argv!);
    expect(direct.args).toBe(viaShell.args);
    expect(direct.pidSeen).toBe(direct.pid);
  });

  test.each([
    'cd / && argdump $HOME "$PORT" x',
    'FOO=1 argdump "a b" $PORT',
    'argdump "${PORT:-80}" 2>&1; true',
    'test -n "$PORT" && argdump --port="$PORT"',
    'if [ -n "$EMPTY" ]; then argdump empty; else argdump "$HOME"; fi',
    'exec argdump $HOME',
    'echo starting >&2; argdump "$(echo sub)" `echo tick`',
  ])('needs a shell: %s', async (text) => {
    const plan = await shellPlan(text, ['/bin/sh', '-c']);
    expect(plan.kind).toBe('exec');
    if (plan.kind !== 'exec') return;
    const before = run(['/bin/sh', '-c', text]);
    const after = run(['/bin/sh', '-c', plan.text]);
    expect(after.args).toBe(before.args);
    // The program is the process Docker started: exec replaced the shell.
    expect(after.pidSeen).toBe(after.pid);
  });

  test('the stand-in can tell a shell parent from an exec (so the PID check can fail)', () => {
    const r = run(['/bin/sh', '-c', 'argdump a; true']);
    expect(r.pidSeen).not.toBe(r.pid);
  });

  test.each(['argdump $HOME', 'argdump a | cat', 'argdump *', 'argdump ~', 'A=1 argdump', 'argdump a; argdump b', 'argdump `x`', 'argdump {a,b}', 'argdump # c', 'if true; then argdump; fi'])(
    'plainWords refuses what needs a shell: %s',
    (text) => {
      expect(plainWords(text)).toBeUndefined();
    },
  );
});
