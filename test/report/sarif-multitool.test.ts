/**
 * GitHub code scanning rejects SARIF that breaks its rules (a rule without `help`, GH2012, among others). Microsoft's
 * SARIF Multitool (a dev dependency; a self-contained .NET program inside the npm package) checks both the SARIF
 * rule set and GitHub's: it runs here over real output of `execwrap check --format sarif` on every sample, and must
 * report no error and no warning.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Sarif from 'sarif';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureBuilt, ROOT } from '../docs/build.js';
import { describeNeedingMachine } from '../harness/support.js';

const require = createRequire(import.meta.url);
const temp = mkdtempSync(join(tmpdir(), 'ew-multitool-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** The platform binary the package ships (its index.js resolves it); undefined where npm installed none. */
function multitool(): string | undefined {
  try {
    const path = require('@microsoft/sarif-multitool') as string;
    return existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/** Problems the Multitool reports (its own output is SARIF: one result per broken rule). */
function validate(sarif: string): { problems: string[]; ran: Sarif.Log } {
  const input = join(temp, `in-${Math.random().toString(36).slice(2)}.sarif`);
  const output = `${input}.validation.sarif`;
  writeFileSync(input, sarif);
  // Called directly, not through the package's bin.js: that one runs through a shell, which splits `Sarif;Gh`.
  const run = spawnSync(multitool()!, ['validate', input, '--rule-kind', 'Sarif;Gh', '--output', output], {
    encoding: 'utf8',
    timeout: 120_000,
    // ICU is not needed for validating; without this, a machine without libicu could not start the .NET runtime.
    env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' },
  });
  expect(run.error, 'the Multitool started').toBeUndefined();
  expect(existsSync(output), `the Multitool wrote its report\n${run.stdout}${run.stderr}`).toBe(true);
  const ran = JSON.parse(readFileSync(output, 'utf8')) as Sarif.Log;
  const problems = (ran.runs[0]!.results ?? [])
    .filter((r) => r.level === undefined || r.level === 'error' || r.level === 'warning')
    .map((r) => `${r.level ?? 'warning'} ${r.ruleId}: ${r.message.text ?? JSON.stringify(r.message.arguments)}`);
  return { problems, ran };
}

const platformSupported = (process.platform === 'linux' || process.platform === 'darwin' || process.platform === 'win32') && process.arch === 'x64';

const lack = `a SARIF Multitool binary for ${process.platform}-${process.arch} (SARIF not validated against GitHub's rules)`;
describeNeedingMachine(platformSupported, lack, 'SARIF Multitool (SARIF and GitHub rule sets)', () => {
  let checkOutput = '';
  beforeAll(() => {
    ensureBuilt();
    const result = spawnSync(process.execPath, [join(ROOT, 'bin', 'execwrap.js'), 'check', '--format', 'sarif', 'samples'], { cwd: ROOT, encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(1);
    checkOutput = result.stdout;
  });

  it('is installed (a dev dependency)', () => {
    expect(multitool(), 'npm install puts @microsoft/sarif-multitool-<platform> in node_modules').toBeDefined();
  });

  it('finds what GitHub rejects (the check is not vacuous): a rule without help is GH2012', () => {
    const log = JSON.parse(checkOutput) as Sarif.Log;
    delete log.runs[0]!.tool.driver.rules![0]!.help;
    const { problems } = validate(JSON.stringify(log));
    expect(problems.join('\n')).toMatch(/GH2012/);
  });

  it('`execwrap check --format sarif samples`: no error, no warning', () => {
    const log = JSON.parse(checkOutput) as Sarif.Log;
    expect(log.runs[0]!.results!.length, 'the samples produce results').toBeGreaterThan(20);
    const { problems, ran } = validate(checkOutput);
    expect(ran.runs[0]!.invocations?.[0]?.executionSuccessful).toBe(true);
    expect(problems).toEqual([]);
  });
}, { requiredInCi: false });
