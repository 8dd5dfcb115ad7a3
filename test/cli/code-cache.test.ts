/**
 * The code cache of the CLI bundle (src/cli/bundle.mjs writes it, bin/execwrap.js reads it): the bin uses the cache
 * of its own build, and a cache that is damaged or belongs to another build changes nothing but the speed.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ensureBuilt, ROOT } from '../docs/build.js';

const SAMPLE = join(ROOT, 'samples', 'exec-gunicorn-ok');
// Under node_modules, so that the copy's bundle finds its dependencies and the package's templates above it.
const SCRATCH = join(ROOT, 'node_modules', '.cache', 'execwrap', `code-cache-test-${process.pid}`);

/** Whether V8 refused the cache the bin hands it: 'false' (used), 'true' (refused) or 'undefined' (none read). */
function cacheVerdict(root: string): string {
  const code = `const { script } = require(${JSON.stringify(join(root, 'bin', 'execwrap.js'))}).compileBundle(); process.stdout.write(String(script.cachedDataRejected))`;
  const result = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8' });
  expect(result.stderr).toBe('');
  return result.stdout;
}

function check(root: string) {
  const result = spawnSync(process.execPath, [join(root, 'bin', 'execwrap.js'), 'check', '--format', 'json', SAMPLE], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A copy of the bin and the bundle, whose cache or bundle a test may spoil. */
function copy(name: string): { root: string; cacheFile: string; bundle: string } {
  const root = join(SCRATCH, name);
  mkdirSync(join(root, 'dist'), { recursive: true });
  cpSync(join(ROOT, 'bin'), join(root, 'bin'), { recursive: true });
  cpSync(join(ROOT, 'dist', 'bundle'), join(root, 'dist', 'bundle'), { recursive: true });
  const cache = readdirSync(join(root, 'dist', 'bundle')).find((file) => file.endsWith('.cache'));
  if (!cache) throw new Error('the build wrote no code cache');
  return { root, cacheFile: join(root, 'dist', 'bundle', cache), bundle: join(root, 'dist', 'bundle', 'cli.cjs') };
}

beforeAll(() => ensureBuilt(), 180_000);
afterAll(() => rmSync(SCRATCH, { recursive: true, force: true }));

describe('the CLI bundle is started from its code cache', () => {
  test('the build writes the cache of its own bundle, and V8 takes it', () => {
    const cache = readdirSync(join(ROOT, 'dist', 'bundle')).filter((file) => file.endsWith('.cache'));
    const id = /^\/\/ execwrap build ([0-9a-f]+)\n/.exec(readFileSync(join(ROOT, 'dist', 'bundle', 'cli.cjs'), 'utf8'))?.[1];
    expect(cache).toEqual([`cli.${id}.cache`]);
    expect(cacheVerdict(ROOT)).toBe('false');
  });

  // Without --verify-snapshot-checksum, V8 ran the overwritten cache and node died of SIGSEGV.
  for (const [damage, spoil] of [
    ['overwritten', (bytes: Buffer) => bytes.fill(0x5a, bytes.length >> 1)],
    ['cut short', (bytes: Buffer) => bytes.subarray(0, bytes.length >> 1)],
  ] as const) {
    test(`a cache ${damage} is refused, and the command prints what it prints with a good one`, () => {
      const expected = check(ROOT);
      expect(expected.status).toBe(0);
      const { root, cacheFile } = copy(damage.replace(' ', '-'));
      writeFileSync(cacheFile, spoil(readFileSync(cacheFile)));
      expect(cacheVerdict(root)).toBe('true');
      expect(check(root)).toEqual(expected);
    });
  }

  test("another build's cache is not read", () => {
    const expected = check(ROOT);
    const { root, bundle } = copy('rebuilt');
    writeFileSync(bundle, readFileSync(bundle, 'utf8').replace(/^\/\/ execwrap build [0-9a-f]+\n/, '// execwrap build 0000000000000000\n'));
    expect(cacheVerdict(root)).toBe('undefined');
    expect(check(root)).toEqual(expected);
  });
});
