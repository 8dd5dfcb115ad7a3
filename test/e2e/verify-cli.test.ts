/**
 * `execwrap verify --engine docker` on a real engine, as a user runs it: the text report, the stop when the
 * HEALTHCHECK says healthy, --image, a failing build, Ctrl-C in the middle, a sample image with real programs
 * from Debian's packages, and that nothing verify made is left on the engine.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { EngineReport } from '../../src/app/verify/engine.js';
import { describeEngine } from '../harness/engine.js';
import { cli, docker, imageContexts, leftovers, show } from './support.js';

const BY_HAND = 'execwrap-e2e-by-hand:1';

describeEngine('Docker end-to-end: execwrap verify --engine docker as a user runs it', () => {
  let contexts = '';
  beforeAll(() => {
    contexts = imageContexts(['keep-alive', 'one-program-no-exec']);
  });
  afterAll(() => {
    if (contexts) rmSync(contexts, { recursive: true, force: true });
    docker(['rmi', '-f', BY_HAND]);
  });

  test('text report; without --up-after the stop comes when the HEALTHCHECK says healthy; the original is SIGKILLed (exit 1)', async () => {
    const r = await cli(['verify', '--engine', 'docker', '--network', 'host', '--grace', '3', join(contexts, 'keep-alive')]);
    expect(r.status, show(r)).toBe(1);
    expect(r.stdout).toContain('; `docker stop -t 3` when the HEALTHCHECK says healthy, else 5 s after the start');
    const up = /before the stop +still running after ([\d.]+) s \(healthy\)/.exec(r.stdout);
    expect(up, show(r)).not.toBeNull();
    // --interval=1s: healthy after about a second, well before the 5 s default
    expect(Number(up![1])).toBeLessThan(4);
    expect(r.stdout).toMatch(/stop time +3(\.\d)? s/);
    expect(r.stdout).toMatch(/exit code +137/);
    expect(r.stdout).toMatch(/SIGKILLed +yes, at the 3 s grace/);
    expect(r.stdout).toMatch(/last log lines:\n(.*\n)*? +standin web: started pid \d+ as root/);
    expect(r.stdout).toContain('FAIL  SIGKILLed at the end of the 3 s grace (exit 137): SIGTERM did not stop it');
    expect(r.stderr).toContain('execwrap verify: building the original image');
  }, 120_000);

  test('--image: an image built by hand is run as it is, and kept', async () => {
    const built = docker(['build', '-q', '-t', BY_HAND, join(contexts, 'one-program-no-exec')]);
    expect(built.status, built.stderr).toBe(0);
    const r = await cli(['verify', '--engine', 'docker', '--image', BY_HAND, '--grace', '2', '--up-after', '1', '-f', 'json']);
    expect(r.status, show(r)).toBe(1);
    const report = JSON.parse(r.stdout) as EngineReport;
    expect(report.runs[0]).toMatchObject({ image: BY_HAND, built: false, command: ['/usr/local/bin/docker-entrypoint.sh'], stop: { exitCode: 137, killed: true } });
    expect(docker(['image', 'inspect', BY_HAND]).status).toBe(0);
    expect(leftovers(report.label)).toEqual([]);
  });

  test('a build that fails: exit 2, the build output shown, nothing left behind', async () => {
    const folder = join(contexts, 'broken');
    mkdirSync(folder);
    writeFileSync(join(folder, 'Dockerfile'), 'FROM debian:bookworm-slim\nRUN echo "about to fail" && false\nCMD ["sleep", "infinity"]\n');
    const r = await cli(['verify', '--engine', 'docker', folder]);
    expect(r.status, show(r)).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('about to fail');
    expect(r.stderr).toMatch(/returned a non-zero code: 1|exit code: 1/);
    expect(r.stderr).toContain('execwrap: docker build of the original image failed (exit 1); nothing was run');
    expect(docker(['ps', '-aq', '--filter', 'label=io.execwrap.verify', '--filter', 'ancestor=debian:bookworm-slim']).stdout.trim()).toBe('');
  });

  test('Ctrl-C while the containers run: exit 130, and every container and image of that run is removed', async () => {
    let kill: (signal: NodeJS.Signals) => void = () => {};
    const running = cli(['verify', '--engine', 'docker', '--compare', '--network', 'host', '--grace', '30', '--up-after', '60', join(contexts, 'keep-alive')], {
      onSpawn: (k) => (kill = k),
    });
    // Wait until both containers run, then interrupt, as a person pressing Ctrl-C would (SIGINT).
    let labels: string[] = [];
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      const ps = docker(['ps', '--filter', 'label=io.execwrap.verify', '--format', '{{.Label "io.execwrap.verify"}} {{.Names}}']).stdout.split('\n').filter(Boolean);
      const mine = ps.filter((l) => l.includes('-original') || l.includes('-fixed'));
      if (mine.length >= 2) {
        labels = [...new Set(mine.map((l) => `io.execwrap.verify=${l.split(' ')[0]}`))];
        break;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(labels, 'both containers came up').toHaveLength(1);
    kill('SIGINT');
    const r = await running;
    expect(r.status, show(r)).toBe(130);
    expect(r.stderr).toContain('SIGINT: removing the containers and images verify made');
    expect(leftovers(labels[0]!)).toEqual([]);
  }, 180_000);

  test('a sample with real programs from Debian (samples/supervisord-no-exec): SIGKILLed as written; after the fix supervisord gets TERM and stops nginx and php-fpm', async () => {
    const r = await cli(['verify', '--engine', 'docker', '--compare', '--network', 'host', '--grace', '8', '--up-after', '3', '-f', 'json', 'samples/supervisord-no-exec'], { timeoutMs: 400_000 });
    expect(r.status, show(r)).toBe(0);
    const report = JSON.parse(r.stdout) as EngineReport;
    expect(report.fix?.changed).toEqual(['start.sh']);
    const [original, fixed] = report.runs;
    expect(original!.stop, show(r)).toMatchObject({ exitCode: 137, killed: true });
    expect(fixed!.stop, show(r)).toMatchObject({ exitCode: 0, killed: false });
    expect(fixed!.stop!.ms).toBeLessThan(8000);
    expect(fixed!.logs.join('\n')).toMatch(/received SIGTERM indicating exit request/);
    expect(fixed!.logs.join('\n')).toMatch(/stopped: nginx \(exit status 0\)/);
    expect(original!.logs.join('\n')).not.toMatch(/received SIGTERM/);
    expect(leftovers(report.label)).toEqual([]);
  }, 420_000);
});
