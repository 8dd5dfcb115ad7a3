/**
 * Issue 7, the same properties for the Dockerfile conversion of a shell-form CMD/ENTRYPOINT (generated lines with
 * quotes, escapes, `$VAR`, env prefixes, `cd … &&`, globs, redirections, bash-only expansions under a bash SHELL,
 * continuations, `# escape=\``, CRLF):
 *   D1. the argv the fixed file's PID 1 runs prints the same argv (and env) as the original shell form did, both run
 *       for real through a stand-in that dumps them; no `[…]` that is not valid JSON (Docker would run it as shell);
 *   D2. when the line was converted, the program is the process the runtime started (or the init's child);
 *       when it was left in shell form, a finding still says so;
 *   D3. fixing again changes nothing;
 *   D4. every other line stays byte-identical, in order.
 * test/dockerfile/exec-form-argv.test.ts covers plainWords/shellPlan directly on fixed lists; this goes through the
 * whole fixer on generated files.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { scriptFileAnalyzer } from '../../src/app/files.js';
import { fixDockerfile } from '../../src/dockerfile/fix-dockerfile.js';
import { decodeSource } from '../../src/core/source.js';
import { runArgvBatch } from './argv-run.js';
import { dockerfileModelArb, originalArgv, pid1Argv, renderDockerfile, type DockerfileModel } from './gen/dockerfile.js';
import { checkProperty, fuzzPath, fuzzRuns, fuzzSeed, rerunHint, scratchDir } from './support.js';

const RUNS = fuzzRuns(1000);
const context = scratchDir('execwrap-fuzz-df-');

interface Case {
  model: DockerfileModel;
  text: string;
  preserved: string[];
}
const caseArb: fc.Arbitrary<Case> = dockerfileModelArb.map((model) => {
  const { text, preserved } = renderDockerfile(model);
  return { model, text, preserved, [fc.toStringMethod]: () => `Dockerfile:\n${'-'.repeat(60)}\n${text}${'-'.repeat(60)}` } as Case;
});

interface Fixed {
  text: string;
  changed: boolean;
  /** EW201 findings left after fixing (the line is still shell form and the user is told). */
  shellFormLeft: number;
  rules: string[];
}

const cache = new Map<string, Fixed>();
async function fix(text: string): Promise<Fixed> {
  const hit = cache.get(text);
  if (hit) return hit;
  const r = await fixDockerfile(decodeSource(join(context, 'Dockerfile'), Buffer.from(text, 'utf8')), {
    context,
    init: 'tini',
    analyzeScript: scriptFileAnalyzer(),
  });
  const out = { text: r.text, changed: r.changed, shellFormLeft: r.after.findings.filter((f) => f.rule === 'EW201').length, rules: r.before.findings.map((f) => f.rule) };
  cache.set(text, out);
  return out;
}

const INITS = new Set(['tini', 'dumb-init']);

/** D1 and D2 for one case, given both runs; null when fine. */
function argvProblem(c: Case, fixed: Fixed, before: Awaited<ReturnType<typeof runArgvBatch>>[number], after: Awaited<ReturnType<typeof runArgvBatch>>[number]): string | null {
  const { argv, invalidJson } = pid1Argv(fixed.text);
  if (invalidJson.length) return `the fix wrote a \`[…]\` that is not a JSON string array (Docker runs it as a shell command): ${invalidJson[0]}`;
  if (after.dump !== before.dump) {
    return `the fixed PID 1 argv runs something else.\noriginal argv ${JSON.stringify(originalArgv(c.model))} printed:\n${before.dump}fixed argv ${JSON.stringify(argv)} printed:\n${after.dump}`;
  }
  const direct = after.pid === after.spawned || (after.ppid === after.spawned && INITS.has(argv[0]!.split('/').pop()!));
  if (!direct && fixed.shellFormLeft === 0) {
    return `a shell stays between the runtime and the program (pid ${after.pid}, ppid ${after.ppid}, started ${after.spawned}) and no EW201 finding is left to say so; fixed argv ${JSON.stringify(argv)}`;
  }
  return null;
}

/** Appends a note (e.g. how many other cases failed) to the error a check throws. */
async function withNote(note: string, check: () => Promise<unknown>): Promise<void> {
  try {
    await check();
  } catch (e) {
    if (e instanceof Error) e.message = `${e.message}\n\n${note}`;
    throw e;
  }
}

function show(text: string): string {
  return `${'-'.repeat(60)}\n${text}${'-'.repeat(60)}`;
}

describe(`Dockerfile shell form → exec form over ${RUNS} generated files (seed ${fuzzSeed()})`, () => {
  test('the argv comparison can fail: `app $PORT` under sh vs exec form ["app", "$PORT"]', async () => {
    const [a, b, c] = await runArgvBatch([['/bin/sh', '-c', 'app $PORT'], ['app', '$PORT'], ['/bin/sh', '-c', 'app x; true']]);
    expect(a!.dump).not.toBe(b!.dump);
    expect(b!.pid).toBe(b!.spawned);
    expect(c!.pid).not.toBe(c!.spawned);
  });

  test('D1/D2. the fixed file runs the same argv, without a shell in between', async () => {
    const name = 'D1/D2. the fixed file runs the same argv';
    const collected: { c: Case; fixed: Fixed }[] = [];
    await checkProperty(
      name,
      caseArb,
      async (c) => {
        collected.push({ c, fixed: await fix(c.text) });
      },
      RUNS,
    );
    const argvs = collected.flatMap(({ c, fixed }) => [originalArgv(c.model), pid1Argv(fixed.text).argv]);
    const runs = await runArgvBatch(argvs);
    const problems = collected.map(({ c, fixed }, i) => argvProblem(c, fixed, runs[2 * i]!, runs[2 * i + 1]!));
    const failing = problems.map((p, i) => (p ? i : -1)).filter((i) => i >= 0);
    if (failing.length === 0) return;
    const path = fuzzPath() ?? String(failing[0]);
    const others = `${failing.length} of ${collected.length} case(s) failed; the first few (path: problem):\n` +
      failing.slice(0, 8).map((i) => `  ${i}: ${problems[i]!.split('\n')[0]} ${JSON.stringify(collected[i]!.c.model.command)}`).join('\n');
    // Replay the first failure through fast-check, which shrinks it and prints seed, path and counterexample.
    await withNote(others, () => checkProperty(
      name,
      caseArb,
      async (c) => {
        const fixed = await fix(c.text);
        const [before, after] = await runArgvBatch([originalArgv(c.model), pid1Argv(fixed.text).argv], 1);
        const problem = argvProblem(c, fixed, before!, after!);
        if (problem) throw new Error(`${problem}\nfixed:\n${show(fixed.text)}`);
      },
      RUNS,
      { path },
    ));
    throw new Error(`${failing.length} case(s) failed; the first (path ${path}) passed on replay: ${problems[failing[0]!]}\n${rerunHint(fuzzSeed(), path, name)}`);
  });

  test('D3. fixing the fixed Dockerfile again changes nothing', async () => {
    await checkProperty(
      'D3. fixing the fixed Dockerfile again changes nothing',
      caseArb,
      async (c) => {
        const once = await fix(c.text);
        const twice = await fix(once.text);
        if (twice.text !== once.text) throw new Error(`second fix changed it again:\nfirst:\n${show(once.text)}\nsecond:\n${show(twice.text)}`);
      },
      RUNS,
    );
  });

  test('D4. every other line stays byte-identical and in order; CRLF stays CRLF', async () => {
    await checkProperty(
      'D4. every other line stays byte-identical',
      caseArb,
      async (c) => {
        const fixed = await fix(c.text);
        const eol = c.model.crlf ? '\r\n' : '\n';
        const lines = fixed.text.split(eol);
        let at = 0;
        for (const line of c.preserved) {
          const i = lines.indexOf(line, at);
          if (i < 0) throw new Error(`line ${JSON.stringify(line)} ${lines.includes(line) ? 'out of order' : 'missing or changed'}\nfixed:\n${show(fixed.text)}`);
          at = i + 1;
        }
        if (c.model.crlf && /(^|[^\r])\n/.test(fixed.text)) throw new Error(`CRLF file got LF-only lines:\n${JSON.stringify(fixed.text)}`);
        if (!c.model.crlf && fixed.text.includes('\r')) throw new Error('LF file got CR bytes');
      },
      RUNS,
    );
  });
});

// Keep the reader honest: it reads what the generator writes the way Docker does.
test('the test-side Dockerfile reader: continuations, escape directive, SHELL, JSON vs shell form', () => {
  expect(pid1Argv('FROM x\nSHELL ["/bin/bash", "-c"]\nCMD app \\\n    "a b"\n').argv).toEqual(['/bin/bash', '-c', 'app     "a b"']);
  expect(pid1Argv('# escape=`\nFROM x\nCMD app `\n  a\\b\n').argv).toEqual(['/bin/sh', '-c', 'app   a\\b']);
  expect(pid1Argv('FROM x\nENTRYPOINT ["/usr/bin/tini", "--"]\nCMD ["app", "x"]\n').argv).toEqual(['/usr/bin/tini', '--', 'app', 'x']);
  expect(pid1Argv('FROM x\nCMD [app]\n')).toEqual({ argv: ['/bin/sh', '-c', '[app]'], invalidJson: ['[app]'] });
  expect(readFileSync(new URL('./gen/dockerfile.ts', import.meta.url), 'utf8')).toContain('readInstructions');
});
