/**
 * The shell facts the EW301 verdict relies on, measured on this machine each run: for every case, a `-c` script is
 * run as PID 1 of a fresh PID namespace (`unshare --pid --fork --mount-proc`) under dash, bash and busybox ash, and
 * its program reports its own PID: 1 means the shell exec'd it, anything else that it stayed a child. The verdict
 * execwrap computes from its analysis must agree (bash's `version` verdict means "bash 5.2 execs it").
 * docs/manifest-shells.md records the same table.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { analyzeScript } from '../../src/shell/analyze-script.js';
import { execVerdict, type ShellKind } from '../../src/manifest/analyze/shells.js';
import { decodeSource } from '../../src/core/source.js';
import { describePid1, needPrograms } from '../harness/support.js';

const dir = mkdtempSync(join(tmpdir(), 'ew-shell-facts-'));
const out = join(dir, 'pid');
writeFileSync(join(dir, 'app-server'), `#!/bin/sh\necho "$$" > ${out}\n`);
chmodSync(join(dir, 'app-server'), 0o755);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const P = 'app-server --port 8080';
/** [script, what a reader should take from it]. */
export const CASES: [string, string][] = [
  [P, 'a lone command'],
  [`${P}\n`, 'a lone command and a final newline (a `|` block keeps it)'],
  [`cd /tmp && ${P}`, 'after `&&`'],
  [`true; ${P}`, 'after `;`'],
  [`true\n${P}`, 'on the next line'],
  [`true\n${P}\n`, 'on the next line, with a final newline'],
  [`FOO=1 ${P}`, 'with an assignment in front'],
  [`${P} >/dev/null`, 'redirected'],
  [`if true; then ${P}; fi`, 'inside `if`'],
  [`true & ${P}`, 'after a background job'],
  [`trap 'echo bye' TERM; ${P}`, 'with a trap set'],
  [`trap '' INT; ${P}`, 'with a signal ignored'],
  [`${P} | cat`, 'in a pipeline'],
  [`{ ${P}; }`, 'in braces'],
  [`(${P})`, 'in a subshell'],
  [`set -x; true; ${P}`, 'under `set -x`'],
  [`echo $(true) >/dev/null; ${P}`, 'after a command with a command substitution'],
  [`${P} # note`, 'followed by a comment on its line'],
  [`${P}\n# note`, 'followed by a comment line'],
  [`f() { ${P}; }; f`, 'in a function'],
  [`exec ${P}`, 'with `exec`'],
];

const SHELLS: [ShellKind, string[]][] = [
  ['dash', ['dash']],
  ['bash', ['bash']],
  ['ash', ['busybox', 'ash']],
];

function measure(shell: string[], script: string): boolean {
  rmSync(out, { force: true });
  const r = spawnSync('unshare', ['--pid', '--fork', '--mount-proc', ...shell, '-c', script], {
    env: { ...process.env, PATH: `${dir}:${process.env.PATH}` },
    encoding: 'utf8',
    timeout: 5000,
  });
  expect(r.error).toBeUndefined();
  return readFileSync(out, 'utf8').trim() === '1';
}

describePid1('shell facts: which -c scripts exec their last program (measured)', () => {
  for (const [kind, shell] of SHELLS) {
    for (const [script, what] of CASES) {
      test(`${kind}: ${what}`, async () => {
        needPrograms(shell[0]!);
        const header = kind === 'bash' ? '#!/bin/bash\n' : '#!/bin/sh\n';
        const report = await analyzeScript(decodeSource('inline.sh', Buffer.from(`${header}${script}\n`)));
        const ok = report.script.launch.ok;
        const verdict = ok ? 'exec' : execVerdict(kind, report, script, header.length);
        const predicted = verdict === 'exec' || verdict === 'version';
        expect(measure(shell, script), `${kind} -c ${JSON.stringify(script)}: execwrap says ${verdict}`).toBe(predicted);
      });
    }
  }
});
