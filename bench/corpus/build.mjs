#!/usr/bin/env node
// Builds the bench corpus (bench/corpus/scripts/, not in git): real container start scripts, for `npm run bench` to
// time execwrap against ShellCheck on. Two sources, no network:
//  - the 75 scripts of the project's hand-checked corpus (../shared/corpus beside this checkout), when present;
//  - the scripts listed in bench/corpus/sources.tsv (repository, commit, path, git blob), read from local git
//    mirrors of those repositories: --mirror DIR holds one bare repository per source as DIR/<owner>+<name>/repo
//    (default /work/.mirror), or --clones DIR holds ordinary clones as DIR/<owner>/<name>.
// The scripts are third-party files under their projects' licences (MIT, Apache-2.0, GPL-3.0, …), so they are not
// committed: sources.tsv names each one by repository, commit and blob, and this script fetches nothing.
// Usage: node bench/corpus/build.mjs [--mirror DIR | --clones DIR]
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const here = import.meta.dirname;
const root = join(here, '..', '..');
const out = join(here, 'scripts');
const args = process.argv.slice(2);
const option = (name) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : undefined);
const mirror = option('mirror') ?? '/work/.mirror';
const clones = option('clones');

/** The project's corpus: beside this checkout, or beside the main checkout of a git worktree. */
export function sharedCorpus() {
  return [join(root, '..', 'shared', 'corpus'), join(root, '..', '..', 'shared', 'corpus')].find((dir) => existsSync(join(dir, 'manifest.tsv')));
}

function gitDirOf(repo) {
  if (clones) return join(clones, repo, '.git');
  return join(mirror, repo.replace('/', '+'), 'repo');
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const seen = new Set();
let written = 0;
const add = (name, bytes) => {
  const hash = createHash('sha256').update(bytes).digest('hex');
  if (seen.has(hash)) return;
  seen.add(hash);
  writeFileSync(join(out, `${String(written++).padStart(3, '0')}-${name}`), bytes, { mode: 0o755 });
};

const corpus = sharedCorpus();
if (corpus) for (const file of readdirSync(corpus).filter((f) => f.endsWith('.sh')).sort()) add(`corpus-${file}`, readFileSync(join(corpus, file)));
else console.error('bench corpus: ../shared/corpus not found beside this checkout: its 75 scripts are left out');

const rows = readFileSync(join(here, 'sources.tsv'), 'utf8').trim().split('\n').slice(1).map((line) => line.split('\t'));
const missing = new Map();
for (const [repo, commit, path, blob] of rows) {
  const gitDir = gitDirOf(repo);
  if (!existsSync(gitDir)) {
    missing.set(repo, commit);
    continue;
  }
  try {
    const bytes = execFileSync('git', ['--git-dir', gitDir, 'cat-file', 'blob', blob], { maxBuffer: 1 << 24 });
    add(`${repo.replace('/', '-')}-${basename(path)}${path.endsWith('.sh') ? '' : '.sh'}`, bytes);
  } catch {
    missing.set(repo, commit);
  }
}
console.error(`bench corpus: ${written} distinct start scripts in ${out}`);
if (missing.size > 0) {
  console.error(`bench corpus: ${missing.size} source repositories not found (${[...missing.keys()].slice(0, 5).join(', ')}${missing.size > 5 ? ', …' : ''}). To add them:`);
  console.error('  for each: git clone https://github.com/<owner>/<name> DIR/<owner>/<name> && git -C DIR/<owner>/<name> checkout <commit>');
  console.error('  (repository and commit per line in bench/corpus/sources.tsv), then: node bench/corpus/build.mjs --clones DIR');
}
