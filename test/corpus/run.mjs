#!/usr/bin/env node
// The real-scripts check (`npm run corpus`): runs the built CLI over ../shared/corpus (75 start scripts from public
// repositories with a hand-made manifest.tsv, kept outside this repository) and prints, per manifest category, how
// many verdicts match, every disagreement with its reason, and every fix that is invalid for its own shell or
// unstable. A script, not a test: the corpus is not part of the repository.
//
// Each script is judged the way its image runs it: when the manifest names the Dockerfile that runs it, the script
// and that Dockerfile are put back at their repository paths in a scratch folder and `execwrap check` reads the
// folder (so the Dockerfile decides the shell); otherwise the script is checked alone. The lone verdicts are
// scored too, on one line (what ../shared/tools/corpus-score measures).
//
// Usage: npm run corpus [-- --corpus DIR] [--verbose]      (exit 1 below the target or on any crash/invalid/unstable)
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'execwrap.js');
const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? undefined : args[i + 1];
};
/**
 * ../shared/corpus beside the repository: beside this checkout, or, in a git worktree, beside the main checkout
 * (the folder holding the repository's common .git).
 */
function defaultCorpus() {
  const candidates = [join(root, '..', 'shared', 'corpus')];
  const common = spawnSync('git', ['rev-parse', '--path-format=absolute', '--git-common-dir'], { cwd: root, encoding: 'utf8' });
  if (common.status === 0) candidates.push(join(dirname(common.stdout.trim()), '..', 'shared', 'corpus'));
  return candidates.find((c) => existsSync(join(c, 'manifest.tsv'))) ?? candidates[0];
}
const corpus = resolve(option('corpus') ?? process.env.EXECWRAP_CORPUS ?? defaultCorpus());
const verbose = args.includes('--verbose');
const TARGET = 0.95;

if (!existsSync(join(corpus, 'manifest.tsv'))) {
  console.error(`corpus: ${join(corpus, 'manifest.tsv')} not found (the corpus lives beside the repository, in ../shared/corpus; or pass --corpus DIR)`);
  process.exit(2);
}
if (!existsSync(join(root, 'dist', 'bundle'))) {
  console.error('corpus: dist/ is missing; run `npm run build` first');
  process.exit(2);
}

/** The verdicts (launcher status) a careful reading expects per category; absent: not judged. */
const EXPECTED = {
  'single-no-exec': ['single fixable'],
  'single-exec-ok': ['single ok'],
  'entrypoint-passthrough': ['single ok'],
  'multi-wait': ['multi fixable'],
  'multi-keepalive': ['multi fixable'],
  'multi-bg-fg': ['multi fixable'],
  'multi-bg-exec': ['multi fixable'],
  'multi-trap-ok': ['multi ok'],
  'multi-trap-nowait': ['multi fixable', 'multi unfixable'],
};

const entries = readFileSync(join(corpus, 'manifest.tsv'), 'utf8')
  .split('\n')
  .slice(1)
  .filter((line) => line.trim() !== '')
  .map((line) => {
    const [file, repo, path, commit, category, shell, notes = ''] = line.split('\t');
    const dockerfile = /Dockerfile: (\S+) \(from (\S+) @/.exec(notes);
    return { file, repo, path, commit, category, shell, ...(dockerfile ? { dockerfile: { corpusFile: dockerfile[1], path: dockerfile[2] } } : {}) };
  })
  .filter((e) => existsSync(join(corpus, e.file)));

const scratch = mkdtempSync(join(tmpdir(), 'execwrap-corpus-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

function execwrap(argv) {
  const r = spawnSync(process.execPath, [bin, ...argv], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1', CI: '1' } });
  return { status: r.status ?? 128, stdout: r.stdout, stderr: r.stderr };
}

/** A crash is an exit code above 2 or a stack trace: anything else is an answer. */
const crashed = (r) => r.status > 2 || /^\s+at /m.test(r.stderr);

/** `check --format json` over many paths in one process; falls back to one process per path when the batch fails. */
function checkAll(paths) {
  const byPath = new Map();
  const crashes = [];
  const read = (r) => {
    for (const f of JSON.parse(r.stdout).files ?? []) byPath.set(resolve(f.path), f);
  };
  const batch = execwrap(['check', '--format', 'json', ...paths]);
  if (!crashed(batch)) {
    try {
      read(batch);
      return { byPath, crashes };
    } catch {
      // fall through: find the culprit
    }
  }
  for (const path of paths) {
    const r = execwrap(['check', '--format', 'json', path]);
    if (crashed(r)) crashes.push({ path, detail: r.stderr.split('\n').slice(0, 3).join(' | ') });
    else
      try {
        read(r);
      } catch {
        crashes.push({ path, detail: 'output is not JSON' });
      }
  }
  return { byPath, crashes };
}

// 1. Every script alone.
const lonePaths = entries.map((e) => join(corpus, e.file));
const lone = checkAll(lonePaths);

// 2. Scripts with a Dockerfile, as their image runs them: script and Dockerfile at their repository paths.
const imageRoots = new Map();
for (const e of entries) {
  if (!e.dockerfile) continue;
  const tree = join(scratch, e.file.replace(/\.sh$/, ''));
  const script = join(tree, e.path);
  mkdirSync(dirname(script), { recursive: true });
  copyFileSync(join(corpus, e.file), script);
  chmodSync(script, 0o755);
  const dockerfile = join(tree, e.dockerfile.path);
  mkdirSync(dirname(dockerfile), { recursive: true });
  copyFileSync(join(corpus, e.dockerfile.corpusFile), dockerfile);
  imageRoots.set(e.file, { tree, script });
}
const image = checkAll([...imageRoots.values()].map((t) => t.tree));
// migrate over every image tree at once: it must answer (exit 0 or 1), never crash.
const migrate = execwrap(['migrate', '--diff', scratch]);
const migrateCrash = crashed(migrate) || migrate.status === 2 ? migrate.stderr.split('\n').filter((l) => l.trim() !== '').slice(0, 5) : [];

const verdictOf = (report) => (report ? `${report.launcher ?? '?'} ${report.status ?? '?'}` : '? ?');
const reasonOf = (report) => {
  if (!report) return 'no report';
  const serious = (report.findings ?? []).filter((f) => f.severity !== 'info');
  if (serious.length === 0) return 'no finding';
  return serious
    .map((f) => `${f.line}: ${f.rule}${f.fixable ? (f.fixApplicability === 'unsafe' ? ' (unsafe fix)' : ' (fix)') : ''} ${f.message.slice(0, 140)}`)
    .join('\n      ');
};

/** The shells that really run a script: its shebang, else the manifest; Alpine images run sh as busybox ash. */
function shellsFor(entry, text) {
  const first = text.replace(/^\ufeff/, '').split('\n')[0];
  const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(first);
  let interpreter = shebang ? (shebang[1].endsWith('/env') ? shebang[2] : shebang[1].split('/').pop()) : entry.shell;
  if (interpreter === 'dumb-init' || interpreter === 'tini') interpreter = shebang[2]?.split('/').pop() ?? 'sh';
  if (interpreter === 'bash') return [['bash', '-n']];
  const alpine = entry.dockerfile && /^FROM\s+\S*alpine/im.test(readFileSync(join(corpus, entry.dockerfile.corpusFile), 'utf8'));
  return alpine ? [['busybox', 'ash', '-n']] : [['dash', '-n']];
}

/** The fix is valid when every shell that accepts the original accepts it too. */
function validity(entry, original, fixed) {
  const problems = [];
  for (const [shell, ...flags] of shellsFor(entry, original)) {
    const before = spawnSync(shell, flags, { input: original, encoding: 'utf8' });
    const after = spawnSync(shell, flags, { input: fixed, encoding: 'utf8' });
    if (before.status === 0 && after.status !== 0) problems.push(`${shell} -n: ${after.stderr.trim().split('\n')[0]}`);
  }
  return problems;
}

const rows = [];
const invalid = [];
const unstable = [];
const crashes = [...lone.crashes, ...image.crashes].map((c) => `${c.path}: ${c.detail}`);
for (const e of entries) {
  const path = join(corpus, e.file);
  const loneReport = lone.byPath.get(resolve(path));
  const tree = imageRoots.get(e.file);
  const imageReport = tree ? image.byPath.get(resolve(tree.script)) : undefined;
  const report = imageReport ?? loneReport;
  const expected = EXPECTED[e.category];
  rows.push({ entry: e, report, via: imageReport ? 'image' : 'alone', got: verdictOf(report), loneGot: verdictOf(loneReport), expected });

  // Fixes: the safe ones, and with --unsafe-fixes when the check suggested an unsafe one.
  const original = readFileSync(path, 'utf8');
  const unsafe = (loneReport?.findings ?? []).some((f) => f.fixApplicability === 'unsafe');
  for (const flags of unsafe ? [[], ['--unsafe-fixes']] : [[]]) {
    const label = `${e.file}${flags.length ? ' (--unsafe-fixes)' : ''}`;
    const fixed = execwrap(['fix', ...flags, path]);
    if (crashed(fixed)) {
      crashes.push(`${label}: fix: ${fixed.stderr.split('\n')[0]}`);
      continue;
    }
    if (fixed.status !== 0 || fixed.stdout === original) continue;
    for (const problem of validity(e, original, fixed.stdout)) invalid.push(`${label}: ${problem}`);
    const again = join(scratch, `again-${e.file}`);
    writeFileSync(again, fixed.stdout);
    const second = execwrap(['fix', ...flags, again]);
    if (crashed(second)) crashes.push(`${label}: second fix: ${second.stderr.split('\n')[0]}`);
    else if (second.stdout !== fixed.stdout) unstable.push(label);
  }
}

// The table.
const judged = rows.filter((r) => r.expected);
const matches = (r, got) => r.expected.includes(got);
const categories = [...new Set(rows.map((r) => r.entry.category))].sort();
const pad = (s, n) => String(s).padEnd(n);
console.log(`corpus: ${corpus} (${rows.length} scripts; ${imageRoots.size} read with the Dockerfile that runs them)\n`);
console.log(`${pad('category', 24)}${pad('expected', 18)}${pad('match', 8)}`);
for (const category of categories) {
  const inCategory = rows.filter((r) => r.entry.category === category);
  const expected = EXPECTED[category];
  const cell = expected ? `${inCategory.filter((r) => matches(r, r.got)).length}/${inCategory.length}` : `(${inCategory.length})`;
  console.log(`${pad(category, 24)}${pad(expected ? expected.join(' | ') : 'not judged', 18)}${pad(cell, 8)}`);
}
const agree = judged.filter((r) => matches(r, r.got)).length;
const loneAgree = judged.filter((r) => matches(r, r.loneGot)).length;
const percent = (n) => (judged.length === 0 ? 0 : Math.floor((100 * n) / judged.length));

console.log('\ndisagreements:');
for (const r of judged.filter((r) => !matches(r, r.got))) {
  console.log(`  ${pad(r.entry.file, 32)} got ${pad(r.got, 18)} manifest ${r.entry.category} (${r.expected.join(' | ')}), read ${r.via}`);
  console.log(`      ${reasonOf(r.report)}`);
}
if (verbose) {
  console.log('\nevery verdict:');
  for (const r of rows) console.log(`  ${pad(r.entry.file, 32)} ${pad(r.got, 18)} alone: ${pad(r.loneGot, 18)} ${r.entry.category}`);
}
const list = (title, items) => {
  console.log(`\n${title}: ${items.length}`);
  for (const item of items) console.log(`  ${item}`);
};
list('crashes', crashes);
list('invalid fixes', invalid);
list('unstable fixes', unstable);
if (migrateCrash.length > 0) list('migrate over every image tree did not answer (exit 2 or a crash)', migrateCrash);

const ratio = judged.length === 0 ? 0 : agree / judged.length;
console.log(
  `\ncorpus: ${rows.length} scripts; verdicts match the manifest on ${agree}/${judged.length} judged (${percent(agree)}%; ` +
    `alone, as corpus-score reads them: ${loneAgree}/${judged.length}, ${percent(loneAgree)}%); crashes ${crashes.length}; ` +
    `invalid fixes ${invalid.length}; unstable fixes ${unstable.length}; target ${Math.round(TARGET * 100)}%`,
);
process.exitCode = ratio >= TARGET && crashes.length === 0 && invalid.length === 0 && unstable.length === 0 && migrateCrash.length === 0 ? 0 : 1;
