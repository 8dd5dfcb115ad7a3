/**
 * Repository-shaped samples (`samples/repo-*`): what `check -v .` and `migrate -v .` print over a whole
 * repository, with its build and hook scripts, templates, Compose file and Dockerfiles in sub-folders. Goldens in
 * each sample's `expected/` (regenerate with `npm run test:update`, review the diff).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { expectGolden } from './helpers/golden.js';
import { SAMPLES_DIR } from './helpers/samples.js';

const BIN = join(SAMPLES_DIR, '..', 'bin', 'execwrap.js');
const repos = readdirSync(SAMPLES_DIR).filter((name) => name.startsWith('repo-')).sort();

function execwrap(args: string[], cwd: string): string {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: '1' } });
  return `$ execwrap ${args.join(' ')}\nexit ${r.status}\n--- stdout\n${r.stdout}--- stderr\n${r.stderr}`;
}

describe('repository samples', () => {
  for (const repo of repos) {
    const dir = join(SAMPLES_DIR, repo);
    it(`${repo}: check -v .`, () => {
      expectGolden(join(dir, 'expected', 'check.txt'), execwrap(['check', '-v', '.'], dir));
    });
    it(`${repo}: check --all-scripts . (every shell script, as before start scripts were told apart)`, () => {
      expectGolden(join(dir, 'expected', 'check-all-scripts.txt'), execwrap(['check', '--all-scripts', '.'], dir));
    });
    it(`${repo}: migrate -v .`, () => {
      expectGolden(join(dir, 'expected', 'migrate.txt'), execwrap(['migrate', '-v', '.'], dir));
    });
  }
});
