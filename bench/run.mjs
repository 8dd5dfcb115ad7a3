#!/usr/bin/env node
// Benchmarks that print figures (tests assert behaviour only):
//  1. throughput: `execwrap check` over a batch of scripts (the samples, copied N times), scripts per second,
//     next to ShellCheck over the same files when it is installed;
//  2. cold start: one `execwrap check` of one script, against `node -e 0`.
// Usage: npm run bench [-- --copies 20 --runs 10]
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const bin = join(root, 'bin', 'execwrap.js');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(args[i + 1]);
};
const copies = option('copies', 20);
const runs = option('runs', 10);

if (!existsSync(join(root, 'dist', 'cli', 'index.js'))) {
  console.error('bench: dist/ is missing; run `npm run build` first');
  process.exit(2);
}

// The batch: every sample script that parses, copied `copies` times.
const scripts = [];
for (const name of readdirSync(join(root, 'samples')).sort()) {
  const metaPath = join(root, 'samples', name, 'sample.json');
  if (!existsSync(metaPath)) continue;
  const meta = JSON.parse(readFileSync(metaPath, 'utf8'));
  if (meta.expect.status !== 'error') scripts.push(join(root, 'samples', name, meta.script));
}
const batch = mkdtempSync(join(tmpdir(), 'execwrap-bench-'));
const files = [];
for (let c = 0; c < copies; c++) {
  const dir = join(batch, String(c));
  mkdirSync(dir);
  scripts.forEach((script, i) => {
    const target = join(dir, `${i}-${script.split('/').pop()}`);
    copyFileSync(script, target);
    files.push(target);
  });
}

function time(command, argv) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, argv, { encoding: 'utf8', maxBuffer: 1 << 28, timeout: 120_000, env: { ...process.env, NO_COLOR: '1' } });
  if (result.signal) return { ms: NaN, error: `${command} ended by ${result.signal} (timed out?)` };
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.error) return { ms: NaN, error: result.error.message };
  return { ms, status: result.status };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

console.log(`execwrap benchmark — node ${process.version}, ${files.length} scripts (${scripts.length} samples × ${copies})`);

const ours = median(Array.from({ length: 3 }, () => time(process.execPath, [bin, 'check', '--format', 'json', batch]).ms));
console.log(`check, one process over the batch:   ${ours.toFixed(0)} ms  = ${((files.length / ours) * 1000).toFixed(0)} scripts/s`);

const hasShellcheck = spawnSync('shellcheck', ['--version']).status === 0;
if (hasShellcheck) {
  const theirs = median(Array.from({ length: 3 }, () => time('shellcheck', ['-f', 'json', ...files]).ms));
  console.log(`shellcheck -f json over the batch:    ${theirs.toFixed(0)} ms  = ${((files.length / theirs) * 1000).toFixed(0)} scripts/s`);
  console.log(`execwrap is ${(theirs / ours).toFixed(1)}× ShellCheck's throughput (target: at least 5×)`);
} else {
  console.log('shellcheck: not installed (apt-get install shellcheck), no comparison');
}

const one = scripts[0];
const cold = median(Array.from({ length: runs }, () => time(process.execPath, [bin, 'check', one]).ms));
const bare = median(Array.from({ length: runs }, () => time(process.execPath, ['-e', '0']).ms));
console.log(`cold start, check of one script:      ${cold.toFixed(0)} ms (median of ${runs})`);
console.log(`node -e 0:                            ${bare.toFixed(0)} ms (median of ${runs})`);
console.log(`cold start is ${(cold / bare).toFixed(2)}× node -e 0 (target: within 2.5×)`);

rmSync(batch, { recursive: true, force: true });
