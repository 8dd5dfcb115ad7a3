// Shared by bench/run.mjs and bench/scale.mjs: timing a command (wall time, peak RSS), the machine, the scale repository.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg, availableParallelism } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const root = join(import.meta.dirname, '..');
export const bin = join(root, 'bin', 'execwrap.js');

export function requireBuild() {
  if (!existsSync(join(root, 'dist', 'bundle', 'cli.cjs'))) {
    console.error('bench: dist/ is missing; run `npm run build` first');
    process.exit(2);
  }
}

const hasGnuTime = spawnSync('/usr/bin/time', ['-f', '%M', 'true']).status === 0;

/**
 * Runs a command; wall time in ms, and peak RSS in MB (GNU time's %M: the largest resident set of the process;
 * execwrap's worker threads live in that process, so they are counted). NaN where GNU time is missing.
 */
export function run(command, argv, options = {}) {
  const [cmd, args] = hasGnuTime ? ['/usr/bin/time', ['-f', '%M', command, ...argv]] : [command, argv];
  const start = process.hrtime.bigint();
  const result = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 30, timeout: 600_000, env: { ...process.env, NO_COLOR: '1', CI: 'true' }, ...options });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.error || result.signal) throw new Error(`bench: ${command} ${argv.slice(0, 3).join(' ')} failed: ${result.error?.message ?? result.signal}`);
  let stderr = result.stderr;
  let rssMb = NaN;
  if (hasGnuTime) {
    const lines = stderr.trimEnd().split('\n');
    rssMb = Number(lines.pop()) / 1024;
    stderr = lines.length > 0 ? `${lines.join('\n')}\n` : '';
  }
  return { ms, rssMb, status: result.status, stdout: result.stdout, stderr };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export function machine() {
  const model = cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `${availableParallelism()} cores (nproc), ${model}, node ${process.version}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`;
}

/** Images to copy for the scale repository: every sample with a Dockerfile and a script that parses. */
function kinds() {
  return readdirSync(join(root, 'samples'))
    .sort()
    .map((name) => ({ name, dir: join(root, 'samples', name) }))
    .filter(({ dir }) => existsSync(join(dir, 'Dockerfile')) && existsSync(join(dir, 'sample.json')))
    .map(({ name, dir }) => ({ name, dir, meta: JSON.parse(readFileSync(join(dir, 'sample.json'), 'utf8')) }))
    .filter(({ meta }) => meta.expect.status !== 'error');
}

/** A synthetic repository of `count` images (a Dockerfile and its start script), in the mix of kinds the samples have. */
export function makeRepository(count) {
  const all = kinds();
  const repo = mkdtempSync(join(tmpdir(), `execwrap-scale-${count}-`));
  for (let i = 0; i < count; i++) {
    const kind = all[i % all.length];
    const image = join(repo, 'images', `${String(i).padStart(5, '0')}-${kind.name}`);
    mkdirSync(image, { recursive: true });
    for (const entry of readdirSync(kind.dir, { withFileTypes: true })) {
      if (entry.isFile() && entry.name !== 'sample.json') copyFileSync(join(kind.dir, entry.name), join(image, entry.name));
    }
  }
  return { repo, kinds: all.length };
}
