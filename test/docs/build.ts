import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');

/** The newest modification time of any file under dir (0 when there is none). */
function newest(dir: string): number {
  let time = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    time = Math.max(time, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return time;
}

function stale(): boolean {
  let built = 0;
  try {
    built = statSync(join(ROOT, 'dist', 'cli', 'main.js')).mtimeMs;
  } catch {
    // not built yet
  }
  return built < newest(join(ROOT, 'src'));
}

/**
 * Tests that run `bin/execwrap.js` (the Action's and the hooks' command lines) need dist/ to match src/:
 * `npm test` builds first, `npx vitest run test/docs` may not. Builds when stale, one test file at a time.
 */
export function ensureBuilt(): void {
  if (!stale()) return;
  const lock = join(ROOT, 'node_modules', '.execwrap-docs-build.lock');
  const deadline = Date.now() + 170_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock} (remove it if no build is running)`);
      spawnSync('sleep', ['0.5']);
    }
  }
  try {
    if (!stale()) return;
    const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
