/**
 * The generated start script stops gracefully as PID 1: run under the shell its image runs it with (`/bin/sh` is dash
 * on Debian/Ubuntu, busybox ash on Alpine, bash on RHEL), behind the init exactly as the generated ENTRYPOINT names
 * it, with stand-ins for the programs, stopped from outside with the generated STOPSIGNAL like `docker stop`.
 */
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeRun, type Pid1Result, type StopSignal } from '../../src/app/verify/pid1.js';
import { describePid1, runAsPid1 } from '../harness/support.js';
import { CASES, entrypointOf, pid1Shell, PROGRAMS, renderCase, type Rendered } from './cases.js';

/** The init part of the ENTRYPOINT as it will run: the binary by name from this machine's PATH, flags as written. */
function initOf(r: Rendered): string[] {
  const argv = entrypointOf(r.file('Dockerfile').content);
  const script = argv.pop();
  expect(script).toBe('/usr/local/bin/start.sh');
  if (argv.length === 0) return [];
  return [argv[0]!.split('/').pop()!, ...argv.slice(1)];
}

function run(r: Rendered, extra: Partial<Parameters<typeof runAsPid1>[0]> = {}): Promise<Pid1Result> {
  const programs = PROGRAMS.slice(0, r.spec.procs.length);
  return runAsPid1({
    scriptFile: join(r.dir, 'start.sh'),
    shell: pid1Shell(r.spec),
    init: initOf(r),
    programs,
    waitFor: programs,
    stopSignal: r.spec.stopSignal as StopSignal,
    stopDelayMs: 100,
    graceMs: 3000,
    ...extra,
  });
}

describePid1('scaffolded start scripts as PID 1', () => {
  it.each(CASES)('$name: every program gets the stop signal once and exits by itself', async (c) => {
    const r = await renderCase(c);
    // The init the case asks for is really in the generated ENTRYPOINT (and so in front of the script in this run).
    expect(initOf(r)[0], 'the init in ENTRYPOINT').toBe(c.flags.init === 'none' ? undefined : c.flags.init);
    const result = await run(r);
    const info = describeRun(result);
    const sig = r.spec.stopSignal.slice(3);
    expect(result.notStarted, info).toEqual([]);
    expect(result.killed, `had to be SIGKILLed\n${info}`).toBe(false);
    expect(result.leftover, info).toEqual([]);
    expect(result.programs.map((p) => p.name).sort(), info).toEqual(PROGRAMS.slice(0, r.spec.procs.length).sort());
    for (const p of result.programs) {
      expect(p.signals.map((s) => s.sig), `${p.name}\n${info}`).toEqual([sig]);
      expect(p.exit, `${p.name} exited by itself\n${info}`).not.toBeNull();
    }
    // The arguments arrive exactly as given on --proc.
    expect(result.programs.find((p) => p.name === 'web-server')!.argv.slice(-4), info).toEqual(['--port', '8080', '--greeting', 'hello world']);
    if (r.spec.procs.length === 2) {
      expect(result.programs.find((p) => p.name === 'queue-worker')!.argv.slice(-4), info).toEqual(['-c', '2', '--queue', "it's"]);
      // The wrapper ends with 128+n after stop signal n; an init passes that on.
      expect(result.exitCode, info).toBe(128 + { SIGTERM: 15, SIGQUIT: 3, SIGINT: 2, SIGHUP: 1 }[r.spec.stopSignal]);
    } else {
      // exec: the program's own exit status (stand-ins exit 0 after a graceful stop).
      expect(result.exitCode, info).toBe(0);
    }
    expect(result.exitMs, info).toBeLessThan(1500);
  });

  it.each(CASES.filter((c) => c.flags.proc!.length > 1 && c.flags.failFast))('$name: --fail-fast — a program exiting stops the other, status kept', async (c) => {
    const r = await renderCase(c);
    const result = await run(r, { stopSignal: null, config: { 'queue-worker': { exitAfterMs: 300, exitCode: 3 } } });
    const info = describeRun(result);
    expect(result.killed, info).toBe(false);
    expect(result.leftover, info).toEqual([]);
    expect(result.exitCode, info).toBe(3);
    const web = result.programs.find((p) => p.name === 'web-server')!;
    expect(web.signals.map((s) => s.sig), info).toEqual(['TERM']);
    expect(web.exit, info).not.toBeNull();
  });

  it.each(CASES.filter((c) => c.flags.proc!.length > 1 && !c.flags.failFast))('$name: a program exiting by itself leaves the other running (no --fail-fast)', async (c) => {
    const r = await renderCase(c);
    const result = await run(r, { stopSignal: null, graceMs: 1500, config: { 'queue-worker': { exitAfterMs: 300, exitCode: 3 } } });
    const info = describeRun(result);
    expect(result.programs.find((p) => p.name === 'queue-worker')?.exit?.code, info).toBe(3);
    expect(result.killed, `the container ended when one program did\n${info}`).toBe(true);
    expect(result.programs.find((p) => p.name === 'web-server')!.signals, info).toEqual([]);
  });
});
