/**
 * The mutations `npm run test:mutations` applies (12-23 min, not part of `npm test`) must still apply: each text to
 * find is in its file as often as stated and each test file named exists. Checked here, in seconds, so a refactor
 * that moves the code under a mutation fails `npm test` instead of the next mutation run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
// @ts-expect-error: plain JavaScript data shared with run.mjs
import { MUTATIONS } from './mutations.mjs';

interface Mutation {
  id: string;
  edits: { file: string; find: string; count?: number }[];
  tests: { file: string }[];
}

const ROOT = join(import.meta.dirname, '..', '..');

describe('every mutation still applies to the code', () => {
  for (const m of MUTATIONS as Mutation[]) {
    test(m.id, () => {
      for (const edit of m.edits) {
        expect(existsSync(join(ROOT, edit.file)), edit.file).toBe(true);
        const found = readFileSync(join(ROOT, edit.file), 'utf8').split(edit.find).length - 1;
        expect(found, `${edit.file}: ${JSON.stringify(edit.find)}`).toBe(edit.count ?? 1);
      }
      for (const t of m.tests) expect(existsSync(join(ROOT, t.file)), t.file).toBe(true);
    });
  }
});
