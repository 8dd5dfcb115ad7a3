/**
 * Responsive idle loops, proven by running: `trap … TERM; while :; do sleep 60 & wait $!; done` as PID 1 ends at once
 * on the stop signal (the trapped signal cuts `wait` short), under every shell; without the trap the signal is dropped
 * and the stop ends in SIGKILL. This is why EW103 leaves the first alone and reports the second.
 */
import { expect, test } from 'vitest';
import { analyzeScript } from '../../../src/shell/analyze-script.js';
import { describeRun, type Pid1Shell } from '../../../src/app/verify/pid1.js';
import { describePid1, runAsPid1 } from '../../harness/support.js';
import { source } from '../../helpers/rule-tester.js';

const RESPONSIVE = "#!/bin/sh\ntrap 'kill -s TERM $!; exit 0' TERM INT\nwhile :; do\n  sleep 60 &\n  wait $!\ndone\n";
const DEAF = '#!/bin/sh\nwhile :; do\n  sleep 60 &\n  wait $!\ndone\n';
const SHELLS: Pid1Shell[] = ['dash', 'busybox', 'bash'];

function run(script: string, shell: Pid1Shell) {
  return runAsPid1({ script, shell, stopSignal: 'SIGTERM', stopDelayMs: 300, graceMs: 1500 });
}

describePid1('EW103: a responsive idle loop as PID 1', () => {
  test('the analysis: responsive is multi/ok without EW103, deaf is reported', async () => {
    const responsive = await analyzeScript(source(RESPONSIVE));
    expect({ launcher: responsive.launcher, status: responsive.status, rules: responsive.findings.map((f) => f.rule) }).toEqual({ launcher: 'multi', status: 'ok', rules: [] });
    const deaf = await analyzeScript(source(DEAF));
    expect(deaf.findings.map((f) => f.rule)).toContain('EW103');
  });

  for (const shell of SHELLS) {
    test(`${shell}: the trapped loop ends on TERM at once, with the handler's status`, async () => {
      const r = await run(RESPONSIVE, shell);
      const info = describeRun(r);
      expect(r.killed, info).toBe(false);
      expect(r.exitCode, info).toBe(0);
      expect(r.exitMs, info).toBeLessThan(1000);
    });

    test(`${shell}: without the trap the signal is dropped and the stop ends in SIGKILL`, async () => {
      const r = await run(DEAF, shell);
      expect(r.killed, describeRun(r)).toBe(true);
    });
  }
});
