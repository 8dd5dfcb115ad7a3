/** Shared by the e2e test files: the CLI run without blocking, the image folders with the stand-in beside them. */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'execwrap.js');
const IMAGES = join(import.meta.dirname, 'images');

export interface Cli {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI without blocking (a blocked worker misses vitest's own messages). */
export function cli(args: string[], options: { timeoutMs?: number; onSpawn?: (kill: (signal: NodeJS.Signals) => void) => void } = {}): Promise<Cli> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 240_000);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
    options.onSpawn?.((signal) => child.kill(signal));
  });
}

export function show(r: Cli): string {
  return `exit ${r.status}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`;
}

/** The docker CLI, for what the tests check beside verify (labels left behind, an image built by hand). */
export function docker(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('docker', args, { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** Copies test/e2e/images/<dir> for each dir into a fresh folder, with the stand-in beside each as `standin`. */
export function imageContexts(dirs: readonly string[]): string {
  const root = mkdtempSync(join(tmpdir(), 'execwrap-e2e-'));
  for (const dir of dirs) {
    cpSync(join(IMAGES, dir), join(root, dir), { recursive: true });
    copyFileSync(join(IMAGES, 'standin.sh'), join(root, dir, 'standin'));
    chmodSync(join(root, dir, 'standin'), 0o755);
  }
  return root;
}

/** Containers and images that still carry a verify run's label (`io.execwrap.verify=<run>`). */
export function leftovers(label: string): string[] {
  const containers = docker(['ps', '-aq', '--filter', `label=${label}`]).stdout.split('\n').filter(Boolean);
  const images = docker(['images', '-q', '--filter', `label=${label}`]).stdout.split('\n').filter(Boolean);
  return [...containers.map((c) => `container ${c}`), ...images.map((i) => `image ${i}`)];
}
