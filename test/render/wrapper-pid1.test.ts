/**
 * Behavioural proof of the wrapper: render prelude + launch block into small scripts, run them as PID 1 of a
 * fresh PID namespace under dash, busybox ash and bash (and behind tini / dumb-init --single-child), stop them
 * from outside like `docker stop`, and check what each stand-in program received.
 */
import { expect, test } from 'vitest';
import { describeRun } from '../../src/verify/pid1.js';
import { describePid1 } from '../harness/support.js';
import { TWO, expectGraceful, run, signalsOf, wrapped, type Variant } from './wrapper-helpers.js';

const VARIANTS: Variant[] = [
  { label: 'sh template / dash / set -eu', dialect: 'sh', shell: 'dash', set: 'set -eu' },
  { label: 'sh template / busybox ash / set -euf, IFS=:', dialect: 'sh', shell: 'busybox', set: 'set -euf\nIFS=:' },
  { label: 'sh template / bash / set -eu', dialect: 'sh', shell: 'bash', set: 'set -eu' },
  { label: 'bash template / bash / set -euo pipefail, IFS=$\'\\n\\t\'', dialect: 'bash', shell: 'bash', set: "set -euo pipefail\nIFS=$'\\n\\t'" },
  { label: 'sh template / dash / tini --', dialect: 'sh', shell: 'dash', set: 'set -eu', init: ['tini', '--'] },
  { label: 'bash template / bash / tini --', dialect: 'bash', shell: 'bash', set: 'set -euo pipefail', init: ['tini', '--'] },
  { label: 'sh template / busybox ash / dumb-init --single-child', dialect: 'sh', shell: 'busybox', set: 'set -eu', init: ['dumb-init', '--single-child'] },
  { label: 'bash template / bash / dumb-init --single-child', dialect: 'bash', shell: 'bash', set: 'set -euo pipefail', init: ['dumb-init', '--single-child'] },
];

describePid1('wrapper as PID 1', () => {
  for (const v of VARIANTS) {
    test(`${v.label}: TERM reaches every program exactly once, script exits 143`, async () => {
      const r = await run(v, { script: wrapped(v) });
      expectGraceful(r, { nginx: ['TERM'], 'php-fpm': ['TERM'] });
      expect(r.exitCode, describeRun(r)).toBe(143);
      expect(r.exitMs, describeRun(r)).toBeLessThan(1100);
    });

    test(`${v.label}: fail fast — a program exiting 3 stops the others with one TERM, script exits 3`, async () => {
      const r = await run(v, {
        script: wrapped(v),
        stopSignal: null,
        graceMs: 4000,
        config: { 'php-fpm': { exitAfterMs: 300, exitCode: 3 } },
      });
      const info = describeRun(r);
      expect(r.killed, info).toBe(false);
      expect(r.exitCode, info).toBe(3);
      expect(signalsOf(r, 'php-fpm'), info).toEqual([]);
      expect(signalsOf(r, 'nginx'), info).toEqual(['TERM']);
      const failed = r.programs.find((p) => p.name === 'php-fpm')!.exit!.t;
      const term = r.programs.find((p) => p.name === 'nginx')!.signals[0]!.t;
      // dash/ash wake on CHLD at once; bash running the sh template polls once a second (docs/wrapper.md).
      expect(term - failed, info).toBeLessThan(v.shell === 'bash' && v.dialect === 'sh' ? 1200 : 200);
      expect(r.leftover).toEqual([]);
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

    test(`${v.label}: exitWhenDone false runs the lines after the block once the programs have ended`, async () => {
      const r = await run(v, {
        script: wrapped(v, { exitWhenDone: false, trailing: 'cleanup "$_ew_status"\nexit "$_ew_status"' }),
        programs: ['nginx', 'php-fpm', 'cleanup'],
        config: { cleanup: { exitAfterMs: 20 } },
      });
      expectGraceful(r, { nginx: ['TERM'], 'php-fpm': ['TERM'] });
      const info = describeRun(r);
      const cleanup = r.programs.find((p) => p.name === 'cleanup');
      expect(cleanup, info).toBeDefined();
      expect(cleanup!.argv, info).toEqual(['143']);
      const lastExit = Math.max(...r.programs.filter((p) => p.name !== 'cleanup').map((p) => p.exit!.t));
      expect(cleanup!.startedAt, info).toBeGreaterThanOrEqual(lastExit);
      expect(r.exitCode, info).toBe(143);
    });

    test(`${v.label}: one-program wrapper (exitWhenDone false) forwards TERM and keeps the trailing lines`, async () => {
      const r = await run(v, {
        script: wrapped(v, { launches: [{ command: 'gunicorn app:x' }], exitWhenDone: false, trailing: 'cleanup' }),
        programs: ['gunicorn', 'cleanup'],
        waitFor: ['gunicorn'],
        config: { cleanup: { exitAfterMs: 10, exitCode: 0 } },
      });
      expectGraceful(r, { gunicorn: ['TERM'] });
      expect(r.programs.map((p) => p.name), describeRun(r)).toEqual(['gunicorn', 'cleanup']);
      expect(r.exitCode).toBe(0);
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
      const r = await run(v, {
        script: wrapped(v),
        config: { '*': { shutdownMs: 600 } },
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
      expectGraceful(r, { nginx: ['TERM', 'QUIT'], 'php-fpm': ['TERM', 'QUIT'] }, 600);
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

