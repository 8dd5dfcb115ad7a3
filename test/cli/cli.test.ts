/**
 * The CLI as users run it: the built binary in a child process, NO_COLOR set, on copies of samples in a temp
 * folder; asserts stdout, stderr, exit codes and what ends up on disk.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'execwrap.js');

function execwrap(args: string[], cwd = ROOT) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function copySample(name: string, file: string): { dir: string; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'execwrap-cli-'));
  const path = join(dir, file);
  copyFileSync(join(ROOT, 'samples', name, file), path);
  chmodSync(path, statSync(join(ROOT, 'samples', name, file)).mode & 0o777);
  return { dir, path };
}

describe('execwrap check', () => {
  it('exits 0 when every file is ok', () => {
    const r = execwrap(['check', 'samples/exec-gunicorn-ok/start.sh', 'samples/redis-passthrough-ok/docker-entrypoint.sh']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2 file(s): 2 ok, 0 fixable, 0 unfixable');
  });

  it('exits 1 when a file is fixable and names the rule, line and column', () => {
    const r = execwrap(['check', 'samples/django-gunicorn-no-exec/docker-entrypoint.sh']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^\s+\d+:\d+\s+error\s+`gunicorn` runs as a child of the shell.*EW101/m);
    expect(r.stdout).not.toMatch(/\u001b\[/); // NO_COLOR
  });

  it('prints the documented JSON shape', () => {
    const r = execwrap(['check', '--format', 'json', 'samples/nginx-php-fpm-bg-wait/start.sh']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as { files: Record<string, unknown>[] };
    expect(json.files).toHaveLength(1);
    const file = json.files[0]!;
    expect(Object.keys(file)).toEqual(expect.arrayContaining(['path', 'type', 'shell', 'launcher', 'status', 'processes', 'findings']));
    expect(file).toMatchObject({ path: 'samples/nginx-php-fpm-bg-wait/start.sh', type: 'script', shell: 'sh', launcher: 'multi', status: 'fixable' });
    expect(file.processes).toEqual([
      { command: "nginx -g 'daemon off;'", line: 34, background: true },
      { command: 'php-fpm -F', line: 34, background: true },
    ]);
    const finding = (file.findings as Record<string, unknown>[])[0]!;
    expect(Object.keys(finding)).toEqual(expect.arrayContaining(['rule', 'severity', 'line', 'column', 'endLine', 'endColumn', 'message', 'fixable']));
    expect(finding).toMatchObject({ rule: 'EW102', severity: 'error', line: 34, column: 1, fixable: true });
  });

  it('walks a directory for shell scripts and Dockerfiles', () => {
    const r = execwrap(['check', '--format', 'json', 'samples/gosu-passthrough-ok']);
    const json = JSON.parse(r.stdout) as { files: { path: string; type: string }[] };
    expect(json.files.map((f) => [f.path, f.type])).toEqual([
      ['samples/gosu-passthrough-ok/Dockerfile', 'dockerfile'],
      ['samples/gosu-passthrough-ok/docker-entrypoint.sh', 'script'],
    ]);
  });

  it('never mistakes a golden output for a script or a Dockerfile when walking samples/', () => {
    const r = execwrap(['check', '--format', 'json', 'samples']);
    const json = JSON.parse(r.stdout) as { files: { path: string }[] };
    expect(json.files.length).toBeGreaterThan(50);
    expect(json.files.filter((f) => f.path.includes('/expected/'))).toEqual([]);
  });

  describe('a script that does not parse is an EW118 finding (exit 1), as linters report it; fix refuses it (exit 2)', () => {
    const script = 'samples/syntax-error-unclosed-if/docker-entrypoint.sh';
    const message = 'syntax error: unexpected end of file; the shell cannot run this script, and execwrap checks and changes nothing in it';

    it('json: one EW118 finding at the line the shell names, launcher unknown, status unfixable; nothing on stderr', () => {
      const r = execwrap(['check', '--format', 'json', script]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(1);
      const json = JSON.parse(r.stdout) as { files: Record<string, unknown>[] };
      expect(json.files).toHaveLength(1);
      expect(json.files[0]).toMatchObject({ path: script, type: 'script', shell: 'bash', launcher: 'unknown', status: 'unfixable', processes: [] });
      expect(json.files[0]!.findings).toEqual([expect.objectContaining({ rule: 'EW118', name: 'syntax-error', severity: 'error', line: 21, column: 1, fixable: false, message })]);
    });

    it.each([
      ['text', `  21:1    error   ${message}  EW118`],
      ['github', `::error file=${script},line=21,col=1,`],
      ['markdown', `[EW118](https://github.com/execwrap/execwrap/blob/main/docs/rules/EW118.md) error, line 21: ${message}`],
      ['sarif', '"ruleId": "EW118"'],
    ])('%s: the finding is there, exit 1', (format, expected) => {
      const r = execwrap(['check', '--format', format, script]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(expected);
    });

    it('sarif: at its line, with the rule described', () => {
      const log = JSON.parse(execwrap(['check', '--format', 'sarif', script]).stdout) as { runs: { results: { ruleId: string; locations: { physicalLocation: { region: { startLine: number } } }[] }[]; tool: { driver: { rules: { id: string }[] } } }[] };
      expect(log.runs[0]!.results.map((r) => [r.ruleId, r.locations[0]!.physicalLocation.region.startLine])).toEqual([['EW118', 21]]);
      expect(log.runs[0]!.tool.driver.rules.map((r) => r.id)).toContain('EW118');
    });

    it.each([[[]], [['--write']], [['--diff']], [['--check']]])('fix %j: exit 2, file and line named once, nothing on stdout', (flags) => {
      const r = execwrap(['fix', ...flags, script]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`execwrap: ${script}:21: syntax error: unexpected end of file; execwrap does not edit a script it cannot parse\n`);
    });
  });

  it('exits 2 for a missing file and for an unknown format', () => {
    expect(execwrap(['check', 'no/such/file.sh']).code).toBe(2);
    const r = execwrap(['check', '--format', 'yaml', 'samples']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('yaml');
  });

  it('exits 2 for binary and invalid UTF-8 files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'execwrap-cli-'));
    writeFileSync(join(dir, 'bin.sh'), Buffer.from([0x23, 0x21, 0x2f, 0x00, 0x01]));
    writeFileSync(join(dir, 'latin1.sh'), Buffer.from('#!/bin/sh\n# caf\xe9\nexec app\n', 'latin1'));
    const binary = execwrap(['check', join(dir, 'bin.sh')]);
    expect(binary.code).toBe(2);
    expect(binary.stderr).toContain('binary');
    const latin1 = execwrap(['check', join(dir, 'latin1.sh')]);
    expect(latin1.code).toBe(2);
    expect(latin1.stderr).toMatch(/latin1\.sh:2: file is not valid UTF-8/);
  });
});

describe('execwrap fix', () => {
  it('ends quietly with its own exit code when the reader of its output has gone (`execwrap fix … | head`)', async () => {
    // The read end is closed before the child writes anything, so every write gets EPIPE.
    const child = spawn(process.execPath, [BIN, 'fix', 'samples/celery-beat-worker-gunicorn/docker-entrypoint.sh'], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|Unhandled|at /);
    expect(code).toBe(0);
  });

  it('prints an already-correct script byte for byte', () => {
    const r = spawnSync(process.execPath, [BIN, 'fix', 'samples/exec-gunicorn-ok/start.sh'], { cwd: ROOT });
    expect(r.status).toBe(0);
    expect(Buffer.compare(r.stdout, readFileSync(join(ROOT, 'samples/exec-gunicorn-ok/start.sh')))).toBe(0);
  });

  it('prints the fixed script', () => {
    const r = execwrap(['fix', 'samples/django-gunicorn-no-exec/docker-entrypoint.sh']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(join(ROOT, 'samples/django-gunicorn-no-exec/expected/docker-entrypoint.sh.fixed'), 'utf8'));
  });

  it('--check exits 1 on a change and prints nothing; 0 when already right', () => {
    const changed = execwrap(['fix', '--check', 'samples/django-gunicorn-no-exec/docker-entrypoint.sh']);
    expect(changed).toMatchObject({ code: 1, stdout: '' });
    expect(execwrap(['fix', '--check', 'samples/exec-gunicorn-ok/start.sh'])).toMatchObject({ code: 0, stdout: '' });
  });

  it('--diff prints a patch that git apply takes, and exits 1', () => {
    for (const [name, file] of [
      ['nginx-php-fpm-bg-wait', 'start.sh'],
      ['crlf-line-endings', 'start.sh'],
      ['utf8-bom', 'entrypoint.sh'],
      ['node-express-sh-no-exec', 'start.sh'],
    ] as const) {
      const { dir } = copySample(name, file);
      const r = execwrap(['fix', '--diff', file], dir);
      expect(r.code, name).toBe(1);
      expect(r.stdout).toMatch(new RegExp(`^diff --git a/${file} b/${file}\n--- a/${file}\n\\+\\+\\+ b/${file}\n@@ `));
      writeFileSync(join(dir, 'fix.patch'), r.stdout);
      const apply = spawnSync('git', ['apply', '--unsafe-paths', 'fix.patch'], { cwd: dir, encoding: 'utf8' });
      expect(apply.stderr, name).toBe('');
      expect(apply.status, name).toBe(0);
      const fixed = readdirSync(join(ROOT, 'samples', name, 'expected')).find((f) => f.endsWith('.fixed'))!;
      expect(Buffer.compare(readFileSync(join(dir, file)), readFileSync(join(ROOT, 'samples', name, 'expected', fixed))), name).toBe(0);
    }
  });

  it('--write rewrites in place keeping the mode, and a second run changes nothing', () => {
    const { path } = copySample('cd-and-puma', 'docker-entrypoint.sh');
    chmodSync(path, 0o750);
    const r = execwrap(['fix', '--write', path]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(statSync(path).mode & 0o777).toBe(0o750);
    expect(readFileSync(path, 'utf8')).toBe(readFileSync(join(ROOT, 'samples/cd-and-puma/expected/docker-entrypoint.sh.fixed'), 'utf8'));
    expect(execwrap(['fix', '--check', path]).code).toBe(0);
    expect(readdirSync(join(path, '..'))).toEqual(['docker-entrypoint.sh']); // no temporary file left behind
  });

  it('refuses what it cannot parse: exit 2, message with file and line, file untouched', () => {
    const { path } = copySample('syntax-error-lone-ampersand', 'start.sh');
    const before = readFileSync(path);
    const r = execwrap(['fix', '--write', path]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/start\.sh:16: syntax error/);
    expect(Buffer.compare(readFileSync(path), before)).toBe(0);
  });

  it('refuses a directory and combined modes', () => {
    expect(execwrap(['fix', 'samples']).stderr).toContain('is a directory');
    expect(execwrap(['fix', 'samples']).code).toBe(2);
    const both = execwrap(['fix', '--write', '--diff', 'samples/cd-and-puma/docker-entrypoint.sh']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('cannot be combined');
  });
});

describe('check --format', () => {
  it('sarif: one run, rules with help URIs, results with regions', () => {
    const r = execwrap(['check', '--format', 'sarif', 'samples/nginx-php-fpm-bg-wait/start.sh']);
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout) as { version: string; runs: { tool: { driver: { rules: { id: string; helpUri: string }[] } }; results: { ruleId: string; locations: { physicalLocation: { region: { startLine: number } } }[]; fixes?: unknown[] }[] }[] };
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    expect(log.runs[0]!.tool.driver.rules.find((rule) => rule.id === 'EW102')!.helpUri).toMatch(/docs\/rules\/EW102\.md$/);
    const result = log.runs[0]!.results[0]!;
    expect(result.ruleId).toBe('EW102');
    expect(result.locations[0]!.physicalLocation.region.startLine).toBe(34);
    expect(result.fixes).toHaveLength(1);
  });

  it('github: workflow commands', () => {
    const r = execwrap(['check', '--format', 'github', 'samples/django-gunicorn-no-exec/docker-entrypoint.sh']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^::error file=samples\/django-gunicorn-no-exec\/docker-entrypoint\.sh,line=\d+,col=1,endLine=\d+,endColumn=\d+,title=EW101::`gunicorn` runs as a child/m);
  });

  it('markdown: a summary table and the proposed change as a diff block', () => {
    const r = execwrap(['check', '--format', 'markdown', 'samples/cd-and-puma/docker-entrypoint.sh']);
    expect(r.stdout).toContain('| File | Type | Status |');
    expect(r.stdout).toMatch(/```diff\ndiff --git a\/samples\/cd-and-puma\/docker-entrypoint\.sh/);
    expect(r.stdout).toContain('+cd /srv/app && exec bundle exec puma');
  });
});

describe('a Dockerfile execwrap cannot check', () => {
  it('whose start script does not parse: EW208 on the Dockerfile, EW118 on the script, each once; exit 1', () => {
    for (const args of [['samples/syntax-error-unclosed-if'], ['samples/syntax-error-unclosed-if/Dockerfile']]) {
      const r = execwrap(['check', ...args]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(1);
      expect(r.stdout.match(/EW208/g)).toHaveLength(1);
      expect(r.stdout.match(/ EW118$/gm)).toHaveLength(1);
      expect(r.stdout).toContain('samples/syntax-error-unclosed-if/Dockerfile  Dockerfile (node:20-bookworm-slim), unfixable\n  7:1     error   not checked: the start script it runs, docker-entrypoint.sh, does not parse (line 21, EW118)');
      expect(r.stdout).toContain('samples/syntax-error-unclosed-if/docker-entrypoint.sh  bash, unknown launcher, unfixable\n  21:1    error   syntax error');
    }
  });

  it('whose start script does not parse: fix refuses it (exit 2), naming the script by a relative path', () => {
    const r = execwrap(['fix', 'samples/syntax-error-unclosed-if/Dockerfile']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('execwrap: samples/syntax-error-unclosed-if/docker-entrypoint.sh:21: syntax error: unexpected end of file; execwrap does not edit a script it cannot parse\n');
  });

  it('without FROM: EW208 at line 1 (exit 1); fix refuses it (exit 2)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'execwrap-cli-'));
    writeFileSync(join(dir, 'Dockerfile'), 'RUN apt-get update\nCMD ["/start.sh"]\n');
    const r = execwrap(['check', '--format', 'json', 'Dockerfile'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const file = (JSON.parse(r.stdout) as { files: Record<string, unknown>[] }).files[0]!;
    expect(file).toMatchObject({ type: 'dockerfile', status: 'unfixable', baseImage: null, scripts: [] });
    expect(file.findings).toEqual([expect.objectContaining({ rule: 'EW208', line: 1, column: 1 })]);
    const fix = execwrap(['fix', 'Dockerfile'], dir);
    expect(fix.code).toBe(2);
    expect(fix.stderr).toBe('execwrap: Dockerfile:1: no FROM instruction: not a Dockerfile execwrap can read\n');
  });
});
