import { existsSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test, vi } from 'vitest';
import { describeRun, pid1Support } from '../../src/app/verify/pid1.js';
import { describePid1, runAsPid1 } from '../harness/support.js';

const dir = mkdtempSync(join(tmpdir(), 'execwrap-harness-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('without namespaces, pid1Support says why and runAsPid1 refuses before the script runs', async () => {
  // A fresh copy of the module (pid1Support caches its answer), probing with namespaces forced unavailable.
  process.env.EXECWRAP_PID1_FORCE_UNAVAILABLE = '1';
  try {
    vi.resetModules();
    const fresh = await import('../../src/app/verify/pid1.js');
    expect(fresh.pid1Support()).toEqual({ ok: false, reason: 'EXECWRAP_PID1_FORCE_UNAVAILABLE is set' });
    const marker = join(dir, 'ran-without-isolation');
    const run = fresh.runAsPid1({ shell: 'dash', stopSignal: null, script: `touch ${marker}\n` });
    await expect(run).rejects.toThrow(fresh.Pid1IsolationError);
    await expect(run).rejects.toThrow('cannot isolate the run, refusing to run it: EXECWRAP_PID1_FORCE_UNAVAILABLE is set');
    expect(existsSync(marker)).toBe(false);
  } finally {
    delete process.env.EXECWRAP_PID1_FORCE_UNAVAILABLE;
    vi.resetModules();
  }
});

describePid1('PID 1 harness', () => {
  test('pid1Support says yes where namespaces work, and the run it vouches for is PID 1 of its own PID namespace', async () => {
    expect(pid1Support()).toEqual({ ok: true });
    const r = await runAsPid1({ shell: 'dash', stopSignal: null, script: 'echo "pid $$"\nreadlink /proc/1/ns/pid\n' });
    expect(r.exitCode, describeRun(r)).toBe(0);
    const [pidLine, namespace] = r.stdout.trim().split('\n');
    expect(pidLine).toBe('pid 1');
    expect(namespace).toMatch(/^pid:\[\d+\]$/);
    expect(namespace).not.toBe(readlinkSync('/proc/self/ns/pid'));
  });

  test('setup lines run as root but leave the real filesystem unchanged', async () => {
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'keep me\n');
    const tag = `execwrap-probe-${process.pid}-${Date.now()}`;
    const r = await runAsPid1({
      shell: 'dash',
      stopSignal: null,
      script: [
        'set -eu',
        `mkdir -p /opt/${tag}/data && chown nobody /opt/${tag}/data`,
        `cat > /etc/${tag}.conf <<EOF`,
        'written = yes',
        'EOF',
        `echo changed > ${victim}`,
        `chmod 000 ${victim}`,
        `rm -f ${victim}`,
        `rm -rf ${dir}`,
        `touch /usr/bin/${tag} /root/${tag}`,
        `cat /etc/${tag}.conf`,
        `[ ! -e ${victim} ] && echo "victim gone inside"`,
        'echo "pid $$"',
      ].join('\n'),
    });
    expect(r.exitCode, describeRun(r)).toBe(0);
    expect(r.stdout).toBe('written = yes\nvictim gone inside\npid 1\n');
    expect(readFileSync(victim, 'utf8')).toBe('keep me\n');
    expect(statSync(victim).mode & 0o777).not.toBe(0);
    for (const p of [`/opt/${tag}`, `/etc/${tag}.conf`, `/usr/bin/${tag}`, `/root/${tag}`]) expect(existsSync(p), p).toBe(false);
  });

  test('private network namespace: only loopback', async () => {
    const r = await runAsPid1({ shell: 'bash', stopSignal: null, script: 'cat /proc/net/dev' });
    expect(r.exitCode, describeRun(r)).toBe(0);
    const ifaces = r.stdout.split('\n').slice(2).map((l) => l.split(':')[0]!.trim()).filter(Boolean);
    expect(ifaces).toEqual(['lo']);
    const hostIfaces = readdirSync('/sys/class/net').filter((i) => i !== 'lo');
    for (const i of hostIfaces) expect(ifaces).not.toContain(i);
  });

  test('reports the exit status of a script that ends by itself, and nothing outlives it', async () => {
    const r = await runAsPid1({ shell: 'busybox', stopSignal: null, script: 'sleep 30 &\nsleep 30 &\nexit 7\n' });
    expect(r.exitCode).toBe(7);
    expect(r.killed).toBe(false);
    expect(r.leftover).toEqual([]);
  });

  test('a PID 1 that never stops is SIGKILLed at the deadline (137), taking everything with it', async () => {
    const t = Date.now();
    const r = await runAsPid1({
      shell: 'bash',
      script: "trap 'echo got TERM' TERM\nnginx &\nwhile :; do sleep 0.1; done\n",
      programs: ['nginx'],
      waitFor: ['nginx'],
      graceMs: 500,
    });
    const info = describeRun(r);
    expect(r.killed, info).toBe(true);
    expect(r.exitCode).toBe(137);
    expect(r.exitMs).toBeGreaterThanOrEqual(500);
    expect(Date.now() - t).toBeLessThan(2500);
    expect(r.stdout).toContain('got TERM');
    expect(r.programs[0]!.signals).toEqual([]);
    expect(r.programs[0]!.exit).toBeNull();
    expect(r.leftover).toEqual([]);
  });

  test('stand-ins by name, by absolute path (only inside the namespace) and behind a gosu-style exec wrapper', async () => {
    const abs = `/opt/execwrap-harness-${process.pid}/bin/server`;
    const r = await runAsPid1({
      shell: 'dash',
      script: `nginx -g 'daemon off;' &\n${abs} --port 1 &\nsu-exec app /usr/local/sbin/php-fpm -F &\nwait\n`,
      programs: ['nginx', abs, '/usr/local/sbin/php-fpm'],
      execWrappers: ['su-exec'],
      waitFor: ['nginx', 'server', 'php-fpm'],
      stopSignal: null,
      graceMs: 800,
      config: { '*': { exitAfterMs: 50, exitCode: 0 }, server: { exitAfterMs: 100, exitCode: 4 } },
    });
    const info = describeRun(r);
    expect(r.programs.map((p) => [p.name, p.argv, p.exit?.code]).sort(), info).toEqual([
      ['nginx', ['-g', 'daemon off;'], 0],
      ['php-fpm', ['-F'], 0],
      ['server', ['--port', '1'], 4],
    ]);
    expect(existsSync(abs)).toBe(false);
    expect(r.exitCode).toBe(0);
  });

  test('records each signal with its delay after the stop signal', async () => {
    const r = await runAsPid1({
      shell: 'bash',
      script: "trap 'kill -s USR1 $p; sleep 0.05; kill -s TERM $p' TERM\nworker &\np=$!\nwait $p\nwait $p\n",
      programs: ['worker'],
      waitFor: ['worker'],
      config: { worker: { shutdownMs: 50, stopExitCode: 0 } },
    });
    const w = r.programs[0]!;
    expect(w.signals.map((s) => s.sig), describeRun(r)).toEqual(['USR1', 'TERM']);
    expect(w.signals[0]!.ms).toBeGreaterThanOrEqual(0);
    expect(w.signals[0]!.ms).toBeLessThan(200);
    expect(w.exit!.ms - w.signals[1]!.ms).toBeGreaterThanOrEqual(45);
    expect(r.exitCode).toBe(0);
  });
});
