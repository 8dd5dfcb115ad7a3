/**
 * `execwrap migrate` over a copy of the samples: one combined diff that `git apply` takes, the same bytes as
 * `--write`, and nothing left to do on a second run. Plus the repository walk: .gitignore, vendored folders,
 * symbolic links.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { needPrograms } from '../harness/support.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'execwrap.js');

function execwrap(args: string[], cwd = ROOT) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 1 << 26 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A copy of samples/ without the golden outputs, as a repository would look. */
function copySamples(): string {
  const dir = mkdtempSync(join(tmpdir(), 'execwrap-migrate-'));
  cpSync(join(ROOT, 'samples'), dir, { recursive: true, filter: (src) => !src.includes(`${'/'}expected`) });
  return dir;
}

function snapshot(dir: string): Map<string, { bytes: Buffer; mode: number }> {
  const files = new Map<string, { bytes: Buffer; mode: number }>();
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.set(relative(dir, path), { bytes: readFileSync(path), mode: statSync(path).mode });
    }
  };
  walk(dir);
  return files;
}

describe('execwrap migrate', () => {
  it('prints a combined diff that git apply takes, equal to what --write produces, and a second run changes nothing', () => {
    const viaDiff = copySamples();
    const viaWrite = copySamples();
    const dry = execwrap(['migrate', viaDiff]);
    expect(dry.code).toBe(1); // the two samples with syntax errors are findings (EW118, EW208), not errors
    expect(dry.stderr).toMatch(/FILE\s+STATUS\s+LAUNCHER\s+ACTION/);
    expect(dry.stdout).toMatch(/^diff --git a\//);

    const onlyDiff = execwrap(['migrate', '--diff', viaDiff]);
    expect(onlyDiff.stdout).toBe(dry.stdout);
    expect(onlyDiff.stderr).not.toMatch(/FILE\s+STATUS/);
    const patch = join(mkdtempSync(join(tmpdir(), 'execwrap-patch-')), 'migrate.patch');
    writeFileSync(patch, onlyDiff.stdout);
    const apply = spawnSync('git', ['apply', patch], { cwd: viaDiff, encoding: 'utf8' });
    expect(apply.stderr).toBe('');
    expect(apply.status).toBe(0);

    const write = execwrap(['migrate', '--write', viaWrite]);
    expect(write.stderr).toMatch(/\d+ file\(s\) changed/);
    const a = snapshot(viaDiff);
    const b = snapshot(viaWrite);
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [path, file] of a) {
      expect(Buffer.compare(file.bytes, b.get(path)!.bytes), path).toBe(0);
      expect(b.get(path)!.mode, `${path} mode`).toBe(file.mode);
    }

    const again = execwrap(['migrate', '--check', viaWrite]);
    expect(again.stderr).not.toMatch(/would fix/); // nothing would change
    expect(again.code).toBe(1); // what execwrap cannot fix is left, as --write said
    expect(execwrap(['migrate', '--diff', viaWrite]).stdout).toBe('');
    // With tini now in front (of the php image's own entrypoint, too), each fixed Dockerfile is still seen to run
    // its start script: the scripts are checked as run by a Dockerfile, not listed as orphans.
    for (const name of ['nginx-php-fpm-bg-wait', 'dockerfile-heredoc-run', 'single-service-tail-devnull']) {
      expect(again.stderr, name).toMatch(new RegExp(`${name}/start\\.sh\\s+ok\\s+(single|multi)\\s+unchanged \\(ok\\)\\n`));
      const check = JSON.parse(execwrap(['check', '--format', 'json', join(viaWrite, name, 'Dockerfile')]).stdout) as { files: { scripts?: { status: string }[] }[] };
      expect(check.files[0]!.scripts?.map((s) => s.status), name).toEqual(['ok']);
    }
  });

  it("README's main job, `migrate samples`: exit 1, each problem once, no error line", () => {
    const r = execwrap(['migrate', 'samples']);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/^execwrap: /m);
    for (const file of ['syntax-error-lone-ampersand/start.sh', 'syntax-error-unclosed-if/docker-entrypoint.sh']) {
      expect(r.stderr.split('\n').filter((l) => l.includes(file))).toHaveLength(1);
    }
    expect(r.stderr).toMatch(/^syntax-error-lone-ampersand\/start\.sh\s+unfixable\s+unknown\s+not changed: does not parse \(line 16, EW118\)$/m);
    expect(r.stderr).toMatch(/^syntax-error-lone-ampersand\/Dockerfile\s+unfixable\s+unknown\s+not changed: its start script start\.sh does not parse \(EW208\)$/m);
  });

  it('says "would fix" in a dry run and under --check, "fixed" once written', () => {
    const dir = copySamples();
    const row = /^node-express-sh-no-exec\/start\.sh\s+fixable\s+single\s+(.*)$/m;
    expect(row.exec(execwrap(['migrate', dir]).stderr)?.[1]).toBe('would fix EW101');
    expect(row.exec(execwrap(['migrate', '--check', dir]).stderr)?.[1]).toBe('would fix EW101');
    expect(row.exec(execwrap(['migrate', '--format', 'json', dir]).stderr)?.[1]).toBe('would fix EW101');
    expect(execwrap(['migrate', dir]).stderr).not.toMatch(/(?<!not )\bfixed /);
    expect(row.exec(execwrap(['migrate', '--write', dir]).stderr)?.[1]).toBe('fixed EW101');
  });

  it('dry run, --diff, --check and --format agree on the exit code for the same state, and --write exits as a dry run after it would', () => {
    const modes = [[], ['--diff'], ['--check'], ['--format', 'json']];
    const codes = (dir: string) => modes.map((flags) => execwrap(['migrate', ...flags, dir]).code);
    const dir = mkdtempSync(join(tmpdir(), 'execwrap-codes-'));
    writeFileSync(join(dir, 'Dockerfile'), 'FROM debian:bookworm-slim\nCOPY start.sh /start.sh\nCMD ["/start.sh"]\n');
    writeFileSync(join(dir, 'start.sh'), '#!/bin/sh\nset -e\nexec /usr/local/bin/app\n', { mode: 0o755 });
    expect(codes(dir)).toEqual([0, 0, 0, 0]);
    // A fixable script no Dockerfile runs: listed, never changed; still 1 in every mode, and after --write.
    writeFileSync(join(dir, 'start-worker.sh'), '#!/bin/sh\nworker --queue default\n', { mode: 0o755 });
    expect(codes(dir)).toEqual([1, 1, 1, 1]);
    expect(execwrap(['migrate', '--write', dir]).code).toBe(1);
    expect(codes(dir)).toEqual([1, 1, 1, 1]);
    // Something fixable that --write fixes completely: 1 before, 0 from --write, 0 after.
    const fixable = mkdtempSync(join(tmpdir(), 'execwrap-codes-'));
    writeFileSync(join(fixable, 'Dockerfile'), 'FROM debian:bookworm-slim\nCOPY start.sh /start.sh\nCMD ["/start.sh"]\n');
    writeFileSync(join(fixable, 'start.sh'), '#!/bin/sh\nset -e\n/usr/local/bin/app\n', { mode: 0o755 });
    expect(codes(fixable)).toEqual([1, 1, 1, 1]);
    expect(execwrap(['migrate', '--write', fixable]).code).toBe(0);
    expect(codes(fixable)).toEqual([0, 0, 0, 0]);
  });

  it('names files on stderr by the same relative paths as the table', () => {
    const dir = mkdtempSync(join(tmpdir(), 'execwrap-paths-'));
    mkdirSync(join(dir, 'svc'));
    writeFileSync(join(dir, 'svc', 'Dockerfile'), 'FROM debian:bookworm-slim\nCOPY start.sh /start.sh\nCMD ["/start.sh"]\n');
    writeFileSync(join(dir, 'svc', 'start.sh'), Buffer.from([0x23, 0x21, 0x2f, 0x62, 0x69, 0x6e, 0x2f, 0x73, 0x68, 0x0a, 0x00]), { mode: 0o755 });
    const diff = execwrap(['migrate', '--diff', dir]);
    expect(diff.code).toBe(2);
    expect(diff.stderr).not.toContain(dir);
    expect(diff.stderr).toContain('execwrap: svc/start.sh:2: file is binary');
    const table = execwrap(['migrate', dir]);
    expect(table.stderr).not.toContain(dir);
    expect(table.stderr).toMatch(/^svc\/start\.sh\s+error\s+-\s+not changed: file is binary/m);
  });

  it('changes only what needs it: already-right samples come out byte-identical', () => {
    const dir = copySamples();
    const before = snapshot(dir);
    execwrap(['migrate', '--write', dir]);
    const after = snapshot(dir);
    for (const name of ['exec-gunicorn-ok/start.sh', 'redis-passthrough-ok/docker-entrypoint.sh', 'function-library/lib.sh']) {
      if (!before.has(name)) continue;
      expect(Buffer.compare(after.get(name)!.bytes, before.get(name)!.bytes), name).toBe(0);
    }
  });

  it('respects .gitignore, skips node_modules and never follows a symbolic link out of the repository', () => {
    const outside = mkdtempSync(join(tmpdir(), 'execwrap-outside-'));
    writeFileSync(join(outside, 'start.sh'), '#!/bin/sh\nnode server.js\n');
    const repo = mkdtempSync(join(tmpdir(), 'execwrap-repo-'));
    const script = '#!/bin/sh\ncd /app\nnode server.js\n';
    for (const dir of ['app', 'ignored', 'node_modules/pkg']) mkdirSync(join(repo, dir), { recursive: true });
    for (const dir of ['app', 'ignored', 'node_modules/pkg']) writeFileSync(join(repo, dir, 'start.sh'), script, { mode: 0o755 });
    writeFileSync(join(repo, 'app', 'Dockerfile'), 'FROM node:20-bookworm-slim\nCOPY start.sh /start.sh\nCMD ["/start.sh"]\n');
    writeFileSync(join(repo, '.gitignore'), 'ignored/\n');
    symlinkSync(outside, join(repo, 'linked'));
    const result = execwrap(['migrate', '--diff', repo]);
    expect(result.stdout).toContain('a/app/start.sh');
    expect(result.stdout).not.toContain('ignored/');
    expect(result.stdout).not.toContain('node_modules');
    expect(result.stdout).not.toContain('linked');
    execwrap(['migrate', '--write', repo]);
    expect(readFileSync(join(outside, 'start.sh'), 'utf8')).toBe('#!/bin/sh\nnode server.js\n');
    expect(readFileSync(join(repo, 'ignored', 'start.sh'), 'utf8')).toBe(script);
    rmSync(outside, { recursive: true, force: true });
  });
});

describe('migrate progress', () => {
  const repo = () => {
    const dir = mkdtempSync(join(tmpdir(), 'execwrap-progress-'));
    for (const name of ['a', 'b', 'c']) {
      mkdirSync(join(dir, name));
      writeFileSync(join(dir, name, 'Dockerfile'), 'FROM debian:bookworm-slim\nCOPY start.sh /start.sh\nCMD ["/start.sh"]\n');
      writeFileSync(join(dir, name, 'start.sh'), '#!/bin/sh\nexec /usr/local/bin/app\n', { mode: 0o755 });
    }
    return dir;
  };

  it('is drawn on stderr when it is a terminal', () => {
    needPrograms('script');
    const dir = repo();
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete env.CI;
    // util-linux `script` gives the command a pseudo-terminal, as a person's shell would.
    const r = spawnSync('script', ['-qec', `${process.execPath} ${BIN} migrate --check ${dir}`, '/dev/null'], { encoding: 'utf8', env });
    expect(r.stdout).toMatch(/migrate \[.*\] \d+\/3 Dockerfiles/);
  });

  it('stays silent when stderr is piped, and in CI', () => {
    needPrograms('script');
    const dir = repo();
    expect(execwrap(['migrate', '--check', dir]).stderr).not.toContain('Dockerfiles');
    const env = { ...process.env, NO_COLOR: '1', CI: 'true' };
    const r = spawnSync('script', ['-qec', `${process.execPath} ${BIN} migrate --check ${dir}`, '/dev/null'], { encoding: 'utf8', env });
    expect(r.stdout).not.toMatch(/migrate \[/);
  });
});
