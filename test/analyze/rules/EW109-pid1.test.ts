/**
 * EW109's facts, measured: each user switcher that comes with util-linux or coreutils (so with every Debian image) is
 * run under `exec` as PID 1 in a fresh PID namespace, with a stand-in program that logs the signals it gets, and
 * stopped with TERM from outside. setpriv and `chroot --userspec` exec the program: it gets TERM and the stop takes its
 * own time. `runuser -u` relays TERM but ends the session 2 s later with 143; `su -c` runs the program under a shell
 * that passes nothing on: the program gets no signal and is SIGKILLed 2 s later. (sudo, gosu and su-exec are not part
 * of a Debian base image; their measurements are in docs/rules/EW109.md.)
 */
import { expect, test } from 'vitest';
import { fixScript } from '../../../src/shell/fix-script.js';
import { describeRun } from '../../../src/app/verify/pid1.js';
import { describePid1, needPrograms, runAsPid1 } from '../../harness/support.js';
import { source } from '../../helpers/rule-tester.js';

const APP = '/usr/local/bin/app-server';

function run(launch: string, script = `#!/bin/sh\nexec ${launch}\n`) {
  return runAsPid1({
    script,
    shell: 'dash',
    programs: [APP],
    waitFor: ['app-server'],
    stopSignal: 'SIGTERM',
    stopDelayMs: 150,
    graceMs: 4000,
  });
}

describePid1('EW109: user switchers under exec as PID 1', () => {
  for (const launch of [`setpriv --reuid=nobody --regid=nogroup --init-groups ${APP}`, `chroot --userspec=nobody:nogroup / ${APP}`]) {
    test(`${launch.split(' ')[0]}: the program gets TERM and ends in its own time, with its own status`, async () => {
      needPrograms(launch.split(' ')[0]!);
      const r = await run(launch);
      const info = describeRun(r);
      expect(r.killed, info).toBe(false);
      expect(r.programs.map((p) => p.signals.map((s) => s.sig)), info).toEqual([['TERM']]);
      expect(r.exitCode, info).toBe(0);
      expect(r.exitMs, info).toBeLessThan(1500);
    });
  }

  test('runuser -u: relays TERM, but ends 2 s after it with 143 whatever the program did', async () => {
    needPrograms('runuser');
    const r = await run(`runuser -u nobody -- ${APP}`);
    const info = describeRun(r);
    expect(r.programs.map((p) => p.signals.map((s) => s.sig)), info).toEqual([['TERM']]);
    expect(r.programs[0]!.exit, info).not.toBeNull();
    expect(r.exitCode, info).toBe(143);
    expect(r.exitMs, info).toBeGreaterThanOrEqual(1900);
  });

  test("EW109's unsafe fix: `su … -c` becomes `exec setpriv … sh -c 'exec prog'`; the program gets TERM, the original never did", async () => {
    needPrograms('su', 'setpriv');
    const original = `#!/bin/sh\nmkdir -p /tmp/app\nsu -s /bin/sh -c "cd /tmp/app && ${APP} --port 8080" nobody\n`;
    const fixed = (await fixScript(source(original), { rules: {}, unsafeFixes: true })).text;
    expect(fixed).toContain(`exec setpriv --reuid=nobody --regid="$(id -g nobody)" --init-groups /bin/sh -c "cd /tmp/app && exec ${APP} --port 8080"`);
    const after = await run('', fixed);
    const info = describeRun(after);
    expect(after.programs.map((p) => p.signals.map((s) => s.sig)), info).toEqual([['TERM']]);
    expect(after.exitCode, info).toBe(0);
    expect(after.exitMs, info).toBeLessThan(1500);
    const before = await run('', original);
    expect(before.programs.map((p) => p.signals), describeRun(before)).toEqual([[]]);
    expect(before.killed, describeRun(before)).toBe(true);
  });

  test('su -c: the program, under a shell, gets no signal and is SIGKILLed 2 s later; su exits 143', async () => {
    needPrograms('su');
    const r = await run(`su -s /bin/sh -c ${APP} nobody`);
    const info = describeRun(r);
    expect(r.programs.map((p) => p.signals), info).toEqual([[]]);
    expect(r.exitCode, info).toBe(143);
    expect(r.exitMs, info).toBeGreaterThanOrEqual(1900);
  });
});
