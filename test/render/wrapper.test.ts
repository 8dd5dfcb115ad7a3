import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { needPrograms } from '../harness/support.js';
import { firstSyntaxError, parseShell } from '../../src/shell/parse/shell-parser.js';
import {
  PRELUDE_BEGIN,
  PRELUDE_END,
  checkLaunchCommand,
  renderLaunchBlock,
  renderLaunchLines,
  renderPipelineLaunch,
  renderPrelude,
  type ShellDialect,
} from '../../src/shell/render/wrapper.js';

const dir = mkdtempSync(join(tmpdir(), 'execwrap-render-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LAUNCHES = [
  { command: "nginx -g 'daemon off;'" },
  { command: 'FOO=1 gunicorn app:x --bind "0.0.0.0:$PORT" >>/var/log/g.log 2>&1' },
  { command: 'cd /srv && exec node server.js' },
  { command: 'celery -A proj worker \\\n    --loglevel=info \\\n    --concurrency=2' },
];

function syntaxCheck(shell: string[], text: string): { status: number | null; stderr: string } {
  const file = join(dir, `s${Math.random().toString(36).slice(2)}.sh`);
  writeFileSync(file, text);
  const r = spawnSync(shell[0]!, [...shell.slice(1), '-n', file], { encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}

function script(shell: ShellDialect, until: 'all' | 'first'): string {
  return `#!/bin/${shell}\nset -eu\n` + renderPrelude({ shell }) + 'mkdir -p /run/app\n' + renderLaunchBlock({ shell, launches: LAUNCHES, until }) + 'rm -f /run/app/pid\n';
}

const prelude = renderPrelude({ shell: 'sh' });

describe('the prelude a reviewer reads', () => {
  test('50 lines or fewer, comments included; no line longer than 120 characters', () => {
    const lines = prelude.trimEnd().split('\n');
    expect(lines.length).toBeLessThanOrEqual(50);
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(120);
  });

  test('one text for sh and bash scripts (it picks `wait -n` at run time when bash runs it)', () => {
    expect(renderPrelude({ shell: 'bash' })).toBe(prelude);
    expect(() => renderPrelude({ shell: 'zsh' as ShellDialect })).toThrow(/unknown shell dialect/);
  });

  test('markers open and close it, with a human line after the opening marker', () => {
    const p = prelude.split('\n');
    expect(p[0]).toBe(PRELUDE_BEGIN);
    expect(p[1]).toMatch(/^# Passes stop signals on to the programs started below and waits for them/);
    expect(p.at(-2)).toBe(PRELUDE_END);
  });

  test('lines end in \\n, no CR, no blank line, no base indentation', () => {
    expect(prelude.endsWith('\n')).toBe(true);
    expect(prelude).not.toContain('\r');
    expect(prelude).not.toMatch(/\n\n/);
    expect(prelude.split('\n').filter((l) => /^\S/.test(l)).length).toBeGreaterThan(10);
  });

  test('signals by their portable names; functions and global variables prefixed _ew_, others declared local', () => {
    expect(prelude).not.toMatch(/SIG(TERM|INT|QUIT|HUP|CHLD)/);
    const code = prelude.replace(/(^|\s)#.*$/gm, '');
    const functions = [...code.matchAll(/^(\S+)\(\) \{/gm)].map((m) => m[1]!);
    expect(functions.length).toBeGreaterThan(3);
    for (const name of functions) expect(name).toMatch(/^_ew_/);
    const locals = new Set([...code.matchAll(/\blocal ([^\n;]*)/g)].flatMap((m) => [...m[1]!.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=/g)].map((x) => x[1]!)));
    const assigned = [...code.matchAll(/(?:^|[\s;{(])([A-Za-z_][A-Za-z0-9_]*)=/gm)].map((m) => m[1]!);
    const loopVars = [...code.matchAll(/\b(?:for|read -r)\s+([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!);
    for (const name of [...assigned, ...loopVars]) expect(name.startsWith('_ew_') || locals.has(name), name).toBe(true);
    expect(code).toContain("trap '_ew_stop TERM 143 || :' TERM");
  });

  test('no bash syntax; the one bash-only command, `wait -n`, runs only when bash runs the script', () => {
    const code = prelude.replace(/(^|\s)#.*$/gm, '');
    expect(code).not.toMatch(/\[\[|(?<!\$)\(\(|\bfunction\b|\$'|&>|<<<|\bsource\b|==|\bpipefail\b/);
    const waitN = code.split('\n').filter((l) => l.includes('wait -n'));
    expect(waitN).toHaveLength(1);
    expect(waitN[0]).toMatch(/if \[ -n "\$wait_n" \]; then wait -n; else/);
    // wait_n is set in one place, when bash 4.3 or later runs the script
    const setsWaitN = code.split('\n').filter((l) => /wait_n=1/.test(l));
    expect(setsWaitN).toEqual(['  case ${BASH_VERSION-} in [5-9]* | 4.[3-9]*) wait_n=1 ;; esac']);
  });

  test('execwrap reads it back: tree-sitter-bash parses it without an error (a fixed script stays checkable)', async () => {
    const tree = await parseShell(script('sh', 'all'));
    expect(firstSyntaxError(tree.rootNode)).toBeUndefined();
  });

  for (const shell of [['dash'], ['busybox', 'ash'], ['bash'], ['bash', '--posix']]) {
    test(`${shell.join(' ')} -n accepts a whole wrapped script`, () => {
      needPrograms(shell[0]!);
      for (const until of ['all', 'first'] as const) expect(syntaxCheck(shell, script('sh', until))).toEqual({ status: 0, stderr: '' });
    });
  }
});

describe('launch lines', () => {
  const lines = renderLaunchLines();
  test('each program hands its PID over on the line after it; the wait says what it replaced', () => {
    expect(lines.started).toBe('_ew_started "$!"');
    expect(lines.wait('main', ['"$!"'], 'exec')).toBe('_ew_wait main "$!"  # execwrap: ends when this program ends, as `exec` did; passes stop signals on');
    expect(lines.wait('all', ['"$a"', '"$b"'], 'wait')).toBe('_ew_wait all "$a" "$b"  # execwrap: waits as `wait` did; passes stop signals on');
    expect(lines.wait('first', [], 'wait -n')).toMatch(/^_ew_wait first {2}# execwrap: .*`wait -n`/);
  });

  test('scaffold: each launch copied verbatim, followed by " &", then its PID handed over; the wait last', () => {
    const block = renderLaunchBlock({ shell: 'sh', launches: LAUNCHES, until: 'all' });
    for (const l of LAUNCHES) expect(block).toContain(`${l.command} &\n_ew_started "$!"\n`);
    expect(block.trimEnd().split('\n').at(-1)).toMatch(/^_ew_wait all {2}# /);
    expect(renderLaunchBlock({ shell: 'sh', launches: LAUNCHES, until: 'first' }).trimEnd().split('\n').at(-1)).toMatch(/^_ew_wait first {2}# .*--fail-fast/);
  });

  test('pipeline: the reader is waited for, never handed the stop signal; pipefail waits for the program last', () => {
    const plain = renderPipelineLaunch({ producer: 'app >"$_ew_log_fifo"', consumer: 'tee -a log', consumerName: 'tee', pipefail: false, failFast: false });
    expect(plain.join('\n')).toContain('tee -a log <"$_ew_log_fifo" &\n_ew_log_reader=$!\napp >"$_ew_log_fifo" &\n_ew_started "$!"\n_ew_wait main "$!" "$_ew_log_reader"');
    expect(plain.filter((l) => l.includes('_ew_started'))).toHaveLength(1);
    const pipefail = renderPipelineLaunch({ producer: 'app >"$_ew_log_fifo"', consumer: 'tee -a log', consumerName: 'tee', pipefail: true, failFast: false });
    expect(pipefail.at(-1)).toMatch(/^_ew_wait main "\$_ew_log_reader" "\$!" /);
    // --fail-fast: the first program decides; the reader is still waited for, so its last lines are written.
    const failFast = renderPipelineLaunch({ producer: 'app >"$_ew_log_fifo"', consumer: 'tee -a log', consumerName: 'tee', pipefail: false, failFast: true });
    expect(failFast.at(-1)).toMatch(/^_ew_wait first "\$_ew_log_reader" {2}# .*--fail-fast/);
  });
});

describe('launch text checks', () => {
  test('accepts ordinary launches, trims trailing blank space', () => {
    for (const l of LAUNCHES) expect(checkLaunchCommand(l.command)).toBe(l.command);
    expect(checkLaunchCommand('app --x "a # not a comment" \n')).toBe('app --x "a # not a comment"');
    expect(checkLaunchCommand("app 'it;' x#y")).toBe("app 'it;' x#y");
    expect(checkLaunchCommand('a || b')).toBe('a || b');
    // Quotes nest inside `$(…)`, a comment there ends at its line, and a `\\` before a `\\` escapes it (src/shell/parse/shell-words.ts).
    expect(checkLaunchCommand(`app "$(printf '"')"`)).toBe(`app "$(printf '"')"`);
    expect(checkLaunchCommand('app $(echo a # ;\n)')).toBe('app $(echo a # ;\n)');
    expect(checkLaunchCommand('app x\\\\')).toBe('app x\\\\');
  });
  test.each([
    ['app &', 'control operator'],
    ['app;', 'control operator'],
    ['a &&', 'control operator'],
    ['a |', 'control operator'],
    ['app # keep running', 'comment'],
    ['app \\', 'backslash'],
    ['app "unterminated', 'quoted'],
    ['app $(date', 'unclosed expansion'],
    ['app x\\\\\\', 'backslash'],
    ['   ', 'empty'],
  ])('rejects %j (%s)', (command, why) => {
    expect(() => renderLaunchBlock({ shell: 'sh', launches: [{ command }], until: 'all' })).toThrow(why);
  });
  test('needs at least one launch', () => {
    expect(() => renderLaunchBlock({ shell: 'sh', launches: [], until: 'all' })).toThrow(/at least one/);
  });
});
