import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { expect } from 'vitest';

/** Set UPDATE_GOLDEN=1 (`npm run test:update`) to rewrite golden files; review them as a diff. */
export const updating = process.env.UPDATE_GOLDEN === '1';

/**
 * Set by `npm run test:mutations` (test/mutations/run.mjs) alone: golden comparisons are left out there, so that
 * only the behaviour assertions of a test can catch a mutation (a golden notices any change, wanted or not).
 */
const ignoringGoldens = process.env.EXECWRAP_MUTATIONS_IGNORE_GOLDENS === '1';

/** Compares bytes with a golden file, or writes it when updating. Goldens are never edited by hand. */
export function expectGolden(path: string, actual: string | Buffer): void {
  if (ignoringGoldens) return;
  const bytes = typeof actual === 'string' ? Buffer.from(actual, 'utf8') : actual;
  if (updating) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
    return;
  }
  if (!existsSync(path)) throw new Error(`golden file ${path} is missing: run \`npm run test:update\` and review the diff`);
  expect(readFileSync(path).toString('utf8'), `golden ${path} (regenerate with npm run test:update)`).toBe(bytes.toString('utf8'));
}
