/**
 * `execwrap scaffold` as users run it: the built binary in a child process. Writing, refusing to overwrite,
 * --force, --dry-run (a diff `git apply` takes), the non-TTY error, and the questions on a terminal.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeNeeding } from '../harness/support.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'execwrap.js');
const FLAGS = ['--proc', 'web=web-server --port 8080', '--proc', 'worker=queue-worker', '--base', 'alpine:3.20', '--user', 'app', '--k8s'];

function execwrap(args: string[], cwd = ROOT) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'execwrap-scaffold-cli-'));
}

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(path);
      else out[path] = `${(statSync(join(dir, path)).mode & 0o777).toString(8)} ${readFileSync(join(dir, path), 'utf8')}`;
    }
  };
  walk('');
  return out;
}

describe('execwrap scaffold', () => {
  it('writes the files (start.sh executable), which pass execwrap check', () => {
    const dir = tempDir();
    const r = execwrap(['scaffold', ...FLAGS, '--out', dir]);
    expect(r.stderr).toContain('wrote');
    expect(r.code).toBe(0);
    expect(Object.keys(snapshot(dir)).sort()).toEqual(['.dockerignore', 'Dockerfile', 'k8s/deployment.yaml', 'start.sh']);
    expect(statSync(join(dir, 'start.sh')).mode & 0o777).toBe(0o755);
    expect(statSync(join(dir, 'Dockerfile')).mode & 0o777).toBe(0o644);
    expect(readdirSync(dir).filter((n) => n.includes('execwrap-'))).toEqual([]); // no temporary file left
    const check = execwrap(['check', dir]);
    // The start script, the Dockerfile and the Kubernetes manifest (the walk reads manifests too).
    expect(check.stdout).toContain('3 file(s): 3 ok, 0 fixable, 0 unfixable');
    expect(check.code).toBe(0);
  });

  it('refuses to overwrite an existing file: exit 2 naming it, nothing written', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\n');
    const r = execwrap(['scaffold', ...FLAGS, '--out', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${join(dir, 'Dockerfile')} already exists; nothing written`);
    expect(r.stdout).toBe('');
    expect(snapshot(dir)).toEqual({ Dockerfile: '644 FROM scratch\n' });
  });

  it('a second run is refused; --force overwrites with the same bytes', () => {
    const dir = tempDir();
    expect(execwrap(['scaffold', ...FLAGS, '--out', dir]).code).toBe(0);
    const first = snapshot(dir);
    const again = execwrap(['scaffold', ...FLAGS, '--out', dir]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/start\.sh already exists/);
    const forced = execwrap(['scaffold', ...FLAGS, '--out', dir, '--force']);
    expect(forced.code).toBe(0);
    expect(snapshot(dir)).toEqual(first);
  });

  it('--dry-run prints a diff git apply takes and writes nothing', () => {
    const dir = tempDir();
    const r = execwrap(['scaffold', ...FLAGS, '--out', dir, '--dry-run']);
    expect(r.code).toBe(0);
    expect(readdirSync(dir)).toEqual([]);
    expect(r.stdout).toContain('diff --git a/start.sh b/start.sh\nnew file mode 100755\n--- /dev/null\n+++ b/start.sh\n');
    expect(r.stdout).toContain('diff --git a/k8s/deployment.yaml b/k8s/deployment.yaml\nnew file mode 100644\n');
    writeFileSync(join(dir, 'patch.diff'), r.stdout);
    const apply = spawnSync('git', ['apply', 'patch.diff'], { cwd: dir, encoding: 'utf8' });
    expect(apply.stderr).toBe('');
    const written = tempDir();
    expect(execwrap(['scaffold', ...FLAGS, '--out', written]).code).toBe(0);
    const applied = snapshot(dir);
    delete applied['patch.diff'];
    expect(applied).toEqual(snapshot(written));
  });

  it('--dry-run against existing files shows the change and says writing would be refused', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'start.sh'), '#!/bin/sh\nexec old\n');
    const r = execwrap(['scaffold', ...FLAGS, '--out', dir, '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--- a/start.sh\n+++ b/start.sh\n');
    expect(r.stdout).toContain('-exec old\n');
    expect(r.stderr).toContain('writing would be refused');
    expect(readFileSync(join(dir, 'start.sh'), 'utf8')).toBe('#!/bin/sh\nexec old\n');
  });

  it('--out naming a file is refused before anything else', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'file'), '');
    const r = execwrap(['scaffold', '--out', join(dir, 'file')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('file: is not a directory (--out)');
  });

  it('without a terminal, exits 2 listing the missing flags', () => {
    const dir = tempDir();
    const none = execwrap(['scaffold', '--out', dir]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('missing --proc and --base (not a terminal, so execwrap cannot ask)');
    const noBase = execwrap(['scaffold', '--proc', 'web=server', '--out', dir]);
    expect(noBase.code).toBe(2);
    expect(noBase.stderr).toContain('missing --base (not a terminal');
    expect(readdirSync(dir)).toEqual([]);
  });

  it.each([
    [['--proc', 'web=a && b', '--base', 'debian:12'], '--proc web: a shell operator (&)'],
    [['--proc', 'web=server $PORT', '--base', 'debian:12'], '--proc web: an expansion ($)'],
    [['--proc', 'server', '--base', 'debian:12'], 'write it as NAME=command'],
    [['--proc', 'web=a', '--proc', 'web=b', '--base', 'debian:12'], '--proc web is given twice'],
    [['--proc', 'web=node server.js', '--base', 'node:20', '--init', 'none'], 'node as PID 1 ignores SIGTERM'],
    [['--proc', 'web=a', '--base', 'gcr.io/distroless/base-debian12'], 'has no shell and no package manager'],
    [['--proc', 'web=a', '--base', 'example.com/custom:1'], 'does not know this image'],
    [['--proc', 'web=a', '--base', 'fedora:40'], '--init tini: fedora:40 (dnf) has no tini package'],
    [['--proc', 'web=a', '--base', 'debian:12', '--stop-signal', 'USR1'], '--stop-signal "USR1": use one of'],
    [['--proc', 'web=a', '--base', 'debian:12', '--user', 'Bad User'], '--user "Bad User"'],
    [['--proc', 'web=a', '--base', 'debian:12', '--workdir', 'app'], '--workdir "app"'],
  ])('refuses %j with exit 2', (args, message) => {
    const dir = tempDir();
    const r = execwrap(['scaffold', ...args, '--out', dir]);
    expect(r.stderr).toContain(message);
    expect(r.code).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
  });
});

/** Drives the binary through a pseudo-terminal (util-linux `script`), answering each question when it shows. */
async function onTerminal(args: string[], answers: [RegExp, string][]): Promise<{ code: number | null; output: string }> {
  const command = [process.execPath, BIN, ...args].map((w) => `'${w.replace(/'/g, `'\\''`)}'`).join(' ');
  const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', TERM: 'xterm' }, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  let seen = 0;
  let next = 0;
  const step = () => {
    while (next < answers.length) {
      const [question, answer] = answers[next]!;
      const found = question.exec(output.slice(seen));
      if (!found) return;
      seen += found.index + found[0].length;
      next++;
      // Give the prompt a moment to take the keyboard before typing.
      setTimeout(() => child.stdin.write(answer), 50 * next);
    }
  };
  child.stdout.on('data', (d: Buffer) => {
    output += d.toString('utf8');
    step();
  });
  child.stderr.on('data', (d: Buffer) => (output += d.toString('utf8')));
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  clearTimeout(timer);
  child.stdin.destroy();
  return { code, output: `${output}\n[answered ${next} of ${answers.length}]` };
}

describeNeeding(['script'], 'execwrap scaffold on a terminal', () => {
  it('asks the missing questions one by one and writes what the same flags would', async () => {
    const dir = tempDir();
    const { code, output } = await onTerminal(
      ['scaffold', '--out', dir],
      [
        [/Base image/, 'alpine:3.20\r'],
        [/Name of the program/, '\r'], // default: web
        [/Command that starts web/, 'web-server --port 8080\r'],
        [/another program\?/, 'y\r'],
        [/Name of the next program/, 'worker\r'],
        [/Command that starts worker/, 'queue-worker\r'],
        [/another program\?/, 'n\r'],
        [/Init in front/, '\r'], // tini
        [/Shell for the start script/, '\r'], // sh on Alpine
        [/User to run the programs as/, '\r'], // app
        [/Stop signal/, '\r'], // SIGTERM
        [/Kubernetes Deployment/, 'y\r'],
      ],
    );
    expect(code, output).toBe(0);
    expect(output).toContain('wrote');
    const expected = tempDir();
    expect(execwrap(['scaffold', ...FLAGS, '--out', expected]).code).toBe(0);
    expect(snapshot(dir)).toEqual(snapshot(expected));
  });

  it('asks only what is missing: --base given, --proc asked', async () => {
    const dir = tempDir();
    const { code, output } = await onTerminal(
      ['scaffold', '--base', 'debian:bookworm-slim', '--init', 'none', '--shell', 'sh', '--user', '', '--stop-signal', 'TERM', '--out', dir],
      [
        [/Name of the program/, 'api\r'],
        [/Command that starts api/, 'api-server\r'],
        [/another program\?/, '\r'],
        [/Kubernetes Deployment/, '\r'],
      ],
    );
    expect(code, output).toBe(0);
    expect(output).not.toMatch(/Base image|Init in front|Shell for|User to run|Stop signal:/);
    expect(readFileSync(join(dir, 'start.sh'), 'utf8')).toMatch(/\nexec api-server\n$/);
    expect(existsSync(join(dir, 'k8s'))).toBe(false);
  });

  it('Ctrl-C ends it with exit 2 and writes nothing', async () => {
    const dir = tempDir();
    const { code, output } = await onTerminal(['scaffold', '--out', dir], [[/Base image/, '\u0003']]);
    expect(code, output).toBe(2);
    expect(output).toContain('scaffold cancelled; nothing written');
    expect(readdirSync(dir)).toEqual([]);
  });
});
