/**
 * `execwrap verify` through the CLI, in a child process (bin/execwrap.js, the built dist/): originals fail, fixed
 * versions pass, the JSON shape, --compare, an image folder behind its init, the refusal without namespaces, and
 * that nothing outlives a run or touches the real filesystem.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { describePid1, needPrograms } from '../harness/support.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'execwrap.js');
const dir = mkdtempSync(join(tmpdir(), 'execwrap-verify-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Cli {
  status: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string> = {}): Cli {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function show(r: Cli): string {
  return `exit ${r.status}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`;
}

/** Host processes whose environment names this stand-in (EXECWRAP_STANDIN_NAME=name) or whose cmdline has `needle`. */
function processesWith(needle: string): number[] {
  const found: number[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e) || Number(e) === process.pid) continue;
    try {
      const env = readFileSync(`/proc/${e}/environ`, 'utf8');
      const cmd = readFileSync(`/proc/${e}/cmdline`, 'utf8');
      if (env.includes(`EXECWRAP_STANDIN_NAME=${needle}\0`) || cmd.includes(needle)) found.push(Number(e));
    } catch {
      /* gone */
    }
  }
  return found;
}

/** The fixed version of a sample script, written under the same name in a fresh folder. */
function fixed(sampleScript: string): string {
  const r = cli(['fix', sampleScript]);
  expect(r.status, show(r)).toBe(0);
  const out = join(mkdtempSync(join(dir, 'fixed-')), sampleScript.split('/').pop()!);
  writeFileSync(out, r.stdout, { mode: 0o755 });
  return out;
}

const SAMPLES: { script: string; args?: string[] }[] = [
  { script: 'samples/nginx-php-fpm-bg-wait/start.sh' },
  { script: 'samples/django-gunicorn-no-exec/docker-entrypoint.sh' },
  { script: 'samples/sleep-infinity-keepalive/docker-entrypoint.sh' },
  { script: 'samples/trap-wrapper-sh-sigterm/entrypoint.sh' },
  { script: 'samples/case-dispatch-no-exec/docker-entrypoint.sh', args: ['web'] },
];

test('the refusal without namespace rights: exit 2, says why, and the script never runs', () => {
  const marker = join(dir, 'ran-unisolated');
  const script = join(dir, 'refuse.sh');
  writeFileSync(script, `#!/bin/sh\ntouch ${marker}\nnginx -g 'daemon off;' &\nwait\n`, { mode: 0o755 });
  for (const format of ['text', 'json']) {
    const r = cli(['verify', script, '-f', format], { EXECWRAP_PID1_FORCE_UNAVAILABLE: '1' });
    expect(r.status, show(r)).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('isolated namespaces are not available');
    expect(r.stderr).toContain('run it as root');
    expect(r.stderr).toContain('user namespaces');
    expect(r.stderr).toContain('The script was not run');
  }
  expect(existsSync(marker)).toBe(false);
});

describe('verify usage errors (exit 2)', () => {
  test('a missing file, a bad signal, a bad grace', () => {
    expect(cli(['verify', join(dir, 'nope.sh')]).status).toBe(2);
    const sig = cli(['verify', 'samples/django-gunicorn-no-exec/docker-entrypoint.sh', '--signal', 'BOGUS']);
    expect(sig.status).toBe(2);
    expect(sig.stderr).toContain('not a signal name');
    const grace = cli(['verify', 'samples/django-gunicorn-no-exec/docker-entrypoint.sh', '--grace', 'soon']);
    expect(grace.status).toBe(2);
    expect(grace.stderr).toContain('--grace');
  });

  test('--exit: PROGRAM=STATUS[@ms], a program of the script, not with --real', () => {
    const script = 'samples/kafka-topics-helper-exec/start.sh';
    for (const bad of ['create-topics.sh', 'create-topics.sh=x', 'create-topics.sh=300', 'create-topics.sh=1@soon']) {
      const r = cli(['verify', script, '--exit', bad]);
      expect(r.status, show(r)).toBe(2);
      expect(r.stderr).toContain('give PROGRAM=STATUS or PROGRAM=STATUS@MS');
    }
    const unknown = cli(['verify', script, '--exit', 'zookeeper=1']);
    expect(unknown.status, show(unknown)).toBe(2);
    expect(unknown.stderr).toContain('--exit zookeeper: not a program of this script (its programs: create-topics.sh, kafka-server-start.sh)');
    const real = cli(['verify', script, '--real', '--exit', 'create-topics.sh=0']);
    expect(real.status, show(real)).toBe(2);
    expect(real.stderr).toContain('cannot be used with --real');
  });

  test('a passthrough script without the command to run says what to give', () => {
    const r = cli(['verify', 'samples/redis-passthrough-ok/docker-entrypoint.sh']);
    expect(r.status, show(r)).toBe(2);
    expect(r.stderr).toContain('execwrap verify start.sh -- redis-server');
  });
});

describePid1('execwrap verify', () => {
  for (const sample of SAMPLES) {
    test(`${sample.script}: the original fails (exit 1), the fixed version passes (exit 0)`, () => {
      const args = sample.args ? ['--', ...sample.args] : [];
      const original = cli(['verify', sample.script, '--grace', '3', ...args]);
      expect(original.status, show(original)).toBe(1);
      expect(original.stdout).toMatch(/^FAIL {2}/m);
      expect(original.stdout).toMatch(/never received SIGTERM|no program received SIGTERM/);
      const after = cli(['verify', fixed(sample.script), '--grace', '3', ...args]);
      expect(after.status, show(after)).toBe(0);
      expect(after.stdout).toMatch(/^PASS {2}every program received SIGTERM and stopped; the container stopped after [\d.]+ m?s \(grace 3 s\)$/m);
    });
  }

  test('--compare --exit: a one-shot helper ending leaves both running; the main program ending ends both with its status', () => {
    const script = 'samples/kafka-topics-helper-exec/start.sh';
    const helper = cli(['verify', script, '--compare', '--exit', 'create-topics.sh=0@300']);
    expect(helper.status, show(helper)).toBe(0);
    expect(helper.stdout).toMatch(/^ {2}kafka-server-start\.sh +no signal; still running +no signal; still running +yes$/m);
    expect(helper.stdout).toMatch(/^ {2}PID 1 +still running +still running +yes$/m);
    expect(helper.stdout).toContain('PASS  the fix keeps when the script ends: both kept running');

    const main = cli(['verify', script, '--compare', '--exit', 'kafka-server-start.sh=3@300', '-f', 'json']);
    expect(main.status, show(main)).toBe(0);
    const report = JSON.parse(main.stdout);
    expect(report.exits).toEqual([{ name: 'kafka-server-start.sh', status: 3, afterMs: 300 }]);
    expect(report.lifetime.kept).toBe(true);
    expect(report.runs.map((r: { lifetime: { ended: boolean; exitCode: number } }) => [r.lifetime.ended, r.lifetime.exitCode])).toEqual([[true, 3], [true, 3]]);
    // The original's PID 1 ends at once and the kernel kills the helper; the fix stops it with TERM first.
    const [original, fixedRun] = report.runs as { programs: { name: string; end: string; signals: { signal: string }[] }[] }[];
    expect(original!.programs.find((p) => p.name === 'create-topics.sh')!.end).toBe('gone');
    expect(fixedRun!.programs.find((p) => p.name === 'create-topics.sh')!.signals.map((x) => x.signal)).toEqual(['SIGTERM']);
    expect(report.lifetime.programs).toContainEqual(expect.objectContaining({ name: 'create-topics.sh', same: true, detail: expect.stringContaining('stopped with TERM instead of killed') }));
  });

  test('--exit without --compare: how the script ends by itself (a keep-alive keeps it running)', () => {
    const r = cli(['verify', 'samples/sleep-infinity-keepalive/docker-entrypoint.sh', '--exit', 'cron=0@200', '--exit', 'python3=0@200']);
    expect(r.status, show(r)).toBe(0);
    expect(r.stdout).toMatch(/^ {2}PID 1 +still running$/m);
    const fixedRun = cli(['verify', fixed('samples/sleep-infinity-keepalive/docker-entrypoint.sh'), '--exit', 'cron=0@200', '--exit', 'python3=0@200']);
    expect(fixedRun.status, show(fixedRun)).toBe(0);
    expect(fixedRun.stdout).toMatch(/^ {2}PID 1 +exit 0 \+\d+ ms$/m);
  });

  test('the default verdict names the Kubernetes grace period, and the cut-short run says so', () => {
    const r = cli(['verify', 'samples/django-gunicorn-no-exec/docker-entrypoint.sh']);
    expect(r.status, show(r)).toBe(1);
    expect(r.stdout).toContain('FAIL  no program received SIGTERM; the container would be killed after 30 s');
    expect(r.stdout).toContain('PID 1 has no handler for SIGTERM: the kernel drops it');
    expect(r.stdout).toContain('30 s (projected)');
  });

  test('--format json: the documented shape', () => {
    const r = cli(['verify', 'samples/nginx-php-fpm-bg-wait/start.sh', '--grace', '3', '-f', 'json', '--compare']);
    expect(r.status, show(r)).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(Object.keys(report).sort()).toEqual(['graceSeconds', 'kind', 'mode', 'passed', 'runs', 'target', 'version']);
    expect(report).toMatchObject({ version: 1, target: 'samples/nginx-php-fpm-bg-wait/start.sh', kind: 'script', mode: 'stand-ins', graceSeconds: 3, passed: true });
    expect(report.runs.map((x: { variant: string }) => x.variant)).toEqual(['original', 'fixed']);
    for (const run of report.runs) {
      expect(Object.keys(run).sort()).toEqual(
        ['command', 'init', 'leftover', 'notes', 'passed', 'pid1', 'programs', 'projected', 'signal', 'signalSource', 'stderr', 'stdout', 'stopMs', 'variant', 'verdict'].sort(),
      );
      expect(run).toMatchObject({ signal: 'SIGTERM', signalSource: 'default', init: null, leftover: [] });
      expect(run.command[0]).toBe(join(ROOT, 'samples/nginx-php-fpm-bg-wait/start.sh'));
      expect(Object.keys(run.pid1).sort()).toEqual(['exitCode', 'killed', 'signalDropped']);
      expect(run.programs.map((p: { name: string }) => p.name).sort()).toEqual(['nginx', 'php-fpm']);
      for (const p of run.programs) {
        expect(Object.keys(p).filter((k) => k !== 'problem').sort()).toEqual(['end', 'endedMs', 'exitCode', 'name', 'ok', 'path', 'signals', 'started', 'startedMs']);
        expect(p.started).toBe(true);
        expect(p.startedMs).toBeLessThan(0);
      }
    }
    const [original, fixedRun] = report.runs;
    expect(original).toMatchObject({ passed: false, projected: true, stopMs: 3000, pid1: { killed: true, exitCode: 137, signalDropped: true } });
    for (const p of original.programs) expect(p).toMatchObject({ signals: [], end: 'killed', ok: false, exitCode: null, endedMs: null });
    expect(original.programs[0].problem).toBe('never received SIGTERM; SIGKILLed at the deadline');
    expect(fixedRun).toMatchObject({ passed: true, projected: false, pid1: { killed: false, exitCode: 143, signalDropped: false } });
    expect(fixedRun.stopMs).toBeLessThan(3000);
    for (const p of fixedRun.programs) {
      expect(p).toMatchObject({ end: 'exited', exitCode: 0, ok: true });
      expect(p.signals.map((s: { signal: string }) => s.signal)).toEqual(['SIGTERM']);
      expect(p.endedMs).toBeGreaterThanOrEqual(p.signals[0].ms);
    }
  });

  test('--compare: both versions in one table, the exit code follows the fixed one', () => {
    const r = cli(['verify', 'samples/sleep-infinity-keepalive/docker-entrypoint.sh', '--compare', '--grace', '3']);
    expect(r.status, show(r)).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.find((l) => /^\s+program\s+original\s+fixed$/.test(l)), r.stdout).toBeDefined();
    expect(lines.find((l) => /^\s+cron\s+no signal; SIGKILLed at the deadline\s+TERM \+\d+ ms; exited 0 \+\d+ ms$/.test(l)), r.stdout).toBeDefined();
    expect(lines.find((l) => /^\s+verdict\s+FAIL\s+PASS$/.test(l)), r.stdout).toBeDefined();
    expect(r.stdout).toContain('FAIL  original: no program received SIGTERM; the container would be killed after 3 s');
    expect(r.stdout).toMatch(/^PASS {2}fixed: every program received SIGTERM and stopped/m);
  });

  test('an image folder: its final command line behind the init it installs, the build context script at its image path', () => {
    needPrograms('tini');
    const placedBefore = existsSync('/usr/local/bin/docker-entrypoint.sh');
    const r = cli(['verify', 'samples/dockerfile-already-right', '-f', 'json']);
    expect(r.status, show(r)).toBe(0);
    const run = JSON.parse(r.stdout).runs[0];
    expect(run.command).toEqual(['/usr/bin/tini', '--', '/usr/local/bin/docker-entrypoint.sh', 'bundle', 'exec', 'puma', '-C', 'config/puma.rb']);
    expect(run.init).toBe('tini');
    expect(run.programs).toMatchObject([{ name: 'bundle', started: true, end: 'exited', ok: true }]);
    expect(run.pid1).toMatchObject({ killed: false, signalDropped: false });
    // the script was placed at its image path inside the namespace only
    expect(existsSync('/usr/local/bin/docker-entrypoint.sh')).toBe(placedBefore);
  });

  test("an Alpine image folder: its #!/bin/sh script runs with busybox ash, the image's /bin/sh, not this machine's dash", () => {
    needPrograms('busybox');
    const r = cli(['verify', 'samples/alpine-sh-busybox-syntax', '-f', 'json', '--grace', '1']);
    const run = JSON.parse(r.stdout).runs[0];
    expect(run.command.slice(0, 3), show(r)).toEqual(['busybox', 'ash', '/usr/local/bin/app-entrypoint.sh']);
    expect(run.notes, show(r)).toContain("/usr/local/bin/app-entrypoint.sh ran with busybox ash, the image's /bin/sh");
    // Under dash its `set -o pipefail` would end it at once; under busybox ash node starts (and, unfixed, is killed).
    expect(run.programs, show(r)).toMatchObject([{ name: 'node', started: true }]);
  });

  test('an Alpine image folder on a machine without busybox: says busybox is missing (exit 2), not chroot\'s error', () => {
    const r = spawnSync('sh', [join(ROOT, 'test/harness/without-programs.sh'), 'busybox', '--', process.execPath, BIN, 'verify', 'samples/alpine-sh-busybox-syntax'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain('runs /usr/local/bin/app-entrypoint.sh with busybox ash (its /bin/sh), and busybox is not installed on this machine');
    expect(r.stderr).not.toMatch(/failed to run command/);
  });

  test("an image folder with --compare: the base image's STOPSIGNAL, the fixed Dockerfile's init", () => {
    needPrograms('tini');
    const r = cli(['verify', 'samples/nginx-php-fpm-bg-wait', '--compare', '--grace', '3', '-f', 'json']);
    expect(r.status, show(r)).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.kind).toBe('image');
    const [original, fixedRun] = report.runs;
    expect(original).toMatchObject({ signal: 'SIGQUIT', signalSource: 'base image', command: ['/start.sh'], init: null, passed: false });
    expect(fixedRun).toMatchObject({ signal: 'SIGQUIT', init: 'tini', passed: true });
    expect(fixedRun.command.slice(0, 2)).toEqual(['/usr/bin/tini', '--']);
    for (const p of fixedRun.programs) expect(p.signals.map((s: { signal: string }) => s.signal)).toEqual(['SIGQUIT']);
  });

  test('--real runs the real programs: ends are observed, signals are not', () => {
    const server = join(dir, 'real-server');
    writeFileSync(server, '#!/bin/sh\ntrap "exit 0" TERM\nwhile :; do sleep 0.05; done\n', { mode: 0o755 });
    const plain = join(dir, 'real-plain.sh');
    const execd = join(dir, 'real-exec.sh');
    writeFileSync(plain, `#!/bin/sh\n${server} &\nwait\n`, { mode: 0o755 });
    writeFileSync(execd, `#!/bin/sh\nexec ${server}\n`, { mode: 0o755 });
    const bad = cli(['verify', plain, '--real', '--grace', '2', '-f', 'json']);
    expect(bad.status, show(bad)).toBe(1);
    const badRun = JSON.parse(bad.stdout).runs[0];
    expect(badRun.programs).toMatchObject([{ name: 'real-server', started: true, signals: null, end: 'killed', ok: false }]);
    const good = cli(['verify', execd, '--real', '--grace', '2']);
    expect(good.status, show(good)).toBe(0);
    expect(good.stdout).toContain('PASS  every program stopped after SIGTERM');
    expect(good.stdout).toContain('which signals they received cannot be observed');
  });

  test("the script's setup lines leave the real filesystem unchanged", () => {
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'keep me\n');
    const tag = `execwrap-verify-probe-${process.pid}`;
    const script = join(dir, 'writes.sh');
    writeFileSync(
      script,
      [
        '#!/bin/sh',
        'set -e',
        `mkdir -p /opt/${tag} && echo x > /opt/${tag}/f`,
        `echo changed > ${victim}`,
        `rm -f ${victim}`,
        `rm -rf ${dir}/fixed-*`,
        `touch /usr/bin/${tag} /etc/${tag}.conf`,
        "nginx -g 'daemon off;' &",
        'wait',
        '',
      ].join('\n'),
      { mode: 0o755 },
    );
    const before = readdirSync(dir).sort();
    const r = cli(['verify', script, '--grace', '2']);
    expect(r.status, show(r)).toBe(1); // it does not forward TERM; what matters here is what it left behind
    expect(r.stdout).toContain('nginx');
    expect(readFileSync(victim, 'utf8')).toBe('keep me\n');
    expect(statSync(victim).isFile()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(before);
    for (const p of [`/opt/${tag}`, `/usr/bin/${tag}`, `/etc/${tag}.conf`]) expect(existsSync(p), p).toBe(false);
  });

  test('no process outlives a verify run, not even when verify itself is stopped mid-run', async () => {
    const name = `ewprobe${process.pid}`;
    const script = join(dir, 'leftover.sh');
    writeFileSync(script, `#!/bin/sh\n${name} --serve &\n${name} --worker &\nwait\n`, { mode: 0o755 });
    // 1. a run that ends in SIGKILL at the deadline
    const r = cli(['verify', script, '--grace', '1', '--full-grace']);
    expect(r.status, show(r)).toBe(1);
    expect(processesWith(name)).toEqual([]);
    // 2. verify is sent TERM while the programs run: it kills the namespace on its way out
    const child = spawn(process.execPath, [BIN, 'verify', script, '--grace', '60', '--full-grace'], { cwd: ROOT, stdio: 'ignore' });
    const deadline = Date.now() + 15_000;
    while (processesWith(name).length < 2 && Date.now() < deadline) await new Promise((res) => setTimeout(res, 50));
    expect(processesWith(name).length).toBe(2);
    const exited = new Promise<number | null>((res) => child.on('close', (code) => res(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    const until = Date.now() + 2000;
    while (processesWith(name).length > 0 && Date.now() < until) await new Promise((res) => setTimeout(res, 50));
    expect(processesWith(name)).toEqual([]);
  });
});

describePid1('execwrap verify: setup steps, --stub, shells started by the script', () => {
  const write = (name: string, lines: string[]) => {
    const path = join(dir, name);
    writeFileSync(path, `${lines.join('\n')}\n`, { mode: 0o755 });
    return path;
  };

  test('calls of a launched program that are not its launch (setup steps) end at once with 0', () => {
    const script = write('setup-steps.sh', [
      '#!/bin/sh',
      'set -e',
      'python manage.py migrate --noinput',
      'python manage.py collectstatic --noinput',
      'exec python -m gunicorn app.wsgi --bind "0.0.0.0:${PORT:-8000}"',
    ]);
    const r = cli(['verify', script, '--grace', '2', '-f', 'json']);
    expect(r.status, show(r)).toBe(0);
    const run = JSON.parse(r.stdout).runs[0];
    // one python, the launch, got the signal; the two setup calls ended before it and are not programs
    expect(run.programs.map((p: { name: string; started: boolean; ok: boolean }) => [p.name, p.started, p.ok])).toEqual([['python', true, true]]);
  });

  test('--stub stands in for setup commands missing here (repeatable); without it, the run says which are missing', () => {
    const script = write('missing-setup.sh', [
      '#!/bin/sh',
      'set -e',
      'ew-missing-tool --prepare',
      'chown ew-no-such-user:ew-no-such-user /srv',
      "exec nginx -g 'daemon off;'",
    ]);
    const without = cli(['verify', script, '--grace', '2']);
    expect(without.status, show(without)).toBe(1);
    expect(without.stdout).toContain('the script ended by itself (exit 127) before the stop signal was sent');
    expect(without.stdout).toContain('note: not on this machine: `ew-missing-tool`; `--stub ew-missing-tool` stands in for a setup command');
    const stubbed = cli(['verify', script, '--grace', '2', '--stub', 'ew-missing-tool', '--stub', 'chown']);
    expect(stubbed.status, show(stubbed)).toBe(0);
    expect(stubbed.stdout).toMatch(/^ {2}nginx +TERM \+\d+ ms; exited 0/m);
    expect(stubbed.stdout).not.toMatch(/^ {2}(chown|ew-missing-tool) /m);
  });

  test('--compare: the fixed line names the script as given and says it is the fix', () => {
    const r = cli(['verify', 'samples/django-gunicorn-no-exec/docker-entrypoint.sh', '--compare', '--grace', '2']);
    expect(r.stdout).toContain('  original: samples/django-gunicorn-no-exec/docker-entrypoint.sh\n');
    expect(r.stdout).toContain('  fixed:    samples/django-gunicorn-no-exec/docker-entrypoint.sh  (as `execwrap fix` would write it; no file is changed)\n');
    expect(r.stdout).not.toContain(join(ROOT, 'samples'));
  });

  test.each([
    ['sh -c', `sh -c 'cd /tmp && exec gunicorn app:app --bind :8000' &`, 'gunicorn'],
    ['bash -c', `bash -c 'exec celery -A proj worker --loglevel=info' &`, 'celery'],
  ])('a script that starts %s programs runs (the shell is real, its program a stand-in)', (_name, line, program) => {
    const script = write(`shell-c-${program}.sh`, ['#!/bin/sh', 'set -e', line, "nginx -g 'daemon off;' &", 'wait']);
    const r = cli(['verify', script, '--compare', '--grace', '2', '-f', 'json']);
    expect(r.stderr).not.toContain('setup did not complete');
    expect(r.status, show(r)).toBe(0);
    const [original, fixedRun] = JSON.parse(r.stdout).runs;
    const summary = (run: { programs: { name: string; started: boolean; ok: boolean }[] }) => run.programs.map((p) => [p.name, p.started, p.ok]);
    expect(summary(original)).toEqual([[program, true, false], ['nginx', true, false]]);
    expect(summary(fixedRun)).toEqual([[program, true, true], ['nginx', true, true]]);
    expect(fixedRun.passed).toBe(true);
  });
});
