/**
 * EW112's unsafe fix, proven by running: `eval "$START_CMD"` as the last line of a script run as PID 1 keeps the
 * program a child of the shell (the stop ends in SIGKILL); `eval exec "$START_CMD"` makes the program PID 1, so it
 * gets the stop signal, under every shell a `#!/bin/sh` script may meet.
 */
import { expect, test } from 'vitest';
import { fixScript } from '../../../src/shell/fix-script.js';
import { describeRun, type Pid1Shell } from '../../../src/app/verify/pid1.js';
import { describePid1, runAsPid1 } from '../../harness/support.js';
import { source } from '../../helpers/rule-tester.js';

const ORIGINAL = '#!/bin/sh\nmkdir -p /tmp/app && cd /tmp/app\neval "$START_CMD"\n';
const SHELLS: Pid1Shell[] = ['dash', 'busybox', 'bash'];

async function fixed(): Promise<string> {
  const result = await fixScript(source(ORIGINAL), { rules: {}, unsafeFixes: true });
  expect(result.text).toBe('#!/bin/sh\nmkdir -p /tmp/app && cd /tmp/app\neval exec "$START_CMD"\n');
  return result.text;
}

function run(script: string, shell: Pid1Shell) {
  return runAsPid1({
    script,
    shell,
    programs: ['app-server'],
    waitFor: ['app-server'],
    env: { START_CMD: "app-server --port 8080 'two words'" },
    stopSignal: 'SIGTERM',
    stopDelayMs: 150,
    graceMs: 1500,
  });
}

describePid1('EW112 unsafe fix `eval exec` as PID 1', () => {
  for (const shell of SHELLS) {
    test(`${shell}: the fixed script's program gets TERM once, with its arguments as eval split them`, async () => {
      const r = await run(await fixed(), shell);
      const info = describeRun(r);
      expect(r.killed, info).toBe(false);
      expect(r.programs.map((p) => p.argv.slice(-3)), info).toEqual([['--port', '8080', 'two words']]);
      expect(r.programs[0]!.signals.map((s) => s.sig), info).toEqual(['TERM']);
      expect(r.exitCode, info).toBe(0);
    });

    test(`${shell}: the original never passes TERM on and ends in SIGKILL`, async () => {
      const r = await run(ORIGINAL, shell);
      const info = describeRun(r);
      expect(r.programs.length, info).toBe(1);
      expect(r.programs[0]!.signals, info).toEqual([]);
      expect(r.killed, info).toBe(true);
    });
  }
});
