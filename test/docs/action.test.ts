/**
 * action.yml, the composite GitHub Action: its inputs are the documented ones, inputs reach the script only
 * through environment variables, and its script, run here with the local build in place of
 * `npx --yes execwrap@<version>`, checks what it should and exits with execwrap's code.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT } from './build.js';
import { parseYaml, type Yaml } from './yaml.js';

const BIN = join(ROOT, 'bin', 'execwrap.js');
const NPX = 'npx --yes "execwrap@${EXECWRAP_VERSION}"';

type Map = { [key: string]: Yaml };
const action = parseYaml(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as Map;
const inputs = action.inputs as { [name: string]: Map };
const runs = action.runs as Map;
const steps = runs.steps as Map[];
const step = steps.find((s) => s.id === 'check')!;
const env = step.env as { [name: string]: string };
const script = step.run as string;

const temp = mkdtempSync(join(tmpdir(), 'ew-action-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

beforeAll(() => {
  // The Action runs the published package; here the local build stands in for it, so it must be current.
  ensureBuilt();
}, 180_000);

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  outputs: { [name: string]: string };
}

let runs_ = 0;
/** Runs the step's script as the runner would (bash, inputs as env), with the local build for npx. */
function runAction(with_: { [input: string]: string }): Run {
  const values: { [input: string]: string } = {};
  for (const [name, input] of Object.entries(inputs)) values[name] = with_[name] ?? (input.default as string);
  const stepEnv: { [name: string]: string } = {};
  for (const [name, value] of Object.entries(env)) {
    stepEnv[name] = value.replace(/\$\{\{\s*inputs\.([a-z-]+)\s*\}\}/g, (_m, input: string) => {
      if (!(input in values)) throw new Error(`env ${name} uses undeclared input ${input}`);
      return values[input]!;
    });
  }
  const githubOutput = join(temp, `github-output-${++runs_}`);
  const local = script.split(NPX).join(`node ${JSON.stringify(BIN)}`);
  const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', local], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...stepEnv, GITHUB_OUTPUT: githubOutput, NO_COLOR: '1', CI: 'true' },
  });
  let outputs: { [name: string]: string } = {};
  try {
    outputs = Object.fromEntries(
      readFileSync(githubOutput, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
  } catch {
    // no outputs written
  }
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, outputs };
}

interface JsonReport {
  files: { path: string; type: string; status: string; findings: { rule: string; severity: string; docs: string }[] }[];
}

describe('action.yml', () => {
  it('is a composite action with the documented inputs and defaults', () => {
    expect(runs.using).toBe('composite');
    expect(Object.fromEntries(Object.entries(inputs).map(([name, input]) => [name, input.default]))).toEqual({
      paths: '.',
      format: 'github',
      'failure-threshold': 'error',
      version: 'latest',
      output: '',
    });
    for (const format of ['github', 'text', 'json', 'sarif', 'markdown']) expect(inputs.format!.description).toContain(format);
    for (const severity of ['error', 'warning', 'info']) expect(inputs['failure-threshold']!.description).toContain(severity);
    for (const input of Object.values(inputs)) expect(input.required).toBe(false);
    expect(Object.keys(action.outputs as Map).sort()).toEqual(['exit-code', 'report']);
  });

  it('docs/ci.md documents exactly these inputs and outputs, with their defaults', () => {
    const ci = readFileSync(join(ROOT, 'docs', 'ci.md'), 'utf8');
    const rows = [...ci.matchAll(/^\| `([a-z-]+)` \| (?:`([^`]*)`|\(empty\)) \| .+ \|$/gm)].map((m) => [m[1], m[2] ?? '']);
    expect(Object.fromEntries(rows)).toEqual(Object.fromEntries(Object.entries(inputs).map(([name, input]) => [name, input.default])));
    const outputs = [...ci.matchAll(/^\| `([a-z-]+)` \| [^`|][^|]* \|$/gm)].map((m) => m[1]).sort();
    expect(outputs).toEqual(Object.keys(action.outputs as Map).sort());
  });

  it('runs `npx --yes execwrap@<version> check --format <format> --failure-threshold <threshold> <paths>`', () => {
    expect(step.shell).toBe('bash');
    const commands = script.split('\n').filter((l) => l.includes(NPX));
    expect(commands.length).toBeGreaterThan(0);
    for (const command of commands) {
      expect(command).toContain(`${NPX} check --format "$EXECWRAP_FORMAT" --failure-threshold "$EXECWRAP_FAILURE_THRESHOLD" -- "\${paths[@]}"`);
    }
    // Inputs are passed as environment variables, never expanded into the script (no script injection).
    expect(script).not.toContain('${{');
    expect(Object.values(env).every((v) => /^\$\{\{ inputs\.[a-z-]+ \}\}$/.test(v))).toBe(true);
    expect(new Set(Object.values(env).map((v) => /inputs\.([a-z-]+)/.exec(v)![1]))).toEqual(new Set(Object.keys(inputs)));
  });

  it('exits 0 on a correct sample (JSON report on stdout, exit-code output 0)', () => {
    const run = runAction({ paths: 'samples/exec-gunicorn-ok', format: 'json' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.files.map((f) => f.path).sort()).toEqual(['samples/exec-gunicorn-ok/Dockerfile', 'samples/exec-gunicorn-ok/start.sh']);
    expect(run.outputs).toEqual({ 'exit-code': '0', report: '' });
  });

  it('exits 1 on a sample with errors', () => {
    const run = runAction({ paths: 'samples/nginx-php-fpm-bg-wait', format: 'json' });
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as JsonReport;
    const findings = report.files.flatMap((f) => f.findings);
    expect(findings.map((f) => f.rule)).toContain('EW102');
    expect(findings.every((f) => f.docs.startsWith('https://github.com/execwrap/execwrap/blob/main/docs/rules/'))).toBe(true);
    expect(run.outputs['exit-code']).toBe('1');
  });

  it('failure-threshold is passed on: a warning fails only at warning or info', () => {
    // exec-before-migrations has one warning (EW107: lines after `exec` never run) and no error.
    expect(runAction({ paths: 'samples/exec-before-migrations', format: 'json', 'failure-threshold': 'warning' }).status).toBe(1);
    expect(runAction({ paths: 'samples/exec-before-migrations', format: 'json', 'failure-threshold': 'info' }).status).toBe(1);
    expect(runAction({ paths: 'samples/exec-before-migrations', format: 'json', 'failure-threshold': 'error' }).status).toBe(0);
  });

  it('takes several paths separated by spaces and newlines', () => {
    const run = runAction({ paths: 'samples/exec-gunicorn-ok/start.sh\nsamples/nginx-php-fpm-bg-wait/start.sh  samples/redis-passthrough-ok', format: 'json' });
    expect(run.status).toBe(1);
    const paths = (JSON.parse(run.stdout) as JsonReport).files.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['samples/exec-gunicorn-ok/start.sh', 'samples/nginx-php-fpm-bg-wait/start.sh']));
    expect(paths.some((p) => p.startsWith('samples/redis-passthrough-ok/'))).toBe(true);
  });

  it('writes the report to `output` and names it in the outputs; the exit code is still execwrap\'s', () => {
    const file = join(temp, 'report.json');
    const run = runAction({ paths: 'samples/nginx-php-fpm-bg-wait', format: 'json', output: file });
    expect(run.status).toBe(1);
    expect(run.stdout).not.toContain('"files"');
    expect((JSON.parse(readFileSync(file, 'utf8')) as JsonReport).files.length).toBeGreaterThan(0);
    expect(run.outputs).toEqual({ 'exit-code': '1', report: file });
  });

  it('a path that does not exist: exit 2, no report', () => {
    const run = runAction({ paths: 'samples/no-such-sample', format: 'json' });
    expect(run.status).toBe(2);
    expect(run.outputs['exit-code']).toBe('2');
  });

  it('default format (github): one annotation per finding', () => {
    const run = runAction({ paths: 'samples/nginx-php-fpm-bg-wait' });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^::error file=samples\/nginx-php-fpm-bg-wait\/start\.sh,line=\d+,.*title=EW102::/m);
  });

  it('format sarif writes a SARIF 2.1.0 log to `output`', () => {
    const file = join(temp, 'execwrap.sarif');
    const run = runAction({ paths: 'samples/nginx-php-fpm-bg-wait', format: 'sarif', output: file });
    expect(run.status).toBe(1);
    const sarif = JSON.parse(readFileSync(file, 'utf8')) as { version: string; runs: { results: { ruleId: string }[] }[] };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]!.results.map((r) => r.ruleId)).toContain('EW102');
  });

  it('format markdown writes a comment body naming the findings', () => {
    const file = join(temp, 'execwrap.md');
    const run = runAction({ paths: 'samples/nginx-php-fpm-bg-wait', format: 'markdown', output: file });
    expect(run.status).toBe(1);
    const body = readFileSync(file, 'utf8');
    expect(body).toContain('EW102');
    expect(body).toContain('https://github.com/execwrap/execwrap/blob/main/docs/rules/EW102.md');
  });
});
