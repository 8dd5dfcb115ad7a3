#!/usr/bin/env node
// Scale benchmark: a synthetic repository of N images (a Dockerfile and its start script, in the mix of kinds the
// samples have), then `migrate --check` and `migrate --diff` over 1,000 and 5,000 images: wall time and peak
// memory (RSS, from GNU time). Prints figures only; targets on a 2-core machine: 5,000 images in under 20 s,
// under 300 MB, linear growth. Usage: npm run bench:scale [-- --sizes 1000,5000]
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const bin = join(root, 'bin', 'execwrap.js');
const args = process.argv.slice(2);
const sizesArg = args.includes('--sizes') ? args[args.indexOf('--sizes') + 1] : '1000,5000';
const sizes = sizesArg.split(',').map(Number);

if (!existsSync(join(root, 'dist', 'cli', 'index.js'))) {
  console.error('bench: dist/ is missing; run `npm run build` first');
  process.exit(2);
}
const hasTime = spawnSync('/usr/bin/time', ['-f', '%M', 'true']).status === 0;

// Images to copy: every sample with a Dockerfile and a script that parses.
const kinds = readdirSync(join(root, 'samples'))
  .sort()
  .map((name) => ({ name, dir: join(root, 'samples', name) }))
  .filter(({ dir }) => existsSync(join(dir, 'Dockerfile')) && existsSync(join(dir, 'sample.json')))
  .map(({ name, dir }) => ({ name, dir, meta: JSON.parse(readFileSync(join(dir, 'sample.json'), 'utf8')) }))
  .filter(({ meta }) => meta.expect.status !== 'error');

function makeRepository(count) {
  const repo = mkdtempSync(join(tmpdir(), `execwrap-scale-${count}-`));
  for (let i = 0; i < count; i++) {
    const kind = kinds[i % kinds.length];
    const image = join(repo, 'images', `${String(i).padStart(5, '0')}-${kind.name}`);
    mkdirSync(image, { recursive: true });
    for (const entry of readdirSync(kind.dir, { withFileTypes: true })) {
      if (entry.isFile() && entry.name !== 'sample.json') copyFileSync(join(kind.dir, entry.name), join(image, entry.name));
    }
  }
  return repo;
}

function run(argv) {
  const command = hasTime ? ['/usr/bin/time', ['-f', '%M', process.execPath, bin, ...argv]] : [process.execPath, [bin, ...argv]];
  const start = process.hrtime.bigint();
  const result = spawnSync(command[0], command[1], { encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, CI: 'true' } });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const rssKb = hasTime ? Number(result.stderr.trim().split('\n').pop()) : NaN;
  return { seconds, rssMb: rssKb / 1024, status: result.status, bytes: result.stdout.length };
}

console.log(`execwrap scale benchmark — node ${process.version}, ${kinds.length} kinds of image`);
console.log('images  command           wall (s)  peak RSS (MB)  exit  stdout');
const rows = [];
for (const size of sizes) {
  const repo = makeRepository(size);
  for (const mode of ['--check', '--diff']) {
    const r = run(['migrate', mode, repo]);
    rows.push({ size, mode, ...r });
    console.log(`${String(size).padStart(6)}  migrate ${mode.padEnd(8)}  ${r.seconds.toFixed(2).padStart(8)}  ${r.rssMb.toFixed(0).padStart(13)}  ${String(r.status).padStart(4)}  ${r.bytes} bytes`);
  }
  rmSync(repo, { recursive: true, force: true });
}
if (sizes.length >= 2) {
  const [a, b] = [sizes[0], sizes[sizes.length - 1]];
  for (const mode of ['--check', '--diff']) {
    const small = rows.find((r) => r.size === a && r.mode === mode);
    const large = rows.find((r) => r.size === b && r.mode === mode);
    console.log(`migrate ${mode}: ${b / a}× the images took ${(large.seconds / small.seconds).toFixed(2)}× the time and ${(large.rssMb / small.rssMb).toFixed(2)}× the memory`);
  }
}
