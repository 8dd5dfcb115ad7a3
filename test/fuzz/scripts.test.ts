/**
 * Issue 7, properties over generated start scripts (bash and POSIX sh flavours, see gen/script.ts):
 *   1. the fixed text is valid for the script's shell (`bash -n` / `dash -n`, batched; sh scripts also through
 *      mvdan/sh (sh-syntax) in POSIX mode);
 *   2. fixing the output again changes nothing (and leaves nothing fixable; an `ok` script is not touched);
 *   3. every setup statement and every launch (argument text unchanged) is in the output, in order; line endings kept.
 * The same cases every run (fixed seed); a failure prints the seed, the fast-check path and the command to re-run it.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { renderScript, scriptModelArb, type Rendered, type ScriptModel } from './gen/script.js';
import { eolProblem, fixText, missingPiece, shSyntaxError, withoutCr } from './model-check.js';
import { checkProperty, fuzzPath, fuzzRuns, fuzzSeed, rerunHint, shellSyntaxBatch } from './support.js';

const RUNS = fuzzRuns(2000);

/** The value fast-check generates and prints: the model, shown as the script text it renders to. */
interface Case {
  model: ScriptModel;
  rendered: Rendered;
}
const caseArb: fc.Arbitrary<Case> = scriptModelArb().map((model) => {
  const rendered = renderScript(model);
  return {
    model,
    rendered,
    [fc.toStringMethod]: () => `${model.flavour} script:\n${'-'.repeat(60)}\n${rendered.text}\n${'-'.repeat(60)}`,
  } as Case;
});

function show(text: string): string {
  return `${'-'.repeat(60)}\n${text}${text.endsWith('\n') ? '' : '⏎ (no final newline)\n'}${'-'.repeat(60)}`;
}

describe(`fix over ${RUNS} generated start scripts (seed ${fuzzSeed()})`, () => {
  test('1. the fixed script is valid for its shell (bash -n / dash -n; mvdan/sh POSIX mode for sh)', async () => {
    const name = '1. the fixed script is valid for its shell';
    const collected: { c: Case; fixed: string }[] = [];
    await checkProperty(
      name,
      caseArb,
      async (c) => {
        const out = await fixText(c.rendered.text);
        collected.push({ c, fixed: out.text });
        // In-process: fails (and shrinks) right here. POSIX mode for sh scripts only: mvdan/sh costs ~13 ms a
        // script, and for bash `bash -n` below is the authority anyway.
        const error = c.model.flavour === 'sh' ? await shSyntaxError(out.text, 'sh') : null;
        if (error) throw new Error(`mvdan/sh (${c.model.flavour === 'sh' ? 'POSIX' : 'bash'}) rejects the fixed script: ${error}\nfixed:\n${show(out.text)}`);
      },
      RUNS,
    );
    // The real shells, in bulk. Without shrinking here, a failure is replayed below through fast-check by its path.
    const verdicts = await shellSyntaxBatch(
      collected.map(({ c, fixed }) => ({ text: withoutCr(fixed), shell: c.model.flavour === 'sh' ? 'dash' : 'bash' })),
    );
    const failing = verdicts.map((v, i) => (v === null ? -1 : i)).filter((i) => i >= 0);
    if (failing.length === 0) return;
    const first = failing[0]!;
    const base = fuzzPath();
    const path = base ? base : String(first);
    // Replay the first failing case through fast-check (synchronous shell check) so that it shrinks it.
    await checkProperty(
      name,
      caseArb,
      async (c) => {
        const out = await fixText(c.rendered.text);
        const [verdict] = await shellSyntaxBatch([{ text: withoutCr(out.text), shell: c.model.flavour === 'sh' ? 'dash' : 'bash' }], 1);
        if (verdict) throw new Error(`${c.model.flavour === 'sh' ? 'dash' : 'bash'} -n rejects the fixed script: ${verdict}\nfixed:\n${show(out.text)}`);
      },
      RUNS,
      { path },
    );
    throw new Error(
      `${failing.length} fixed script(s) rejected by their shell; the first (path ${path}) did not fail on replay:\n` +
        `${verdicts[first]}\n${show(collected[first]!.fixed)}\n${rerunHint(fuzzSeed(), path, name)}`,
    );
  }, 180_000); // spawns a shell per generated script: 25-50 s alone, more on a loaded machine

  test('2. fixing the fixed script again changes nothing, and nothing fixable is left', async () => {
    await checkProperty(
      '2. fixing the fixed script again changes nothing',
      caseArb,
      async (c) => {
        const once = await fixText(c.rendered.text);
        const twice = await fixText(once.text);
        if (twice.text !== once.text) {
          throw new Error(`a second fix changed the script again (rules before: ${twice.rulesBefore.join(', ')})\nfirst fix:\n${show(once.text)}\nsecond fix:\n${show(twice.text)}`);
        }
        expect(once.fixableAfter, 'findings with a fix left after fixing').toEqual([]);
        if (once.statusBefore === 'ok') expect(once.changed, 'an ok script is printed unchanged').toBe(false);
      },
      RUNS,
    );
  });

  test('3. setup statements stay byte-identical and in order, launches keep their argument text, line endings are kept', async () => {
    await checkProperty(
      '3. setup statements stay byte-identical',
      caseArb,
      async (c) => {
        const out = await fixText(c.rendered.text);
        const missing = missingPiece(out.text, c.rendered.pieces);
        if (missing) throw new Error(`${missing}\nfixed:\n${show(out.text)}`);
        const eol = eolProblem(c.rendered.text, out.text);
        if (eol) throw new Error(`${eol}\nfixed:\n${show(out.text)}`);
        // No final newline in, none added at the end of the original's last line... unless lines were appended.
        if (!c.model.finalNewline && !out.changed) expect(out.text.endsWith('\n')).toBe(false);
      },
      RUNS,
    );
  });

  test('3b. every generated script with LF endings is one execwrap can fix (or already ok)', async () => {
    await checkProperty(
      '3b. every generated script with LF endings is one execwrap can fix',
      // A script that sources files execwrap cannot read (the `/docker-entrypoint.d/*.sh` hook loop) may have its
      // program shadowed by one of their functions: `exec` is then withheld for names that are not well-known programs.
      caseArb.filter((c) => c.model.eol === '\n' && !c.rendered.text.includes('. "$f"')),
      async (c) => {
        const out = await fixText(c.rendered.text);
        if (out.statusBefore === 'unfixable' || out.statusAfter !== 'ok') {
          throw new Error(`status ${out.launcherBefore}/${out.statusBefore} -> ${out.statusAfter} (rules: ${out.rulesBefore.join(', ')})\nfixed:\n${show(out.text)}`);
        }
      },
      RUNS,
    );
  });
});
