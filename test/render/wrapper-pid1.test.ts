/**
 * Behavioural proof of the wrapper: render the prelude and the launch lines into small scripts, run them as PID 1 of
 * a fresh PID namespace under dash, busybox ash and bash (and behind tini / dumb-init --single-child), stop them
 * from outside like `docker stop` (or let a program end by itself), and check what each stand-in program received
 * and when the script ended, with which status.
 */
import { expect, test } from 'vitest';
import { describeRun } from '../../src/app/verify/pid1.js';
import { describePid1 } from '../harness/support.js';
import { TWO, VARIANTS, endOf, expectGraceful, run, signalsOf, wrapped } from './wrapper-helpers.js';


/**
 * How much later than the moment its rule is met the wrapped script may end: the programs it stops then get TERM
 * and take the stand-ins' 100 ms to shut down, plus wake-up and process start-up on a loaded two-core machine.
 */
const END_TOLERANCE_MS = 100 + 400;

describePid1('wrapper as PID 1', () => {
  for (const v of VARIANTS) {
    test(`${v.label}: TERM reaches every program exactly once, script exits 143`, async () => {
      const r = await run(v, { script: wrapped(v) });
      expectGraceful(r, { nginx: ['TERM'], 'php-fpm': ['TERM'] });
      expect(r.exitCode, describeRun(r)).toBe(143);
      expect(r.exitMs, describeRun(r)).toBeLessThan(1100);
    });

    test(`${v.label}: "first" (wait -n, --fail-fast) — a program exiting 3 stops the other with one TERM, script exits 3`, async () => {
      const r = await run(v, { script: wrapped(v, { until: 'first' }), stopSignal: null, graceMs: 4000, config: { 'php-fpm': { exitAfterMs: 300, exitCode: 3 } } });
      const info = describeRun(r);
      expect(r.killed, info).toBe(false);
      expect(r.exitCode, info).toBe(3);
      expect(signalsOf(r, 'php-fpm'), info).toEqual([]);
      expect(signalsOf(r, 'nginx'), info).toEqual(['TERM']);
      const failed = r.programs.find((p) => p.name === 'php-fpm')!.exit!.t;
      const term = r.programs.find((p) => p.name === 'nginx')!.signals[0]!.t;
      expect(term - failed, info).toBeLessThan(200);
      expect(r.exitMs - endOf(r, 'php-fpm'), info).toBeLessThan(END_TOLERANCE_MS);
      expect(r.leftover).toEqual([]);
    });

    test(`${v.label}: "main" (A & … exec B) — B exiting 3 ends the script with 3; A gets one TERM first`, async () => {
      const r = await run(v, { script: wrapped(v, { until: 'main' }), stopSignal: null, graceMs: 4000, config: { 'php-fpm': { exitAfterMs: 400, exitCode: 3 } } });
      const info = describeRun(r);
      expect(r.killed, info).toBe(false);
      expect(r.exitCode, info).toBe(3);
      expect(signalsOf(r, 'nginx'), info).toEqual(['TERM']);
      expect(r.exitMs - endOf(r, 'php-fpm'), info).toBeLessThan(END_TOLERANCE_MS);
    });
  }

  for (const v of VARIANTS.filter((x) => !x.init || x.shell === 'dash')) {
    test(`${v.label}: "main" — a one-shot helper ending (0, then 3) never stops the container`, async () => {
      for (const exitCode of [0, 3]) {
        const r = await run(v, { script: wrapped(v, { until: 'main' }), stopSignal: null, graceMs: 1500, config: { nginx: { exitAfterMs: 200, exitCode } } });
        const info = describeRun(r);
        expect(endOf(r, 'nginx'), info).toBeLessThan(1000);
        expect(r.killed, `the script ended when the helper did\n${info}`).toBe(true);
        expect(signalsOf(r, 'php-fpm'), info).toEqual([]);
      }
    });

    test(`${v.label}: "all" (wait, keep-alive) — one program ending by itself leaves the others running`, async () => {
      const r = await run(v, { script: wrapped(v, { until: 'all' }), stopSignal: null, graceMs: 1500, config: { 'php-fpm': { exitAfterMs: 200, exitCode: 3 } } });
      const info = describeRun(r);
      expect(endOf(r, 'php-fpm'), info).toBeLessThan(1000);
      expect(r.killed, `the script ended when one program did\n${info}`).toBe(true);
      expect(signalsOf(r, 'nginx'), info).toEqual([]);
    });

    test(`${v.label}: "all" — once every program has ended by itself the script ends with 0, as \`wait\` does`, async () => {
      const r = await run(v, { script: wrapped(v, { until: 'all' }), stopSignal: null, graceMs: 3000, config: { 'php-fpm': { exitAfterMs: 200, exitCode: 3 }, nginx: { exitAfterMs: 500, exitCode: 4 } } });
      const info = describeRun(r);
      expect(r.killed, info).toBe(false);
      expect(r.exitCode, info).toBe(0);
      expect(r.exitMs - endOf(r, 'nginx'), info).toBeLessThan(END_TOLERANCE_MS);
    });

    test(`${v.label}: "main" — after TERM the script ends with the main program's own status`, async () => {
      const r = await run(v, { script: wrapped(v, { until: 'main' }), config: { 'php-fpm': { stopExitCode: 7 } } });
      expectGraceful(r, { nginx: ['TERM'], 'php-fpm': ['TERM'] });
      expect(r.exitCode, describeRun(r)).toBe(7);
    });
  }

  for (const v of VARIANTS.filter((x) => !x.init)) {
    test(`${v.label}: a stop signal during setup ends the script at once with 143, nothing is started`, async () => {
      const r = await run(v, {
        script: wrapped(v, { setup: 'migrate\nmigrate' }),
        programs: ['migrate', 'nginx', 'php-fpm'],
        waitFor: ['migrate'],
        config: { migrate: { exitAfterMs: 300, handle: [] } },
      });
      const info = describeRun(r);
      expect(r.exitCode, info).toBe(143);
      expect(r.killed, info).toBe(false);
      // The trap runs when the foreground step ends (SHELL-FACTS 7): one migrate ran, the second never started.
      expect(r.programs.map((p) => p.name), info).toEqual(['migrate']);
      const migrateEnd = r.programs[0]!.exit!.ms;
      expect(r.exitMs - migrateEnd, info).toBeLessThan(150);
    });

    test(`${v.label}: lines after the wait run once the programs have ended, and see its status in $?`, async () => {
      const script = wrapped({ ...v, set: v.set.replace(/e/, '') }, { trailing: 'cleanup "$?"\nexit 0' });
      const r = await run(v, { script, programs: ['nginx', 'php-fpm', 'cleanup'], config: { cleanup: { exitAfterMs: 20 } } });
      expectGraceful(r, { nginx: ['TERM'], 'php-fpm': ['TERM'] });
      const info = describeRun(r);
      const cleanup = r.programs.find((p) => p.name === 'cleanup');
      expect(cleanup, info).toBeDefined();
      expect(cleanup!.argv, info).toEqual(['143']);
      const lastExit = Math.max(...r.programs.filter((p) => p.name !== 'cleanup').map((p) => p.exit!.t));
      expect(cleanup!.startedAt, info).toBeGreaterThanOrEqual(lastExit);
      expect(r.exitCode, info).toBe(0);
    });

    test(`${v.label}: under set -e a failing wait ends the script there, with its status, as \`wait\` would`, async () => {
      const r = await run(v, {
        script: wrapped(v, { until: 'first', trailing: 'cleanup' }),
        programs: ['nginx', 'php-fpm', 'cleanup'],
        stopSignal: null,
        config: { 'php-fpm': { exitAfterMs: 300, exitCode: 3 } },
      });
      const info = describeRun(r);
      expect(r.exitCode, info).toBe(3);
      expect(r.programs.map((p) => p.name), info).not.toContain('cleanup');
    });

    test(`${v.label}: one program under the wrapper (cleanup lines or an EXIT trap follow): TERM, then the lines run`, async () => {
      const r = await run(v, {
        script: wrapped(v, { launches: [{ command: 'gunicorn app:x' }], until: 'main', setup: "trap 'cleanup exit-trap' EXIT", trailing: 'cleanup after' }),
        programs: ['gunicorn', 'cleanup'],
        waitFor: ['gunicorn'],
        config: { cleanup: { exitAfterMs: 10, exitCode: 0 } },
      });
      expectGraceful(r, { gunicorn: ['TERM'] });
      const info = describeRun(r);
      expect(r.programs.map((p) => `${p.name} ${p.argv.join(' ')}`.trim()), info).toEqual(['gunicorn app:x', 'cleanup after', 'cleanup exit-trap']);
      expect(r.exitCode, info).toBe(0);
    });

    // Orphans re-parented to PID 1 end all the time (a program's short-lived grandchildren): each end is a CHLD for
    // the script, so a CHLD trap runs while another trap runs. dash and busybox ash then hand the inner command the
    // status the outer trap interrupted, and `set -e` took it for a failure: dash ended the script within 0.1-2.5 s,
    // with no stop signal, or on a stop without passing it on (F21). Measured with the prelude before v3.
    const orphanStorm = `(while :; do (sh -c 'exit 0' &); done) &`;
    test(`${v.label}: orphans ending all the time (traps inside traps) neither end the script nor lose a stop`, async () => {
      const quiet = await run(v, { script: wrapped(v, { setup: orphanStorm, until: 'main' }), stopSignal: null, graceMs: 2500 });
      let info = describeRun(quiet);
      expect(quiet.killed, `the script ended with no program ended and no stop signal\n${info}`).toBe(true);
      expect(signalsOf(quiet, 'nginx'), info).toEqual([]);
      expect(signalsOf(quiet, 'php-fpm'), info).toEqual([]);
      // A second docker stop every 25 ms while the programs shut down: each runs the stop trap again, with CHLDs inside.
      const extraSignals = Array.from({ length: 40 }, (_, i) => ({ signal: 'SIGTERM' as const, afterMs: 25 * (i + 1) }));
      const stopped = await run(v, { script: wrapped(v, { setup: orphanStorm }), stopDelayMs: 500, extraSignals, config: { nginx: { shutdownMs: 1100 }, 'php-fpm': { shutdownMs: 1100 } } });
      info = describeRun(stopped);
      expectGraceful(stopped, { nginx: ['TERM'], 'php-fpm': ['TERM'] }, 1100);
      expect(stopped.exitCode, info).toBe(143);
    });

    test(`${v.label}: INT goes on as TERM (children of & ignore INT); exit 130`, async () => {
      const r = await run(v, {
        script: wrapped(v, { launches: [...TWO, { command: 'node /srv/app.js' }] }),
        programs: ['nginx', 'php-fpm', 'node'],
        waitFor: ['nginx', 'php-fpm', 'node'],
        stopSignal: 'SIGINT',
        config: { node: { handle: ['TERM'] } },
      });
      expectGraceful(r, { nginx: ['TERM'], 'php-fpm': ['TERM'], node: ['TERM'] });
      expect(r.exitCode).toBe(130);
    });

    test(`${v.label}: QUIT goes on as QUIT to nginx/php-fpm (graceful stop), as TERM to programs without a handler; exit 131`, async () => {
      const r = await run(v, {
        script: wrapped(v, { launches: [...TWO, { command: 'node /srv/app.js' }] }),
        programs: ['nginx', 'php-fpm', 'node'],
        waitFor: ['nginx', 'php-fpm', 'node'],
        stopSignal: 'SIGQUIT',
        config: { node: { handle: ['TERM'] } },
      });
      expectGraceful(r, { nginx: ['QUIT'], 'php-fpm': ['QUIT'], node: ['TERM'] });
      expect(r.exitCode).toBe(131);
    });

    test(`${v.label}: HUP stops the programs with TERM; exit 129`, async () => {
      const r = await run(v, { script: wrapped(v), stopSignal: 'SIGHUP' });
      expectGraceful(r, { nginx: ['TERM'], 'php-fpm': ['TERM'] });
      expect(r.exitCode).toBe(129);
    });

    test(`${v.label}: repeated stop signals never deliver the same signal twice`, async () => {
      // The programs keep running (and logging every signal) well past the last signal sent and past each other's
      // exit, so a duplicate sent in reaction to either would be seen.
      const r = await run(v, {
        script: wrapped(v),
        config: { nginx: { shutdownMs: 900 }, 'php-fpm': { shutdownMs: 1300 } },
        extraSignals: [
          { signal: 'SIGTERM', afterMs: 100 },
          { signal: 'SIGINT', afterMs: 150 },
          { signal: 'SIGQUIT', afterMs: 200 },
          { signal: 'SIGHUP', afterMs: 250 },
          { signal: 'SIGQUIT', afterMs: 300 },
          { signal: 'SIGTERM', afterMs: 350 },
        ],
      });
      // INT and HUP go on as TERM, already sent; QUIT is a different signal (they handle it): once.
      expectGraceful(r, { nginx: ['TERM', 'QUIT'], 'php-fpm': ['TERM', 'QUIT'] }, 1300);
      expect(r.exitCode).toBe(143);
    });

    test(`${v.label}: launches as the fixer writes them (env prefix, redirections, continuations, cd && exec, absolute paths, gosu)`, async () => {
      const launches = [
        { command: 'FOO=1 gunicorn app:x --bind "0.0.0.0:${PORT:-8000}" >>/var/log/g.log 2>&1' },
        { command: 'celery -A proj worker \\\n    --loglevel=info \\\n    --concurrency=2' },
        { command: 'cd /srv && exec node server.js' },
        { command: "/usr/sbin/nginx -g 'daemon off;'" },
        { command: 'exec gosu www-data /opt/app/bin/server --port 9000' },
      ];
      const r = await run(v, {
        script: wrapped(v, { launches, setup: 'mkdir -p /srv' }),
        programs: ['gunicorn', 'celery', 'node', '/usr/sbin/nginx', '/opt/app/bin/server'],
        execWrappers: ['gosu'],
        waitFor: ['gunicorn', 'celery', 'node', 'nginx', 'server'],
      });
      expectGraceful(r, { gunicorn: ['TERM'], celery: ['TERM'], node: ['TERM'], nginx: ['TERM'], server: ['TERM'] });
      const info = describeRun(r);
      expect(r.programs.find((p) => p.name === 'celery')!.argv, info).toEqual(['-A', 'proj', 'worker', '--loglevel=info', '--concurrency=2']);
      expect(r.programs.find((p) => p.name === 'gunicorn')!.argv, info).toEqual(['app:x', '--bind', '0.0.0.0:8000']);
      expect(r.programs.find((p) => p.name === 'server')!.argv, info).toEqual(['--port', '9000']);
      expect(r.exitCode).toBe(143);
    });
  }

  test('a helper that daemonizes (forks and exits 0 at once) does not end a "main" script; TERM still stops it', async () => {
    const v = VARIANTS[0]!;
    const quiet = await run(v, { script: wrapped(v, { until: 'main' }), stopSignal: null, graceMs: 1500, config: { nginx: { daemonize: true } } });
    let info = describeRun(quiet);
    expect(quiet.programs.some((p) => p.name === 'nginx' && p.daemon), info).toBe(true);
    expect(quiet.killed, `the script ended when the helper daemonized\n${info}`).toBe(true);
    const stopped = await run(v, { script: wrapped(v, { until: 'main' }), config: { nginx: { daemonize: true } } });
    info = describeRun(stopped);
    expect(signalsOf(stopped, 'php-fpm'), info).toEqual(['TERM']);
    expect(stopped.exitCode, info).toBe(0);
  });

  test('after the main program ends, a helper that ignores TERM gets 10 s, then the script ends with the main status', async () => {
    const v = VARIANTS[0]!;
    const r = await run(v, {
      script: wrapped(v, { until: 'main' }),
      stopSignal: null,
      graceMs: 20_000,
      config: { nginx: { ignore: ['TERM'] }, 'php-fpm': { exitAfterMs: 200, exitCode: 3 } },
    });
    const info = describeRun(r);
    expect(r.killed, info).toBe(false);
    expect(r.exitCode, info).toBe(3);
    expect(signalsOf(r, 'nginx'), info).toEqual(['TERM']);
    const after = r.exitMs - endOf(r, 'php-fpm');
    expect(after, info).toBeGreaterThan(9900);
    expect(after, info).toBeLessThan(13_000);
  });

  test('a program that ignores TERM: the others stop, the script waits and is SIGKILLed at the deadline', async () => {
    const v = VARIANTS[0]!;
    const r = await run(v, { script: wrapped(v), graceMs: 1200, config: { 'php-fpm': { ignore: ['TERM'] } } });
    const info = describeRun(r);
    expect(signalsOf(r, 'nginx'), info).toEqual(['TERM']);
    expect(signalsOf(r, 'php-fpm'), info).toEqual(['TERM']);
    expect(r.killed, info).toBe(true);
    expect(r.exitCode).toBe(137);
    expect(r.leftover).toEqual([]);
  });
});
