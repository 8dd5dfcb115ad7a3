#!/usr/bin/env node
// The benchmark (`npm run bench`): every figure of issue 16 in one run, side by side, as ratios (tests assert
// behaviour only; speed is measured here):
//  1. throughput: `execwrap check` over the bench corpus of real start scripts (bench/corpus: at least 150) against
//     ShellCheck over the same files (target: at most 0.1× its time); skipped with a note when ShellCheck is missing;
//  2. cold start: one `execwrap check` of one script against `node -e 0` (target: at most 2.0×);
//  3. scale: `migrate --diff` over a synthetic repository of 5,000 images (target: under 10 s, under 300 MB of peak
//     RSS, worker threads included), with its output checked against `--jobs 1`.
// Figures depend on the machine and on its load: the header says both.
// Usage: npm run bench [-- --runs 21 --images 5000]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { bin, machine, makeRepository, median, requireBuild, root, run } from './lib.mjs';

requireBuild();
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(`--${name}`) ? Number(args[args.indexOf(`--${name}`) + 1]) : fallback);
const runs = option('runs', 21);
const images = option('images', 5000);

const corpusDir = join(root, 'bench', 'corpus', 'scripts');
if (!existsSync(corpusDir)) spawnSync(process.execPath, [join(root, 'bench', 'corpus', 'build.mjs')], { stdio: 'inherit' });
const scripts = existsSync(corpusDir) ? readdirSync(corpusDir).sort().map((f) => join(corpusDir, f)) : [];

console.log(`execwrap benchmark — ${machine()}`);
const rows = [];
const row = (what, ours, theirs, against, target) => {
  rows.push({ what, ours, theirs, against, target });
  const ratio = theirs ? ours / theirs : NaN;
  console.log(`${what.padEnd(44)} ${ours.toFixed(0).padStart(7)} ms   ${against.padEnd(26)} ${theirs ? `${theirs.toFixed(0).padStart(7)} ms` : '      - '}   ${Number.isNaN(ratio) ? '   -  ' : `${ratio.toFixed(2).padStart(5)}×`}   target ${target}`);
};
console.log(`${'figure'.padEnd(44)} ${'execwrap'.padStart(10)}   ${'against'.padEnd(26)} ${'time'.padStart(10)}   ratio   target`);

// 1. Throughput over real start scripts.
if (scripts.length < 150) console.log(`note: the bench corpus has ${scripts.length} scripts (fewer than 150): see bench/corpus/build.mjs`);
const ours = median(Array.from({ length: 5 }, () => run(process.execPath, [bin, 'check', '--all-scripts', '--format', 'json', ...scripts]).ms));
const hasShellcheck = spawnSync('shellcheck', ['--version']).status === 0;
if (hasShellcheck) {
  const version = spawnSync('shellcheck', ['--version'], { encoding: 'utf8' }).stdout.match(/version: (\S+)/)?.[1] ?? '?';
  const theirs = median(Array.from({ length: 3 }, () => run('shellcheck', ['-f', 'json', ...scripts]).ms));
  row(`check, ${scripts.length} real start scripts (json)`, ours, theirs, `shellcheck ${version} -f json`, '≤ 0.10×');
} else {
  row(`check, ${scripts.length} real start scripts (json)`, ours, undefined, 'shellcheck: not installed', '≤ 0.10×');
  console.log('note: ShellCheck is not installed (apt-get install shellcheck): no ratio');
}

// 2. Cold start: one script, against node doing nothing; interleaved, so both see the same load.
const one = join(root, 'samples', 'exec-gunicorn-ok', 'start.sh');
const cold = [];
const bare = [];
for (let i = 0; i < runs; i++) {
  cold.push(run(process.execPath, [bin, 'check', one]).ms);
  bare.push(run(process.execPath, ['-e', '0']).ms);
}
row(`cold start: check of one script (median of ${runs})`, median(cold), median(bare), 'node -e 0', '≤ 2.00×');

// 3. Scale: a repository of many images, every core against one thread.
const { repo } = makeRepository(images);
const all = run(process.execPath, [bin, 'migrate', '--diff', repo]);
const single = run(process.execPath, [bin, 'migrate', '--diff', '--jobs', '1', repo]);
rmSync(repo, { recursive: true, force: true });
const same = all.stdout === single.stdout && all.stderr === single.stderr && all.status === single.status;
row(`migrate --diff, ${images} images`, all.ms, single.ms, 'itself with --jobs 1', '< 10 s');
console.log(`${`  peak RSS, worker threads included`.padEnd(44)} ${all.rssMb.toFixed(0).padStart(7)} MB   ${'itself with --jobs 1'.padEnd(26)} ${single.rssMb.toFixed(0).padStart(7)} MB            target < 300 MB`);
console.log(`${`  output (${(all.stdout.length / 1e6).toFixed(1)} MB of diff) against --jobs 1`.padEnd(44)} ${same ? 'identical' : 'DIFFERENT'}`);
if (!same) process.exitCode = 1;
console.log(`load average at the end: ${machine().split('load average ')[1]}`);
