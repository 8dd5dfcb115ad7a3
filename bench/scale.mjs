#!/usr/bin/env node
// Scale benchmark: a synthetic repository of N images (a Dockerfile and its start script, in the mix of kinds the
// samples have), then `migrate --check` and `migrate --diff` over each size: wall time and peak memory (RSS of the
// whole process, worker threads included), with every core (the default --jobs) and with --jobs 1, whose output
// must be the same (the bench checks it). Targets on a 2-core machine, idle: 5,000 images in under 10 s and under
// 300 MB. Usage: npm run bench:scale [-- --sizes 1000,5000]
import { rmSync } from 'node:fs';
import { bin, machine, makeRepository, requireBuild, run } from './lib.mjs';

requireBuild();
const args = process.argv.slice(2);
const sizes = (args.includes('--sizes') ? args[args.indexOf('--sizes') + 1] : '1000,5000').split(',').map(Number);

console.log(`execwrap scale benchmark — ${machine()}`);
console.log('images  command          jobs      wall (s)  peak RSS (MB)  exit  stdout');
const rows = [];
for (const size of sizes) {
  const { repo } = makeRepository(size);
  for (const mode of ['--check', '--diff']) {
    const results = {};
    for (const jobs of ['default', '1']) {
      const r = run(process.execPath, [bin, 'migrate', mode, ...(jobs === '1' ? ['--jobs', '1'] : []), repo]);
      results[jobs] = r;
      rows.push({ size, mode, jobs, ...r });
      console.log(`${String(size).padStart(6)}  migrate ${mode.padEnd(7)}  ${jobs.padEnd(7)}  ${(r.ms / 1000).toFixed(2).padStart(8)}  ${r.rssMb.toFixed(0).padStart(13)}  ${String(r.status).padStart(4)}  ${r.stdout.length} bytes`);
    }
    const same = ['stdout', 'stderr', 'status'].every((k) => results.default[k] === results['1'][k]);
    if (!same) {
      console.log(`  OUTPUT DIFFERS between the default --jobs and --jobs 1 (migrate ${mode}, ${size} images)`);
      process.exitCode = 1;
    }
  }
  rmSync(repo, { recursive: true, force: true });
}
if (sizes.length >= 2) {
  const [a, b] = [sizes[0], sizes[sizes.length - 1]];
  for (const mode of ['--check', '--diff']) {
    const small = rows.find((r) => r.size === a && r.mode === mode && r.jobs === 'default');
    const large = rows.find((r) => r.size === b && r.mode === mode && r.jobs === 'default');
    console.log(`migrate ${mode}: ${b / a}× the images took ${(large.ms / small.ms).toFixed(2)}× the time and ${(large.rssMb / small.rssMb).toFixed(2)}× the memory`);
  }
}
