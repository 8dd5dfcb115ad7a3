/**
 * docs/wrapper.md walks through the prelude a fix inserts, block by block: its code must be the template's, so a
 * change to templates/wrapper.hbs that the walkthrough does not follow fails here, naming the line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { PRELUDE_BEGIN } from '../../src/shell/render/wrapper.js';

const ROOT = join(import.meta.dirname, '..', '..');
const doc = readFileSync(join(ROOT, 'docs', 'wrapper.md'), 'utf8');
const template = readFileSync(join(ROOT, 'templates', 'wrapper.hbs'), 'utf8').split('\n');

/** The doc's `sh` code blocks that quote the prelude (its examples of launch lines are not quoted from it). */
const quoted = [...doc.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!.trimEnd().split('\n')).filter((block) => template.includes(block[0]!));

test('the walkthrough quotes the prelude from its first line to its last', () => {
  expect(quoted.length).toBeGreaterThan(5);
  expect(quoted[0]![0]).toBe(PRELUDE_BEGIN);
  expect(quoted.at(-1)!.at(-1)).toBe('# <<< execwrap prelude');
});

test("every line the walkthrough quotes is the template's, in the template's order", () => {
  let from = 0;
  for (const line of quoted.flat()) {
    const at = template.indexOf(line, from);
    expect(at, `docs/wrapper.md quotes a line templates/wrapper.hbs does not have (after line ${from}):\n${line}`).toBeGreaterThanOrEqual(0);
    from = at + 1;
  }
});

test('every code line of the template is quoted (its comment lines may be told in prose instead)', () => {
  const lines = new Set(quoted.flat());
  const untold = template.filter((line) => line.trim() !== '' && !line.startsWith('#') && !lines.has(line));
  expect(untold, 'lines of templates/wrapper.hbs docs/wrapper.md does not quote').toEqual([]);
});
