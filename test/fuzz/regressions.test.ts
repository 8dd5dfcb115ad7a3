/**
 * Failing cases the fuzz suites found, kept as samples (samples/fuzz-<n>/, see test/fuzz/README.md), checked with the
 * same properties: a kept case fails here until the bug in src/ is fixed, then guards against its return.
 *   - the start script: the fix is valid for its shell, fixing again changes nothing, nothing fixable is left;
 *   - the Dockerfile (when there is one): the fixed file's PID 1 argv prints what the original printed, run for real
 *     (COPYed scripts run from the sample folder, programs are argv-dumping stand-ins), and fixing again changes
 *     nothing.
 * The list of kept samples is checked against the table in test/fuzz/README.md (written by hand when a case is
 * kept), and each sample's `fuzz.wrongFix` (what execwrap wrote when the case was found) must fail the same check.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { scriptFileAnalyzer } from '../../src/app/files.js';
import { fixDockerfile } from '../../src/dockerfile/fix-dockerfile.js';
import { decodeSource } from '../../src/core/source.js';
import { runArgvBatch } from './argv-run.js';
import { pid1Argv, readInstructions } from './gen/dockerfile.js';
import { fixText, shSyntaxError, withoutCr } from './model-check.js';
import { escapeRegExp, shellSyntaxBatch } from './support.js';

const SAMPLES = join(import.meta.dirname, '..', '..', 'samples');
const byNumber = (a: string, b: string) => Number(a.slice(5)) - Number(b.slice(5));
/** Every samples/fuzz-<n>/ folder: each must be a complete kept sample (checked below, not filtered out here). */
const kept = readdirSync(SAMPLES, { withFileTypes: true })
  .filter((e) => e.isDirectory() && /^fuzz-\d+$/.test(e.name))
  .map((e) => e.name)
  .sort(byNumber);

/** The samples test/fuzz/README.md lists under "Kept so far", in its own words: the record kept by hand. */
function listedInReadme(): string[] {
  const readme = readFileSync(join(import.meta.dirname, 'README.md'), 'utf8');
  const table = readme.slice(readme.indexOf('Kept so far:'), readme.indexOf('\n## ', readme.indexOf('Kept so far:')));
  return [...table.matchAll(/^\| `(fuzz-\d+)` \|/gm)].map((m) => m[1]!).sort(byNumber);
}

interface KeptSample {
  script: string;
  shell: 'bash' | 'sh';
  description: string;
  fuzz: {
    /** What execwrap wrote when the case was found (`file`: the script's name or `Dockerfile`): it must fail here. */
    wrongFix: { file: string; text: string };
  };
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

test('the kept samples are the ones test/fuzz/README.md lists, each with its sample.json', () => {
  expect(kept.length, 'no samples/fuzz-<n>/ found: the tests below would be vacuous').toBeGreaterThan(0);
  expect(kept).toEqual(listedInReadme());
  for (const name of kept) expect(existsSync(join(SAMPLES, name, 'sample.json')), `samples/${name}/sample.json`).toBe(true);
});

/** The Dockerfile check: the fixed file's PID 1 argv prints what the original's printed. Returns what differs, or null. */
async function argvProblem(dir: string, original: string, fixed: string): Promise<string | null> {
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
  if (after.invalidJson.length) return `not JSON: ${after.invalidJson.join(', ')}`;
  const [a, b] = await runArgvBatch([local(before.argv), local(after.argv)], 1);
  if (a!.dump === b!.dump) return null;
  return `the fixed file runs a different argv: original ${JSON.stringify(before.argv)} printed\n${a!.dump}\nfixed ${JSON.stringify(after.argv)} printed\n${b!.dump}`;
}

/** The script check: the fix is valid for its shell, stable, and leaves nothing fixable. Returns the problem, or null. */
async function scriptProblem(dir: string, meta: KeptSample, fixed: string): Promise<string | null> {
  const shell = meta.shell === 'sh' ? 'dash' : 'bash';
  const [verdict] = await shellSyntaxBatch([{ text: withoutCr(fixed), shell }], 1);
  if (verdict) return `${shell} -n rejects the fixed script: ${verdict}`;
  if (meta.shell === 'sh') {
    const posix = await shSyntaxError(fixed, 'sh');
    if (posix) return `not POSIX sh: ${posix}`;
  }
  const again = await fixText(fixed, join(dir, meta.script));
  if (again.text !== fixed) return 'a second fix changes the script again';
  if (again.statusBefore === 'fixable') return `the fixed script is still fixable (${again.rulesBefore.join(', ')})`;
  return null;
}

for (const name of kept) {
  const dir = join(SAMPLES, name);
  if (!existsSync(join(dir, 'sample.json'))) continue; // reported by the test above
  const meta = JSON.parse(readFileSync(join(dir, 'sample.json'), 'utf8')) as KeptSample;
  describe(`samples/${name}: ${meta.description.split(':')[0]}`, () => {
    test('script: the fix is valid for its shell, stable, and leaves nothing fixable', async () => {
      const text = readFileSync(join(dir, meta.script), 'utf8').replace(/^\ufeff/, '');
      const once = await fixText(text, join(dir, meta.script));
      expect(await scriptProblem(dir, meta, once.text)).toBeNull();
      expect(once.fixableAfter).toEqual([]);
    });

    if (existsSync(join(dir, 'Dockerfile'))) {
      test('Dockerfile: the fixed file runs the same argv as the original, and a second fix changes nothing', async () => {
        const original = readFileSync(join(dir, 'Dockerfile'), 'utf8');
        const fixed = await fixDocker(dir, original);
        expect(await argvProblem(dir, original, fixed)).toBeNull();
        expect(await fixDocker(dir, fixed)).toBe(fixed);
      });
    }

    test(`control: what execwrap wrote when the case was found (${meta.fuzz.wrongFix.file}) fails the same check`, async () => {
      const { file, text } = meta.fuzz.wrongFix;
      const problem = file === 'Dockerfile' ? await argvProblem(dir, readFileSync(join(dir, 'Dockerfile'), 'utf8'), text) : await scriptProblem(dir, meta, text);
      expect(problem).not.toBeNull();
    });
  });
}
