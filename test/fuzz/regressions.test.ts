/**
 * Failing cases the fuzz suites found, kept as samples (samples/fuzz-<n>/, see test/fuzz/README.md), checked with the
 * same properties: a kept case fails here until the bug in src/ is fixed, then guards against its return.
 *   - the start script: the fix is valid for its shell, fixing again changes nothing, nothing fixable is left;
 *   - the Dockerfile (when there is one): the fixed file's PID 1 argv prints what the original printed, run for real
 *     (COPYed scripts run from the sample folder, programs are argv-dumping stand-ins), and fixing again changes
 *     nothing.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { scriptFileAnalyzer } from '../../src/cli/files.js';
import { fixDockerfile } from '../../src/fix/dockerfile-fixer.js';
import { decodeSource } from '../../src/parse/source.js';
import { runArgvBatch } from './argv-run.js';
import { pid1Argv, readInstructions } from './gen/dockerfile.js';
import { fixText, shSyntaxError, withoutCr } from './model-check.js';
import { escapeRegExp, shellSyntaxBatch } from './support.js';

const SAMPLES = join(import.meta.dirname, '..', '..', 'samples');
const kept = readdirSync(SAMPLES, { withFileTypes: true })
  .filter((e) => e.isDirectory() && /^fuzz-\d+$/.test(e.name) && existsSync(join(SAMPLES, e.name, 'sample.json')))
  .map((e) => e.name)
  .sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)));

interface KeptSample {
  script: string;
  shell: 'bash' | 'sh';
  description: string;
}

async function fixDocker(dir: string, text: string): Promise<string> {
  const r = await fixDockerfile(decodeSource(join(dir, 'Dockerfile'), Buffer.from(text, 'utf8')), { context: dir, init: 'tini', analyzeScript: scriptFileAnalyzer() });
  return r.text;
}

/** Image paths of files COPYed from the sample folder, mapped back to the folder (so the argv can run here). */
function copied(dir: string, dockerfile: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const i of readInstructions(dockerfile)) {
    if (i.keyword !== 'COPY') continue;
    const words = i.args.split(/\s+/).filter((w) => !w.startsWith('--'));
    if (words.length === 2 && existsSync(join(dir, words[0]!))) map.set(words[1]!, join(dir, words[0]!));
  }
  return map;
}

test('kept fuzz samples are found (the list below is not vacuous once a case is kept)', () => {
  for (const name of kept) expect(existsSync(join(SAMPLES, name, 'sample.json'))).toBe(true);
});

for (const name of kept) {
  const dir = join(SAMPLES, name);
  const meta = JSON.parse(readFileSync(join(dir, 'sample.json'), 'utf8')) as KeptSample;
  describe(`samples/${name}: ${meta.description.split(':')[0]}`, () => {
    test('script: the fix is valid for its shell, stable, and leaves nothing fixable', async () => {
      const text = readFileSync(join(dir, meta.script), 'utf8').replace(/^\ufeff/, '');
      const once = await fixText(text, join(dir, meta.script));
      const [verdict] = await shellSyntaxBatch([{ text: withoutCr(once.text), shell: meta.shell === 'sh' ? 'dash' : 'bash' }], 1);
      expect(verdict, `${meta.shell === 'sh' ? 'dash' : 'bash'} -n on the fixed script`).toBeNull();
      if (meta.shell === 'sh') expect(await shSyntaxError(once.text, 'sh')).toBeNull();
      expect((await fixText(once.text, join(dir, meta.script))).text, 'a second fix changes nothing').toBe(once.text);
      expect(once.fixableAfter).toEqual([]);
    });

    if (existsSync(join(dir, 'Dockerfile'))) {
      test('Dockerfile: the fixed file runs the same argv as the original, and a second fix changes nothing', async () => {
        const original = readFileSync(join(dir, 'Dockerfile'), 'utf8');
        const fixed = await fixDocker(dir, original);
        const paths = copied(dir, original);
        // Whole words only: an argv word that is the path, or the path as a word inside a shell-form command.
        const local = (argv: string[]): string[] =>
          argv.map((w) => {
            let out = w;
            for (const [image, here] of paths) out = out.replace(new RegExp(`(^|[\\s"'])${escapeRegExp(image)}(?=$|[\\s"'])`, 'g'), `$1${here}`);
            return out;
          });
        const before = pid1Argv(original);
        const after = pid1Argv(fixed);
        expect(after.invalidJson).toEqual([]);
        const [a, b] = await runArgvBatch([local(before.argv), local(after.argv)], 1);
        expect(b!.dump, `original ${JSON.stringify(before.argv)}, fixed ${JSON.stringify(after.argv)}`).toBe(a!.dump);
        expect(await fixDocker(dir, fixed)).toBe(fixed);
      });
    }
  });
}
