/**
 * Safe and unsafe fixes, the way Ruff does it: `fix` and `migrate` apply safe fixes; `--unsafe-fixes` (or
 * `"unsafeFixes": true` in the config) applies unsafe ones too; otherwise an unsafe fix is shown as a suggestion
 * with its diff, and every output format says which kind each fix is. The unsafe fix used here is EW112's
 * `eval exec` for a final `eval "$CMD"`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'execwrap.js');

const EVAL_SCRIPT = '#!/bin/sh\ncd /srv\nexec_cmd_unused=1\neval "$START_CMD"\n';
const EVAL_FIXED = '#!/bin/sh\ncd /srv\nexec_cmd_unused=1\neval exec "$START_CMD"\n';

function execwrap(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function project(config?: object): string {
  const dir = mkdtempSync(join(tmpdir(), 'execwrap-unsafe-'));
  writeFileSync(join(dir, 'start.sh'), EVAL_SCRIPT, { mode: 0o755 });
  if (config) writeFileSync(join(dir, '.execwraprc.json'), JSON.stringify(config));
  return dir;
}

describe('fix', () => {
  it('does not apply an unsafe fix without --unsafe-fixes, and shows it as a suggestion with its diff', () => {
    const dir = project();
    const r = execwrap(['fix', 'start.sh'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(EVAL_SCRIPT);
    expect(r.stderr).toContain('start.sh:4:1: error:');
    expect(r.stderr).toContain('[EW112] (unsafe fix not applied: --unsafe-fixes applies it)');
    expect(r.stderr).toContain('suggested change (unsafe: may change more than the stop):');
    expect(r.stderr).toContain('-eval "$START_CMD"\n+eval exec "$START_CMD"\n');
  });

  it('applies it with --unsafe-fixes', () => {
    const dir = project();
    const r = execwrap(['fix', '--unsafe-fixes', 'start.sh'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(EVAL_FIXED);
    expect(r.stderr).not.toContain('suggested change');
  });

  it('--write leaves the file alone without the flag and writes it with it', () => {
    const dir = project();
    expect(execwrap(['fix', '--write', 'start.sh'], dir).code).toBe(0);
    expect(readFileSync(join(dir, 'start.sh'), 'utf8')).toBe(EVAL_SCRIPT);
    expect(execwrap(['fix', '--write', '--unsafe-fixes', 'start.sh'], dir).code).toBe(0);
    expect(readFileSync(join(dir, 'start.sh'), 'utf8')).toBe(EVAL_FIXED);
    // The result is a correct launcher: nothing left to fix, safe or unsafe.
    const again = execwrap(['check', '--format', 'json', 'start.sh'], dir);
    expect(again.code).toBe(0);
  });

  it('"unsafeFixes": true in the config applies it too', () => {
    const dir = project({ unsafeFixes: true });
    expect(execwrap(['fix', 'start.sh'], dir).stdout).toBe(EVAL_FIXED);
  });

  it('refuses a config whose unsafeFixes is not a boolean', () => {
    const dir = project({ unsafeFixes: 'yes' });
    const r = execwrap(['fix', 'start.sh'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"unsafeFixes" must be true or false');
  });
});

describe('check', () => {
  it('JSON marks each fix as safe or unsafe', () => {
    const dir = project();
    writeFileSync(join(dir, 'other.sh'), '#!/bin/sh\ngunicorn app\n', { mode: 0o755 });
    const r = execwrap(['check', '--format', 'json', 'start.sh', 'other.sh'], dir);
    expect(r.code).toBe(1);
    const files = (JSON.parse(r.stdout) as { files: { findings: { rule: string; fixApplicability: string | null }[] }[] }).files;
    expect(files[0]!.findings.map((f) => [f.rule, f.fixApplicability])).toEqual([['EW112', 'unsafe']]);
    expect(files[1]!.findings.map((f) => [f.rule, f.fixApplicability])).toEqual([['EW101', 'safe']]);
  });

  it('text names the flag that applies an unsafe fix', () => {
    const r = execwrap(['check', 'start.sh'], project());
    expect(r.stdout).toContain('EW112 (unsafe fix, may change more than the stop: execwrap fix --unsafe-fixes --write)');
  });

  it('SARIF carries the unsafe fix as a suggestion on its result, and as part of the change with --unsafe-fixes', () => {
    const dir = project();
    const sarif = (args: string[]) => {
      const log = JSON.parse(execwrap(['check', '--format', 'sarif', ...args, 'start.sh'], dir).stdout) as {
        runs: { results: { ruleId: string; fixes?: { description: { text: string }; artifactChanges: { replacements: { insertedContent: { text: string } }[] }[] }[] }[] }[];
      };
      return log.runs[0]!.results[0]!;
    };
    const suggested = sarif([]);
    expect(suggested.ruleId).toBe('EW112');
    expect(suggested.fixes?.[0]?.description.text).toMatch(/^Unsafe fix for EW112/);
    expect(suggested.fixes?.[0]?.artifactChanges[0]?.replacements).toEqual([expect.objectContaining({ insertedContent: { text: 'exec ' } })]);
    const applied = sarif(['--unsafe-fixes']);
    expect(applied.fixes?.[0]?.description.text).toBe('Apply every change `execwrap fix` makes to this file');
  });

  it('markdown shows the unsafe change as a suggestion, not as the proposed change', () => {
    const r = execwrap(['check', '--format', 'markdown', 'start.sh'], project());
    expect(r.stdout).toContain('(unsafe fix)');
    expect(r.stdout).not.toContain('Proposed change:');
    expect(r.stdout).toContain('Suggested change, not applied: it may change more than the stop');
    expect(r.stdout).toContain('+eval exec "$START_CMD"');
  });
});

describe('migrate', () => {
  function repository(): string {
    const dir = mkdtempSync(join(tmpdir(), 'execwrap-unsafe-repo-'));
    mkdirSync(join(dir, 'app'));
    writeFileSync(join(dir, 'app', 'Dockerfile'), 'FROM debian:bookworm-slim\nCOPY start.sh /start.sh\nENTRYPOINT ["/start.sh"]\n');
    writeFileSync(join(dir, 'app', 'start.sh'), EVAL_SCRIPT, { mode: 0o755 });
    return dir;
  }

  it('suggests the unsafe fix in the summary and changes nothing without the flag', () => {
    const dir = repository();
    const r = execwrap(['migrate', '--write', '.'], dir);
    expect(r.stderr).toMatch(/app\/start\.sh .*unsafe fix suggested: EW112 \(--unsafe-fixes\)/);
    expect(readFileSync(join(dir, 'app', 'start.sh'), 'utf8')).toBe(EVAL_SCRIPT);
  });

  it('applies it with --unsafe-fixes', () => {
    const dir = repository();
    const r = execwrap(['migrate', '--write', '--unsafe-fixes', '.'], dir);
    expect(r.stderr).toMatch(/app\/start\.sh .*fixed EW112/);
    expect(readFileSync(join(dir, 'app', 'start.sh'), 'utf8')).toBe(EVAL_FIXED);
  });
});
