/**
 * docs/wrapper.md F21, measured each run: in dash and busybox ash, a trap that runs while another trap's action runs
 * hands the command it interrupted the status the outer trap interrupted. Under `set -e` a trap action that is a
 * bare call then fails when that status was not 0 (a `wait` cut short by the signal: 128+n), and the script ends;
 * a test (`[ -n … ] || exit`) inside it can come out false. The prelude guards each trap's call with `|| :` and
 * branches in its handlers with `case`, which no status can flip; the checks below hold it to that.
 *
 * The inner trap is forced deterministically: the outer action signals its own shell (USR1), which is pending by
 * the time the command ends. The outer trap (TERM) interrupts a `wait`, so the status it saves is 143.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { renderPrelude } from '../../src/shell/render/wrapper.js';
import { needPrograms } from '../harness/support.js';

const SHELLS: Record<string, string[]> = { dash: ['dash'], 'busybox ash': ['busybox', 'ash'], bash: ['bash'] };

/** A script whose TERM trap runs `action`, with a USR1 trap `:` for the inner trap; it prints "reached the end". */
function scriptWithTrap(functions: string, action: string): string {
  return [
    'set -e',
    "trap ': inner trap' USR1",
    functions,
    `trap '${action}' TERM`,
    'sleep 3 >/dev/null 2>&1 & sleeper=$!',
    '(sleep 0.2; kill -s TERM $$) &',
    'wait "$sleeper" || echo "the wait returned $?"',
    'kill "$sleeper" 2>/dev/null || :',
    'echo "reached the end"',
  ].join('\n');
}

function run(shell: string, script: string): { status: number | null; stdout: string } {
  const r = spawnSync(SHELLS[shell]![0]!, [...SHELLS[shell]!.slice(1), '-c', script], { encoding: 'utf8', timeout: 10_000 });
  return { status: r.status, stdout: r.stdout };
}

const nestedInCall = 'handler() { kill -s USR1 $$; }';
const nestedInTest = 'handler() { [ -n "$(kill -s USR1 $$; echo x)" ] || echo "the test came out false"; }';
const caseInstead = 'handler() { case "$(kill -s USR1 $$; echo x)" in \'\') echo "the case came out empty" ;; esac; }';

describe('F21: a trap inside a trap', () => {
  for (const shell of ['dash', 'busybox ash']) {
    test(`${shell}: a bare call as the trap action ends the script under set -e with the interrupted wait's 143`, () => {
      needPrograms(SHELLS[shell]![0]!);
      const r = run(shell, scriptWithTrap(nestedInCall, 'handler'));
      expect(r.stdout).toBe('');
      expect(r.status).toBe(143);
    });

    test(`${shell}: a test inside the handler comes out false for a non-empty string`, () => {
      needPrograms(SHELLS[shell]![0]!);
      expect(run(shell, scriptWithTrap(nestedInTest, 'handler || :')).stdout).toContain('the test came out false');
    });
  }

  for (const shell of Object.keys(SHELLS)) {
    test(`${shell}: the prelude's forms hold: the call guarded with || :, a case instead of a test`, () => {
      needPrograms(SHELLS[shell]![0]!);
      for (const handler of [nestedInCall, caseInstead]) {
        const r = run(shell, scriptWithTrap(handler, 'handler || :'));
        expect(r.stdout, handler).toBe('the wait returned 143\nreached the end\n');
        expect(r.status, handler).toBe(0);
      }
    });
  }
});

describe('the prelude follows F21', () => {
  const prelude = renderPrelude({ shell: 'sh' });
  const traps = [...prelude.matchAll(/\btrap ('[^']*'|\S+) ([A-Z]+)/g)].filter((m) => m[1] !== '-');

  test('it sets a trap for TERM, INT, QUIT, HUP and CHLD', () => {
    expect(traps.map((m) => m[2]).sort()).toEqual(['CHLD', 'HUP', 'INT', 'QUIT', 'TERM']);
  });

  test('every trap action is its function guarded with || :', () => {
    for (const [, action, signal] of traps) expect(action, signal).toMatch(/^'_ew_\w+( [A-Z]+ \d+)? \|\| :'$/);
  });

  test('the handlers branch with case, not with a test or a status', () => {
    for (const name of ['_ew_stop', '_ew_child_end']) {
      const code = prelude.slice(prelude.indexOf(`${name}() {`)).split(/\n\}|\}\s+2>/)[0]!;
      const body = code.replace(/\s# .*$/gm, '');
      expect(body, name).not.toMatch(/\[ |\btest |&&|\|\| (?!:)/);
    }
  });
});
