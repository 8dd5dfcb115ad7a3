import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeScript } from '../../src/shell/analyze-script.js';
import { ConfigError, loadSettings, validateSettings } from '../../src/app/config.js';
import { decodeSource } from '../../src/core/source.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'execwrap.js');

function execwrap(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'execwrap-config-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const NPM_START = '#!/bin/sh\ncd /app\nexec npm start\n';

describe('config file', () => {
  it('is found upward from the working directory (.execwraprc.json) and turns a rule off', async () => {
    const dir = project({ '.execwraprc.json': '{ "rules": { "EW110": "off" } }', 'app/start.sh': NPM_START });
    const settings = await loadSettings(join(dir, 'app'));
    expect(settings.file).toBe(join(dir, '.execwraprc.json'));
    const report = await analyzeScript(decodeSource('start.sh', Buffer.from(NPM_START)), settings);
    expect(report.findings.map((f) => f.rule)).toEqual([]);
    const without = await analyzeScript(decodeSource('start.sh', Buffer.from(NPM_START)));
    expect(without.findings.map((f) => f.rule)).toEqual(['EW110']);
  });

  it('reads the execwrap key of package.json, by rule name too, and changes severities', async () => {
    const dir = project({ 'package.json': JSON.stringify({ name: 'x', execwrap: { rules: { 'script-runner-launch': 'error' } } }) });
    const settings = await loadSettings(dir);
    expect(settings.rules).toEqual({ EW110: 'error' });
    const report = await analyzeScript(decodeSource('start.sh', Buffer.from(NPM_START)), settings);
    expect(report.findings.map((f) => [f.rule, f.severity])).toEqual([['EW110', 'error']]);
    expect(report.status).toBe('unfixable');
  });

  it('rejects invalid config naming the bad key', () => {
    const bad = (config: unknown) => () => validateSettings(config, '/p/.execwraprc.json');
    expect(bad({ rule: {} })).toThrow(/\/p\/\.execwraprc\.json: "rule" is not a setting/);
    expect(bad({ rules: { EW999: 'off' } })).toThrow(/"rules\.EW999" is not an execwrap rule/);
    expect(bad({ rules: { EW101: 'loud' } })).toThrow(/"rules\.EW101" must be one of off, error, warning, info/);
    expect(bad({ init: 'systemd' })).toThrow(/"init" must be one of tini, dumb-init, none/);
    expect(bad({ ignorePaths: 'vendor' })).toThrow(/"ignorePaths" must be an array/);
    expect(bad({ failureThreshold: 'fatal' })).toThrow(ConfigError);
    expect(bad({ failFast: 'yes' })).toThrow(/"failFast" must be true or false/);
  });

  it('refuses to turn off or re-grade the rules that mark a file as not checked (EW118, EW208)', () => {
    const bad = (config: unknown) => () => validateSettings(config, '/p/.execwraprc.json');
    expect(bad({ rules: { EW118: 'off' } })).toThrow(/"rules\.EW118" cannot be turned off or re-graded: .*ignorePaths/);
    expect(bad({ rules: { 'syntax-error': 'warning' } })).toThrow(/"rules\.syntax-error" cannot be turned off/);
    expect(bad({ rules: { EW208: 'info' } })).toThrow(/"rules\.EW208" cannot be turned off/);
  });

  it('invalid config is an exit-2 error naming the key; ignorePaths skips files in directory walks', () => {
    const broken = project({ '.execwraprc.json': '{ "rules": { "EW101": "loud" } }', 'start.sh': NPM_START });
    const r = execwrap(['check', '.'], broken);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"rules.EW101" must be one of');
    expect(r.stdout).toBe('');

    const dir = project({ '.execwraprc.json': '{ "ignorePaths": ["legacy/"] }', 'legacy/start.sh': '#!/bin/sh\nnode a.js\n', 'app/start.sh': '#!/bin/sh\nexec node a.js\n' });
    const json = JSON.parse(execwrap(['check', '--format', 'json', '.'], dir).stdout) as { files: { path: string }[] };
    expect(json.files.map((f) => f.path)).toEqual(['app/start.sh']);
  });
});

describe('--failure-threshold', () => {
  const dir = project({ 'warn.sh': NPM_START, 'info.sh': '#!/bin/sh\nexec >>/var/log/app.log 2>&1\nnode server.js\n' });

  it('decides which findings make the exit code 1', () => {
    // warn.sh: only a warning (EW110) without a fix, so the file is ok.
    expect(execwrap(['check', 'warn.sh'], dir).code).toBe(0);
    expect(execwrap(['check', '--failure-threshold', 'error', 'warn.sh'], dir).code).toBe(0);
    expect(execwrap(['check', '--failure-threshold', 'warning', 'warn.sh'], dir).code).toBe(1);
    expect(execwrap(['check', '--failure-threshold', 'info', 'warn.sh'], dir).code).toBe(1);
  });

  it('counts info findings only at the info threshold', () => {
    const fixed = project({ 'info.sh': '#!/bin/sh\nexec >>/var/log/app.log 2>&1\nexec node server.js\n# execwrap ignore=EW999\ntrue\n' });
    // EW100 (unknown ID in an ignore) is a warning; make sure the threshold sees it, and nothing at error.
    expect(execwrap(['check', '--failure-threshold', 'error', 'info.sh'], fixed).code).toBe(0);
    expect(execwrap(['check', '--failure-threshold', 'warning', 'info.sh'], fixed).code).toBe(1);
  });

  it('the threshold can come from the config file, and the flag wins', () => {
    const configured = project({ '.execwraprc.json': '{ "failureThreshold": "warning" }', 'warn.sh': NPM_START });
    expect(execwrap(['check', 'warn.sh'], configured).code).toBe(1);
    expect(execwrap(['check', '--failure-threshold', 'error', 'warn.sh'], configured).code).toBe(0);
  });
});

describe('--fail-fast and failFast', () => {
  const script = '#!/bin/sh\nmigrate --up &\napi &\nwait\n';

  it('is never the default: a wait for all of them stays one', () => {
    const dir = project({ 'start.sh': script });
    const out = execwrap(['fix', 'start.sh'], dir).stdout;
    expect(out).toMatch(/^_ew_wait all {2}# /m);
  });

  it('the flag (fix, migrate) and the config key make the wait end at the first program', () => {
    const dir = project({ 'start.sh': script, Dockerfile: 'FROM debian:bookworm-slim\nCOPY start.sh /start.sh\nCMD ["/start.sh"]\n' });
    expect(execwrap(['fix', '--fail-fast', 'start.sh'], dir).stdout).toMatch(/^_ew_wait first {2}# execwrap: ends when the first program ends \(--fail-fast\)/m);
    expect(execwrap(['migrate', '--diff', '--fail-fast', '.'], dir).stdout).toMatch(/^\+_ew_wait first {2}# /m);
    const configured = project({ '.execwraprc.json': '{ "failFast": true }', 'start.sh': script });
    expect(execwrap(['fix', 'start.sh'], configured).stdout).toMatch(/^_ew_wait first {2}# /m);
  });
});

describe('ignores in Dockerfiles', () => {
  it('silence the next instruction, and an unknown rule ID is reported', () => {
    const dir = project({
      'Dockerfile': 'FROM debian:bookworm-slim\n# execwrap ignore=EW201\nCMD node server.js\n',
      'other/Dockerfile': 'FROM debian:bookworm-slim\n# execwrap ignore=EW299\nCMD node server.js\n',
      'whole/Dockerfile': '# execwrap ignore-file\nFROM debian:bookworm-slim\nCMD node server.js\n',
    });
    const rules = (path: string) => (JSON.parse(execwrap(['check', '--format', 'json', path], dir).stdout) as { files: { findings: { rule: string }[] }[] }).files[0]!.findings.map((f) => f.rule);
    expect(rules('Dockerfile')).not.toContain('EW201');
    expect(rules('other/Dockerfile')).toEqual(expect.arrayContaining(['EW100', 'EW201']));
    expect(rules('whole/Dockerfile')).toEqual([]);
  });
});
