#!/usr/bin/env node
/**
 * `npm run test:mutations`: breaks one behaviour at a time in a scratch copy of the repository and runs the
 * behaviour tests that should notice (test/mutations/mutations.mjs), then prints a table: mutation → the tests
 * that caught it, or NOT CAUGHT. Exit 0 when every mutation was caught, 1 when one was not, 2 when the run itself
 * could not be done (a mutation's text to find is missing, a test file is unknown).
 *
 *   npm run test:mutations                       every mutation
 *   npm run test:mutations -- --only a,b         the mutations with these ids
 *   npm run test:mutations -- --list             the mutations, nothing run
 *
 * The copy is the working tree as it is (uncommitted changes included) without .git, node_modules (linked) and
 * dist; it is removed at the end. Golden comparisons are switched off in the copy (EXECWRAP_MUTATIONS_IGNORE_GOLDENS):
 * a golden notices every change, so only behaviour assertions count here. Each test is run unmutated first (the
 * baseline, a failing entry twice: the PID 1 tests are timing-sensitive under load); a test that fails there
 * cannot count as catching anything, and the run says so.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { MUTATIONS } from './mutations.mjs';

const ROOT = join(import.meta.dirname, '..', '..');
const GOLDEN_TESTS = new Set(['test/report/golden.test.ts', 'test/scaffold/golden.test.ts']);
const SKIP = new Set(['.git', 'node_modules', 'dist']);

function fail(message) {
  process.stderr.write(`test:mutations: ${message}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const options = { only: undefined, list: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--list') options.list = true;
    else if (argv[i] === '--only') options.only = (argv[++i] ?? '').split(',').filter(Boolean);
    else if (argv[i].startsWith('--only=')) options.only = argv[i].slice('--only='.length).split(',').filter(Boolean);
    else fail(`unknown argument ${argv[i]} (use --only id,id or --list)`);
  }
  return options;
}

const count = (text, find) => text.split(find).length - 1;

/** Checks every mutation against the working tree before anything runs: text found as often as stated, tests exist. */
function validate(mutations) {
  for (const m of mutations) {
    for (const edit of m.edits) {
      const path = join(ROOT, edit.file);
      if (!existsSync(path)) fail(`mutation "${m.id}": ${edit.file} does not exist (update test/mutations/mutations.mjs)`);
      const found = count(readFileSync(path, 'utf8'), edit.find);
      const wanted = edit.count ?? 1;
      if (found !== wanted) {
        fail(
          `mutation "${m.id}": the text to find occurs ${found} time(s) in ${edit.file}, expected ${wanted}; the code changed, ` +
            `so update the mutation in test/mutations/mutations.mjs (see the comment at its top):\n  ${JSON.stringify(edit.find)}`,
        );
      }
    }
    for (const t of m.tests) {
      if (GOLDEN_TESTS.has(t.file)) fail(`mutation "${m.id}": ${t.file} is a golden test; list behaviour tests`);
      if (!existsSync(join(ROOT, t.file))) fail(`mutation "${m.id}": test file ${t.file} does not exist`);
    }
  }
}

function scratchCopy() {
  const dir = mkdtempSync(join(tmpdir(), 'execwrap-mutations-'));
  cpSync(ROOT, dir, { recursive: true, filter: (src) => relative(ROOT, src).split('/')[0] === '' || !SKIP.has(relative(ROOT, src).split('/')[0]) });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

const firstLine = (text) => (text ?? '').split('\n').find((l) => l.trim() !== '')?.trim().slice(0, 160) ?? '';

const key = (t) => `${t.file}${t.name ? ` -t ${JSON.stringify(t.name)}` : ''}`;

/** Runs one test entry in the copy: per test (file > full name), its status and the first line of its failure. */
function runTests(dir, t, { bail = false } = {}) {
  const out = join(dir, '.mutation-result.json');
  rmSync(out, { force: true });
  const args = [join(dir, 'node_modules', 'vitest', 'vitest.mjs'), 'run', t.file, '--reporter=json', `--outputFile=${out}`, ...(t.name ? ['-t', t.name] : []), ...(bail ? ['--bail=1'] : [])];
  const env = { ...process.env, EXECWRAP_MUTATIONS_IGNORE_GOLDENS: '1', NO_COLOR: '1' };
  delete env.UPDATE_GOLDEN;
  const r = spawnSync(process.execPath, args, { cwd: dir, env, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (!existsSync(out)) fail(`vitest wrote no result for ${key(t)} (exit ${r.status}):\n${r.stderr.slice(-2000)}`);
  const json = JSON.parse(readFileSync(out, 'utf8'));
  const results = new Map();
  for (const file of json.testResults) {
    const name = relative(dir, file.name);
    for (const a of file.assertionResults) results.set(`${name} > ${a.fullName}`, { status: a.status, message: firstLine(a.failureMessages?.[0]) });
    // A file that failed to load has no assertion results: count it as one failure.
    if (file.assertionResults.length === 0 && file.status === 'failed') results.set(`${name} (did not load)`, { status: 'failed', message: firstLine(file.message) });
  }
  return results;
}

function apply(dir, m) {
  const originals = new Map();
  for (const edit of m.edits) {
    const path = join(dir, edit.file);
    const text = originals.get(path) ?? readFileSync(path, 'utf8');
    if (!originals.has(path)) originals.set(path, text);
    writeFileSync(path, readFileSync(path, 'utf8').split(edit.find).join(edit.replace));
  }
  return () => {
    for (const [path, text] of originals) writeFileSync(path, text);
  };
}

function table(rows) {
  const width = Math.max(...rows.map((r) => r[0].length));
  return rows.map(([a, b]) => `${a.padEnd(width)}  ${b}`).join('\n');
}

const options = parseArgs(process.argv.slice(2));
const unknown = (options.only ?? []).filter((id) => !MUTATIONS.some((m) => m.id === id));
if (unknown.length) fail(`no mutation with id ${unknown.join(', ')} (see --list)`);
const selected = options.only ? MUTATIONS.filter((m) => options.only.includes(m.id)) : MUTATIONS;
validate(selected);
if (options.list) {
  process.stdout.write(`${table(selected.map((m) => [m.id, `${m.what}  [${m.tests.map(key).join('; ')}]`]))}\n`);
  process.exit(0);
}

const dir = scratchCopy();
const cleanup = () => rmSync(dir, { recursive: true, force: true });
process.on('exit', cleanup);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

// Baseline: every test entry unmutated. The PID 1 tests are timing-sensitive on a loaded machine: an entry with a
// failure gets one more run before the failure counts.
const entries = [...new Map(selected.flatMap((m) => m.tests).map((t) => [key(t), t])).values()];
const baseline = new Map();
const baselineProblems = [];
const failures = (results) => [...results].filter(([, r]) => r.status === 'failed');
for (const t of entries) {
  process.stderr.write(`baseline: ${key(t)}\n`);
  let results = runTests(dir, t);
  if (failures(results).length) {
    process.stderr.write(`baseline: ${key(t)} failed (${failures(results).map(([n, r]) => `${n}: ${r.message}`)[0]}); once more\n`);
    results = runTests(dir, t);
  }
  baseline.set(key(t), results);
  const failed = failures(results).map(([n, r]) => `${n}: ${r.message}`);
  const ran = [...results].filter(([, r]) => r.status === 'passed').length;
  if (failed.length) baselineProblems.push(`${key(t)}: fails without any mutation: ${failed.slice(0, 3).join('; ')}`);
  if (ran === 0) baselineProblems.push(`${key(t)}: no test passed without any mutation (all skipped or filtered out?)`);
}
// A test that fails unmutated cannot count as catching a mutation (below); the run goes on and says so at the end.
for (const problem of baselineProblems) process.stderr.write(`baseline: ${problem}\n`);

const rows = [];
let missed = 0;
for (const m of selected) {
  process.stderr.write(`mutation ${m.id}: ${m.what}\n`);
  const restore = apply(dir, m);
  /** Per test entry, the first test that failed under the mutation and passed without it (vitest stops there). */
  const verdicts = [];
  try {
    for (const t of m.tests) {
      const before = baseline.get(key(t));
      const caught = [...runTests(dir, t, { bail: true })].find(([name, r]) => r.status === 'failed' && before.get(name)?.status === 'passed');
      verdicts.push({ entry: key(t), caught: caught ? { name: caught[0], message: caught[1].message } : undefined });
    }
  } finally {
    restore();
  }
  const caughtBy = verdicts.filter((v) => v.caught);
  if (caughtBy.length === 0) missed++;
  rows.push([m.id, caughtBy.length ? `CAUGHT      ${m.what}` : `NOT CAUGHT  ${m.what}`]);
  for (const v of verdicts) {
    rows.push(['', v.caught ? `  caught by  ${v.caught.name}` : `  missed by  ${v.entry}`]);
    if (v.caught) rows.push(['', `             ${v.caught.message}`]);
  }
}

process.stdout.write(`\n${table([['mutation', 'result'], ...rows])}\n\n`);
if (baselineProblems.length) {
  process.stdout.write(`Tests that failed without any mutation (twice), so they counted for nothing:\n  ${baselineProblems.join('\n  ')}\n\n`);
}
process.stdout.write(missed ? `${missed} of ${selected.length} mutation(s) NOT CAUGHT\n` : `all ${selected.length} mutation(s) caught\n`);
process.exit(missed ? 1 : 0);
