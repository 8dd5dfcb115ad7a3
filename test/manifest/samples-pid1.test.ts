/**
 * Every inline script a manifest fix changes is run as PID 1 under the shell that really runs it (dash for Debian's
 * /bin/sh, busybox ash for Alpine's, bash), with stand-ins for its programs, exactly as the runtime passes the command
 * line (`sh -ec '…'`):
 *   - stop: the fixed script's program gets the stop signal once and the container ends cleanly; the original, where
 *     the shell keeps the program as a child, is shown not to (dash) or to behave the same (a shell that execs it);
 *   - lifetime: when the program ends by itself (exit 3 after 300 ms), original and fixed end at the same time with
 *     the same status.
 */
import { join, relative } from 'node:path';
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { fixManifest } from '../../src/manifest/fix-manifest.js';
import type { AnalyzedWorkload } from '../../src/manifest/analyze/workload.js';
import { decodeSource } from '../../src/core/source.js';
import { constants as osConstants } from 'node:os';
import { describeRun, type Pid1Shell, type RunAsPid1Options, type StandinConfig } from '../../src/app/verify/pid1.js';
import { describePid1, runAsPid1 } from '../harness/support.js';
import { loadManifestSamples, sampleOptions, type ManifestSample } from '../helpers/manifest-samples.js';
import { SAMPLES_DIR } from '../helpers/samples.js';

const SHELL_BINARY = { dash: ['dash'], bash: ['bash'], ash: ['busybox', 'ash'], other: ['dash'] } as const;

/** The argv as the runtime starts it, with the shell word replaced by the binary measured for its kind. */
function commandOf(container: AnalyzedWorkload): string[] {
  const start = container.shellStart!;
  return [...SHELL_BINARY[start.identity.kind], ...start.options.map((w) => w.text.text), start.script.text.text, ...start.operands.map((w) => w.text.text)];
}

function run(command: string[] | { script: string; shell: Pid1Shell }, entry: ManifestSample['pid1'][number], lifetime: boolean) {
  const config: Record<string, StandinConfig> = {};
  for (const setup of entry.setup ?? []) config[setup] = { exitAfterMs: 0, exitCode: 0 };
  // Lifetime: the last program (the one in the foreground) ends by itself; the others keep running.
  entry.programs.forEach((program, i) => (config[program] = lifetime && i === entry.programs.length - 1 ? { exitAfterMs: 300, exitCode: 3 } : {}));
  const options: RunAsPid1Options = {
    ...(Array.isArray(command) ? { command } : { script: command.script, shell: command.shell }),
    programs: [...entry.programs, ...(entry.setup ?? [])],
    waitFor: entry.programs,
    config,
    stopSignal: lifetime ? null : entry.signal ?? 'SIGTERM',
    stopDelayMs: 150,
    graceMs: lifetime ? 4000 : 2000,
    droppedSignalCutoffMs: 800,
    ...(entry.cwd ? { cwd: entry.cwd } : {}),
    ...(entry.env ? { env: entry.env } : {}),
  };
  return runAsPid1(options);
}

const cases: { sample: ManifestSample; entry: ManifestSample['pid1'][number] }[] = loadManifestSamples().flatMap((sample) => sample.pid1.map((entry) => ({ sample, entry })));

async function scripts(sample: ManifestSample, entry: ManifestSample['pid1'][number]): Promise<{ original: string[]; fixed: string[] | { script: string; shell: Pid1Shell }; verdict: string }> {
  const path = join(sample.dir, sample.file);
  const source = decodeSource(relative(join(SAMPLES_DIR, '..'), path), readFileSync(path));
  const result = await fixManifest(source, sampleOptions(sample.dir, entry.startScript !== undefined));
  const find = (list: AnalyzedWorkload[]) => list.find((c) => c.workload.name === entry.container && c.shellStart)!;
  const before = find(result.before.analyzed.containers);
  const verdict = before.inline!.verdict ?? 'child';
  if (entry.startScript) {
    // Several programs: the fix writes a start script with the forwarding wrapper and runs it instead.
    const file = result.files.find((f) => f.path.endsWith(`/${entry.startScript}`))!;
    expect(file, `the fix writes ${entry.startScript}`).toBeDefined();
    const shell: Pid1Shell = before.shellStart!.identity.kind === 'bash' ? 'bash' : before.shellStart!.identity.kind === 'ash' ? 'busybox' : 'dash';
    return { original: commandOf(before), fixed: { script: file.text, shell }, verdict: 'child' };
  }
  const after = find(result.after.analyzed.containers);
  expect(after.inline!.report!.script.launch.ok, 'the fixed script execs its program').toBe(true);
  return { original: commandOf(before), fixed: commandOf(after), verdict };
}

describePid1('fixed inline scripts of the manifest samples, as PID 1 under their shells', () => {
  test('there are inline scripts to run', () => {
    expect(cases.length).toBeGreaterThanOrEqual(10);
  });

  for (const { sample, entry } of cases) {
    const name = `${sample.name} / ${entry.container}`;

    test(`${name}: the fixed script's program gets the stop signal once and stops cleanly`, async () => {
      const { fixed, original, verdict } = await scripts(sample, entry);
      const r = await run(fixed, entry, false);
      const info = `${describeRun(r)}\n${JSON.stringify(fixed)}`;
      expect(r.notStarted, info).toEqual([]);
      expect(r.killed, info).toBe(false);
      for (const program of r.programs.filter((p) => entry.programs.includes(p.name))) {
        expect(program.signals.map((s) => `SIG${s.sig}`), info).toEqual([entry.signal ?? 'SIGTERM']);
      }
      // An exec'd program exits 0 after its graceful stop. A written start script keeps the original's lifetime
      // (README, "What a fix keeps"): these end in a foreground program, whose own status (0) the script ends with
      // after a stop too. A fixed inline wrapper without one exits 128+n for signal n.
      expect(r.exitCode, info).toBe(Array.isArray(fixed) || entry.startScript ? 0 : 128 + osConstants.signals[entry.signal ?? 'SIGTERM']);
      const before = await run(original, entry, false);
      const beforeInfo = `${describeRun(before)}\n${JSON.stringify(original)}`;
      if (verdict === 'child') {
        // The shell stays PID 1 with the program as its child: the program never hears of the stop.
        expect(before.programs.filter((p) => entry.programs.includes(p.name)).flatMap((p) => p.signals), beforeInfo).toEqual([]);
        expect(before.killed, beforeInfo).toBe(true);
      } else {
        // A shell that execs the program itself (busybox ash, bash 5.2): the original already stops; the fix only makes it certain.
        expect(before.killed, beforeInfo).toBe(false);
      }
    });

    test(`${name}: when the program ends by itself, original and fixed end together with its status`, async () => {
      const { fixed, original } = await scripts(sample, entry);
      const a = await run(original, entry, true);
      const b = await run(fixed, entry, true);
      const info = `${describeRun(a)}\n---\n${describeRun(b)}`;
      expect(a.exitCode, info).toBe(3);
      expect(b.exitCode, info).toBe(3);
      expect(Math.abs(a.exitMs - b.exitMs), info).toBeLessThan(400);
    });
  }
});
