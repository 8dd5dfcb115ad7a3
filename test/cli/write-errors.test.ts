/**
 * A file `--write` cannot replace is a refusal, not a crash: one line naming the file, exit 2, no stack trace, the
 * file as it was. A read-only file (no write bit) is refused unless `--force`: the atomic rename would otherwise
 * replace it silently, since renaming needs only the folder to be writable.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { needMachine } from '../harness/support.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'execwrap.js');
const FIXABLE = '#!/bin/sh\nset -e\nmkdir -p /run/app\nnode /srv/server.js\n';
const FIXED = '#!/bin/sh\nset -e\nmkdir -p /run/app\nexec node /srv/server.js\n';
const NOBODY = 65534;
const isRoot = process.getuid?.() === 0;

const made: string[] = [];
afterAll(() => {
  for (const dir of made) {
    spawnSync('chattr', ['-R', '-i', dir]);
    rmSync(dir, { recursive: true, force: true });
  }
});

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'execwrap-write-'));
  chmodSync(dir, 0o755);
  made.push(dir);
  return dir;
}

/** Runs the CLI, as `nobody` when asked (setpriv, as root). */
function execwrap(args: string[], options: { cwd?: string; asNobody?: boolean } = {}) {
  const argv = options.asNobody
    ? ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath, BIN, ...args]
    : [process.execPath, BIN, ...args];
  const r = spawnSync(argv[0]!, argv.slice(1), { cwd: options.cwd ?? ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A repository with one Dockerfile running a fixable script, for migrate. */
function repo(scriptMode = 0o755): { dir: string; script: string } {
  const dir = scratch();
  writeFileSync(join(dir, 'Dockerfile'), 'FROM debian:bookworm-slim\nCOPY start.sh /start.sh\nCMD ["/start.sh"]\n');
  const script = join(dir, 'start.sh');
  writeFileSync(script, FIXABLE);
  chmodSync(script, scriptMode);
  return { dir, script };
}

function expectOneLineRefusal(r: { code: number | null; stderr: string; stdout: string }, path: string, reason: RegExp) {
  expect(r.code).toBe(2);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^execwrap: ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
  expect(lines[0]).toMatch(reason);
}

/** First thing in a test that runs the CLI as `nobody` (setpriv): only root can. */
const needRoot = () => needMachine(isRoot, 'root (to run the CLI as nobody)');

describe('fix --write', () => {
  it('into a folder the user cannot write (EACCES): one line, exit 2', () => {
    needRoot();
    const dir = scratch();
    const folder = join(dir, 'app');
    mkdirSync(folder, { mode: 0o755 }); // root's: nobody cannot create the temporary file beside the script
    const path = join(folder, 'start.sh');
    writeFileSync(path, FIXABLE);
    chownSync(path, NOBODY, NOBODY); // the file itself is nobody's and writable
    const r = execwrap(['fix', '--write', path], { asNobody: true });
    expectOneLineRefusal(r, path, /cannot be written: no new file can be made in its folder \(permission denied\)$/);
    expect(readFileSync(path, 'utf8')).toBe(FIXABLE);
  });

  it("a file the user may not write (EACCES): one line, exit 2", () => {
    needRoot();
    const dir = scratch();
    chownSync(dir, NOBODY, NOBODY); // the folder is writable: only the file's permission stops the write
    const path = join(dir, 'start.sh');
    writeFileSync(path, FIXABLE, { mode: 0o644 });
    const r = execwrap(['fix', '--write', path], { asNobody: true });
    expectOneLineRefusal(r, path, /cannot be written: permission denied$/);
    expect(readFileSync(path, 'utf8')).toBe(FIXABLE);
  });

  it('an immutable file (EPERM, chattr +i): one line, exit 2', () => {
    const dir = scratch();
    const path = join(dir, 'start.sh');
    writeFileSync(path, FIXABLE, { mode: 0o755 });
    const chattr = spawnSync('chattr', ['+i', path], { encoding: 'utf8' });
    needMachine(chattr.status === 0, `chattr +i on this filesystem (${(chattr.stderr || chattr.error?.message || '').trim()})`, { requiredInCi: false });
    const r = execwrap(['fix', '--write', path]);
    expectOneLineRefusal(r, path, /cannot be written: operation not permitted \(an immutable file\?/);
    spawnSync('chattr', ['-i', path]);
    expect(readFileSync(path, 'utf8')).toBe(FIXABLE);
  });

  it('a read-only file (0444) is refused, and written with --force, keeping its mode', () => {
    const dir = scratch();
    const path = join(dir, 'start.sh');
    writeFileSync(path, FIXABLE);
    chmodSync(path, 0o444);
    const refused = execwrap(['fix', '--write', path]);
    expectOneLineRefusal(refused, path, /is read-only \(mode 0444\); not written \(--force writes it, keeping the mode\)$/);
    expect(readFileSync(path, 'utf8')).toBe(FIXABLE);
    const forced = execwrap(['fix', '--write', '--force', path]);
    expect(forced.stderr).toBe(`${path}: fixed (1 finding(s))\n`);
    expect(forced.code).toBe(0);
    expect(readFileSync(path, 'utf8')).toBe(FIXED);
    expect(statSync(path).mode & 0o7777).toBe(0o444);
  });

  it('--force without --write is a usage error', () => {
    const r = execwrap(['fix', '--force', join(ROOT, 'samples/exec-gunicorn-ok/start.sh')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('execwrap: --force only applies to --write\n');
  });
});

describe('migrate --write', () => {
  it('a read-only file is left as it was and named (exit 2); the other files are written; --force writes it', () => {
    const { dir, script } = repo(0o555);
    const r = execwrap(['migrate', '--write', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(r.stderr).toMatch(/^Dockerfile\s+fixable\s+single\s+fixed EW204$/m);
    expect(r.stderr).toMatch(/^start\.sh\s+fixable\s+single\s+not changed: is read-only \(mode 0555\); not written \(--force writes it, keeping the mode\)$/m);
    expect(r.stderr).toMatch(/^1 file\(s\) changed$/m);
    expect(readFileSync(script, 'utf8')).toBe(FIXABLE);
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toContain('tini');

    const forced = execwrap(['migrate', '--write', '--force', dir]);
    expect(forced.stderr).toMatch(/^start\.sh\s+fixable\s+single\s+fixed EW101$/m);
    expect(forced.code).toBe(0);
    expect(readFileSync(script, 'utf8')).toBe(FIXED);
    expect(statSync(script).mode & 0o7777).toBe(0o555);
  });

  it('into a folder the user cannot write: named in the table, exit 2, no stack trace', () => {
    needRoot();
    const { dir } = repo();
    const r = execwrap(['migrate', '--write', dir], { asNobody: true });
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(r.stderr).toMatch(/^start\.sh\s+\S+\s+single\s+not changed: cannot be written: permission denied$/m);
    expect(r.stderr).toMatch(/^0 file\(s\) changed$/m);
  });

  it('--force without --write is a usage error', () => {
    const r = execwrap(['migrate', '--force', scratch()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('execwrap: --force only applies to --write\n');
  });
});
