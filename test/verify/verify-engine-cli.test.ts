/**
 * `execwrap verify --engine` without an engine: what a user sees when docker is missing or unreachable, a build
 * that fails (its output shown, exit 2), and — with a fake `docker` on PATH that logs every call — the exit
 * codes, the labels, DOCKER_HOST, --compare's fixed copy, and that the containers and images are removed, also
 * on Ctrl-C. The real engine is exercised by test/e2e.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'execwrap.js');
const dir = mkdtempSync(join(tmpdir(), 'execwrap-engine-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A stand-in for the docker CLI: answers the calls verify makes, logs each (one line, with DOCKER_HOST) to
 * $FAKE_DOCKER_DIR/calls, and keeps the container's state in files there. FAKE_DOCKER_MODE: `ok` (stops with
 * 143), `killed` (stop takes the grace and ends 137), `unreachable`, `build-fails`, `stop-hangs`.
 */
const FAKE_DOCKER = `#!/bin/bash
d=$FAKE_DOCKER_DIR
echo "DOCKER_HOST=\${DOCKER_HOST:-} $*" >>"$d/calls"
case "$1" in
  version)
    if [ "$FAKE_DOCKER_MODE" = unreachable ]; then
      echo "Cannot connect to the Docker daemon at \${DOCKER_HOST:-unix:///var/run/docker.sock}. Is the docker daemon running?" >&2
      exit 1
    fi
    echo 99.1.0-fake ;;
  build)
    while [ $# -gt 0 ]; do [ "$1" = -f ] && cat "$2" >>"$d/dockerfiles"; shift; done
    echo "Sending build context to Docker daemon  3.072kB"
    if [ "$FAKE_DOCKER_MODE" = build-fails ]; then
      echo "Step 2/3 : RUN apt-get install -y nosuchpackage"
      echo "E: Unable to locate package nosuchpackage" >&2
      echo "The command '/bin/sh -c apt-get install -y nosuchpackage' returned a non-zero code: 100" >&2
      exit 1
    fi
    echo "Successfully built 0123456789ab" ;;
  image) echo '{"Entrypoint":null,"Cmd":["/start.sh"],"StopSignal":""}' ;;
  run) echo running >"$d/state"; echo 4f1c0ffee ;;
  inspect)
    if [ "$(cat "$d/state" 2>/dev/null)" = running ]; then
      echo '{"Status":"running","Running":true,"ExitCode":0,"StartedAt":"2026-01-01T00:00:00Z","FinishedAt":"0001-01-01T00:00:00Z"}'
    else
      echo "{\\"Status\\":\\"exited\\",\\"Running\\":false,\\"ExitCode\\":$(cat "$d/exit"),\\"StartedAt\\":\\"2026-01-01T00:00:00Z\\",\\"FinishedAt\\":\\"2026-01-01T00:00:05Z\\"}"
    fi ;;
  stop)
    case "$FAKE_DOCKER_MODE" in
      killed) sleep "$3"; echo 137 >"$d/exit" ;;
      stop-hangs) exec sleep 600 ;;
      *) sleep 0.2; echo 143 >"$d/exit" ;;
    esac
    echo stopped >"$d/state"
    echo "$4" ;;
  logs)
    echo "2026-01-01T00:00:00.100000000Z standin web: started pid 7 as root (args: )"
    echo "2026-01-01T00:00:00.200000000Z start.sh: a line on stderr" >&2
    [ "$(cat "$d/exit" 2>/dev/null)" = 143 ] && echo "2026-01-01T00:00:03.000000000Z standin web: got TERM"
    exit 0 ;;
  ps) [ -f "$d/state" ] && echo 4f1c0ffee; exit 0 ;;
  rm | rmi) exit 0 ;;
  *) echo "fake docker: unexpected $*" >&2; exit 64 ;;
esac
`;

interface Cli {
  status: number | null;
  stdout: string;
  stderr: string;
}

let counter = 0;
/** A fresh fake docker (its own folder, so calls and state do not mix between tests). */
function fakeDocker(): { path: string; state: string; calls: () => string[]; dockerfiles: () => string } {
  const home = join(dir, `fake-${counter++}`);
  const bin = join(home, 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'docker'), FAKE_DOCKER);
  chmodSync(join(bin, 'docker'), 0o755);
  const calls = () => (existsSync(join(home, 'calls')) ? readFileSync(join(home, 'calls'), 'utf8').trim().split('\n') : []);
  const dockerfiles = () => (existsSync(join(home, 'dockerfiles')) ? readFileSync(join(home, 'dockerfiles'), 'utf8') : '');
  return { path: `${bin}:/usr/bin:/bin`, state: home, calls, dockerfiles };
}

function env(fake: { path: string; state: string }, mode: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, PATH: fake.path, FAKE_DOCKER_DIR: fake.state, FAKE_DOCKER_MODE: mode, NO_COLOR: '1', DOCKER_HOST: 'unix:///run/fake-docker.sock', ...extra };
}

/** The CLI in a child process, without blocking the test worker. */
function cli(args: string[], environment: NodeJS.ProcessEnv): Promise<Cli> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: environment, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

function show(r: Cli): string {
  return `exit ${r.status}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`;
}

/** A small image folder: a multi-process start script that execwrap fixes (tini in the Dockerfile, a wrapper). */
function imageFolder(): string {
  const folder = mkdtempSync(join(dir, 'image-'));
  writeFileSync(join(folder, 'Dockerfile'), 'FROM debian:bookworm-slim\nCOPY start.sh /start.sh\nCMD ["/start.sh"]\n');
  writeFileSync(join(folder, 'start.sh'), '#!/bin/sh\nweb &\nworker &\nwait\n', { mode: 0o755 });
  return folder;
}

describe('verify --engine: no engine here (exit 2, a clear message)', () => {
  test('docker is not installed: says so, and what to use instead', async () => {
    const empty = mkdtempSync(join(dir, 'empty-path-'));
    const r = await cli(['verify', '--engine', 'docker', imageFolder()], { ...process.env, PATH: empty, NO_COLOR: '1' });
    expect(r.status, show(r)).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('`docker` is not installed here (not on PATH)');
    expect(r.stderr).toContain('`execwrap verify IMAGE_DIR` (no --engine) runs the start script as PID 1 in Linux namespaces instead');
  });

  test('podman is not installed either: the message names podman', async () => {
    const empty = mkdtempSync(join(dir, 'empty-path-'));
    const r = await cli(['verify', '--engine', 'podman', imageFolder()], { ...process.env, PATH: empty, NO_COLOR: '1' });
    expect(r.status, show(r)).toBe(2);
    expect(r.stderr).toContain('`podman` is not installed here');
  });

  test('the engine does not answer: names DOCKER_HOST and passes on what the CLI said', async () => {
    const fake = fakeDocker();
    const r = await cli(['verify', '--engine', 'docker', imageFolder()], env(fake, 'unreachable', { DOCKER_HOST: 'unix:///nowhere/docker.sock' }));
    expect(r.status, show(r)).toBe(2);
    expect(r.stderr).toContain('cannot reach the docker engine at unix:///nowhere/docker.sock (DOCKER_HOST)');
    expect(r.stderr).toContain('Cannot connect to the Docker daemon at unix:///nowhere/docker.sock');
    expect(fake.calls().some((c) => / (build|run) /.test(c))).toBe(false);
  });

  test('a failed build: its output is shown, exit 2, nothing is run, and the image is removed', async () => {
    const fake = fakeDocker();
    const r = await cli(['verify', '--engine', 'docker', imageFolder()], env(fake, 'build-fails'));
    expect(r.status, show(r)).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('E: Unable to locate package nosuchpackage');
    expect(r.stderr).toContain("returned a non-zero code: 100");
    expect(r.stderr).toContain('execwrap: docker build of the original image failed (exit 1); nothing was run');
    expect(fake.calls().some((c) => / run /.test(c))).toBe(false);
    expect(fake.calls().some((c) => / rmi -f execwrap-verify:/.test(c)), fake.calls().join('\n')).toBe(true);
  });
});

describe('verify --engine: usage errors (exit 2)', () => {
  const fake = fakeDocker();
  test.each([
    [['--engine', 'docker', '--grace', '2.5'], '--grace 2.5: give whole seconds'],
    [['--engine', 'docker', '--real'], '--real is for runs in namespaces'],
    [['--engine', 'docker', '--signal', 'QUIT'], '--signal is for runs in namespaces'],
    [['--engine', 'docker', '--stub', 'chown'], '--stub is for runs in namespaces'],
    [['--engine', 'docker', '--container', 'web'], '--container is for runs in namespaces'],
    [['--dockerfile', 'Dockerfile'], '--dockerfile needs --engine'],
    [['--up-after', '3'], '--up-after needs --engine'],
    [['--build-arg', 'A=1'], '--build-arg needs --engine'],
    [['--engine', 'docker', '--up-after', 'soon'], '--up-after soon'],
  ])('%j', async (flags, message) => {
    const r = await cli(['verify', ...flags, imageFolder()], env(fake, 'ok'));
    expect(r.status, show(r)).toBe(2);
    expect(r.stderr).toContain(message);
  });

  test('a start script instead of an image folder', async () => {
    const r = await cli(['verify', '--engine', 'docker', join(imageFolder(), 'start.sh')], env(fake, 'ok'));
    expect(r.status, show(r)).toBe(2);
    expect(r.stderr).toContain('verify --engine takes an image folder');
  });

  test('neither a folder nor --image; --compare with --image but no folder', async () => {
    expect((await cli(['verify', '--engine', 'docker'], env(fake, 'ok'))).stderr).toContain('needs an image folder');
    const r = await cli(['verify', '--engine', 'docker', '--image', 'app:1', '--compare'], env(fake, 'ok'));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--compare builds execwrap');
  });
});

describe('verify --engine with a fake docker CLI', () => {
  test('stops within the grace: exit 0, the report, labels, DOCKER_HOST, and everything removed', async () => {
    const fake = fakeDocker();
    const r = await cli(['verify', '--engine', 'docker', '--grace', '3', '--up-after', '0.5', '--build-arg', 'A=1', '--target', 'final', '--network', 'host', imageFolder()], env(fake, 'ok'));
    expect(r.status, show(r)).toBe(0);
    expect(r.stdout).toContain('docker 99.1.0-fake at unix:///run/fake-docker.sock');
    expect(r.stdout).toMatch(/before the stop +still running after 0\.\d s/);
    expect(r.stdout).toMatch(/exit code +143/);
    expect(r.stdout).toMatch(/SIGKILLed +no/);
    expect(r.stdout).toMatch(/^PASS {2}stopped 0\.\d s after SIGTERM \(exit 143\), within the 3 s grace, without SIGKILL$/m);
    // stdout and stderr of the container, in the order of their timestamps
    expect(r.stdout).toMatch(/standin web: started pid 7[^\n]*\n +start\.sh: a line on stderr\n +standin web: got TERM/);
    const calls = fake.calls();
    expect(calls.every((c) => c.startsWith('DOCKER_HOST=unix:///run/fake-docker.sock '))).toBe(true);
    const build = calls.find((c) => / build /.test(c))!;
    expect(build).toMatch(/ --label io\.execwrap\.verify=\d+-[0-9a-f]{6} /);
    expect(build).toContain(' --build-arg A=1 --target final --network host ');
    expect(calls.find((c) => / run -d /.test(c))).toMatch(/ --label io\.execwrap\.verify=\d+-[0-9a-f]{6} --name execwrap-verify-/);
    expect(calls.find((c) => / stop /.test(c))).toMatch(/ stop -t 3 execwrap-verify-/);
    expect(calls.some((c) => / rm -f .*execwrap-verify-/.test(c)), calls.join('\n')).toBe(true);
    expect(calls.some((c) => / rmi -f execwrap-verify:/.test(c)), calls.join('\n')).toBe(true);
  });

  test('SIGKILLed at the end of the grace: exit 1, said so', async () => {
    const fake = fakeDocker();
    const r = await cli(['verify', '--engine', 'docker', '--grace', '1', '--up-after', '0', imageFolder()], env(fake, 'killed'));
    expect(r.status, show(r)).toBe(1);
    expect(r.stdout).toMatch(/SIGKILLed +yes, at the 1 s grace/);
    expect(r.stdout).toContain('FAIL  SIGKILLed at the end of the 1 s grace (exit 137): SIGTERM did not stop it');
  });

  test('--format json', async () => {
    const fake = fakeDocker();
    const r = await cli(['verify', '--engine', 'docker', '--grace', '1', '--up-after', '0', '-f', 'json', imageFolder()], env(fake, 'killed'));
    expect(r.status, show(r)).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ version: 1, engine: { name: 'docker', version: '99.1.0-fake', host: 'unix:///run/fake-docker.sock' }, graceSeconds: 1, upAfterSeconds: 0, passed: false, fix: null });
    expect(report.runs).toHaveLength(1);
    expect(report.runs[0]).toMatchObject({ variant: 'original', built: true, command: ['/start.sh'], stopSignal: 'SIGTERM', ended: null, stop: { exitCode: 137, killed: true }, passed: false });
  });

  test('--compare builds the fix of a temporary copy (tini and the wrapper), runs both, and leaves the folder alone', async () => {
    const fake = fakeDocker();
    const folder = imageFolder();
    const before = readFileSync(join(folder, 'Dockerfile'), 'utf8') + readFileSync(join(folder, 'start.sh'), 'utf8');
    const r = await cli(['verify', '--engine', 'docker', '--compare', '--grace', '3', '--up-after', '0.2', folder], env(fake, 'ok'));
    expect(r.status, show(r)).toBe(0);
    expect(r.stdout).toContain('the fix: execwrap migrate changed Dockerfile, start.sh (in a temporary copy)');
    expect(r.stdout).toMatch(/ +original +fixed\n/);
    const builds = fake.calls().filter((c) => / build /.test(c));
    expect(builds).toHaveLength(2);
    expect(builds[1]).toMatch(/execwrap-verify-engine-\w+\/context$/);
    expect(fake.dockerfiles()).toContain('ENTRYPOINT ["/usr/bin/tini", "--"]');
    expect(readFileSync(join(folder, 'Dockerfile'), 'utf8') + readFileSync(join(folder, 'start.sh'), 'utf8')).toBe(before);
    expect(existsSync(builds[1]!.split(' ').pop()!)).toBe(false);
  });

  test('--image: runs that image, builds nothing and does not remove it', async () => {
    const fake = fakeDocker();
    const r = await cli(['verify', '--engine', 'docker', '--image', 'registry.example/app:1', '--up-after', '0'], env(fake, 'ok'));
    expect(r.status, show(r)).toBe(0);
    const calls = fake.calls();
    expect(calls.some((c) => / build /.test(c))).toBe(false);
    expect(calls.find((c) => / run -d /.test(c))).toMatch(/ registry\.example\/app:1$/);
    expect(calls.some((c) => / rmi /.test(c))).toBe(false);
    expect(calls.some((c) => / rm -f /.test(c))).toBe(true);
  });

  test('Ctrl-C while the stop is running: the container and the image are removed, exit 130', async () => {
    const fake = fakeDocker();
    const child = spawn(process.execPath, [BIN, 'verify', '--engine', 'docker', '--up-after', '0', imageFolder()], { cwd: ROOT, env: env(fake, 'stop-hangs'), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const deadline = Date.now() + 30_000;
    while (!fake.calls().some((c) => / stop /.test(c)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGINT');
    expect(await exited, stderr).toBe(130);
    expect(stderr).toContain('SIGINT: removing the containers and images verify made');
    const calls = fake.calls();
    expect(calls.some((c) => / rm -f .*4f1c0ffee/.test(c)), calls.join('\n')).toBe(true);
    expect(calls.some((c) => / rmi -f execwrap-verify:/.test(c)), calls.join('\n')).toBe(true);
  });
});
