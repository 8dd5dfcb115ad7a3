import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LangVariant, parse as parseSh } from 'sh-syntax';
import { describe, expect, it } from 'vitest';
import { analyzeScript } from '../src/shell/analyze-script.js';
import { InputError } from '../src/core/errors.js';
import { scriptFileAnalyzer } from '../src/app/files.js';
import { analyzeDockerfile } from '../src/dockerfile/analyze-dockerfile.js';
import { fixDockerfile } from '../src/dockerfile/fix-dockerfile.js';
import { isApplied } from '../src/core/model.js';
import { fixScript } from '../src/shell/fix-script.js';
import { decodeSource, encodeSource } from '../src/core/source.js';
import { unifiedDiff } from '../src/report/diff.js';
import { jsonReport } from '../src/report/json.js';
import { needPrograms } from './harness/support.js';
import { expectGolden } from './helpers/golden.js';
import { loadSamples, SAMPLES_DIR } from './helpers/samples.js';

const samples = loadSamples();

/** The rule IDs of a report, sorted, each once: what sample.json's `expect.rules` lists. */
const ruleIds = (findings: readonly { rule: string }[]) => [...new Set(findings.map((f) => f.rule))].sort();
const repoRoot = join(SAMPLES_DIR, '..');

/** A parse error from mvdan/sh in POSIX mode, or 'ok'. */
const posix = (text: string) => parseSh(text, { variant: LangVariant.LangPOSIX }).then(() => 'ok', (e: Error) => e.message);

/** Samples whose script the fix changes (some unfixable ones too), with the fixed text: the shells check these. */
const fixedScripts = new Map<string, { text: string; posixOriginal: boolean }>();
for (const sample of samples) {
  if (sample.expect.status === 'error') continue;
  const path = join(sample.dir, sample.script);
  const source = decodeSource(relative(repoRoot, path), readFileSync(path));
  const result = await fixScript(source);
  if (result.changed) fixedScripts.set(sample.name, { text: result.text, posixOriginal: sample.shell === 'sh' && (await posix(source.text)) === 'ok' });
}

describe('samples: golden outputs', () => {
  it('has at least 25 samples', () => {
    expect(samples.length).toBeGreaterThanOrEqual(25);
  });

  for (const sample of samples) {
    describe(sample.name, () => {
      const scriptPath = join(sample.dir, sample.script);
      const relativePath = relative(repoRoot, scriptPath);
      const bytes = readFileSync(scriptPath);
      const source = decodeSource(relativePath, bytes);
      const expected = (file: string) => join(sample.dir, 'expected', file);

      if (sample.expect.status === 'error') {
        it('is refused with a message naming file and line', async () => {
          const error = await analyzeScript(source).then(
            () => undefined,
            (e: unknown) => e,
          );
          expect(error).toBeInstanceOf(InputError);
          expect((error as InputError).line).toBeGreaterThan(0);
          expectGolden(expected('error.txt'), `${(error as InputError).message}\n`);
        });
        it('is one EW118 finding on that line for check and migrate (nothing else is checked)', async () => {
          const error = (await analyzeScript(source).catch((e: unknown) => e)) as InputError;
          const report = await analyzeScript(source, undefined, { syntaxErrors: 'report' });
          expect(report.findings.map((f) => [f.rule, f.severity, report.script.lines.position(f.start).line])).toEqual([['EW118', 'error', error.line]]);
          expect(ruleIds(report.findings), 'sample.json expect.rules').toEqual(sample.expect.rules);
          expect({ launcher: report.launcher, status: report.status, processes: report.processes }).toEqual({ launcher: 'unknown', status: 'unfixable', processes: [] });
          expect((await fixScript(source, undefined, { syntaxErrors: 'report' })).changed).toBe(false);
        });
        return;
      }

      it(`is classified ${sample.expect.launcher}/${sample.expect.status}`, async () => {
        const report = await analyzeScript(source);
        expect({ launcher: report.launcher, status: report.status }).toEqual({ launcher: sample.expect.launcher, status: sample.expect.status });
        expect(ruleIds(report.findings), 'sample.json expect.rules').toEqual(sample.expect.rules);
        expect(report.script.dialect).toBe(sample.shell);
        expectGolden(expected('check.json'), jsonReport([{ path: relativePath, type: 'script', report }]));
      });

      it('fixes to the golden script and diff, and the fix is stable', async () => {
        const result = await fixScript(source);
        const fixed = result.changed ? encodeSource(source, result.text) : bytes;
        expectGolden(expected(`${sample.script}.fixed`), fixed);
        expectGolden(expected('fix.diff'), unifiedDiff(relativePath, bytes.toString('utf8'), fixed.toString('utf8')));
        // Generated code must be readable by execwrap's own parser, or a second check could not recognise it.
        const gaps = (r: typeof result.before) => r.findings.filter((f) => f.rule === 'EW117').length;
        expect(gaps(result.after)).toBe(gaps(result.before));
        // A fixed file has nothing left that execwrap could fix safely, and fixing again changes nothing.
        expect(result.after.findings.filter((f) => f.fix && isApplied(f.fix, false)).map((f) => f.rule)).toEqual([]);
        const again = await fixScript({ ...source, text: result.text });
        expect(again.changed).toBe(false);
        if (sample.expect.status === 'ok') expect(result.changed).toBe(false);
        // A file whose only fixes are unsafe is fixable too, with --unsafe-fixes; then nothing is left at all.
        const unsafeOnly = result.before.findings.every((f) => !f.fix || !isApplied(f.fix, false));
        const everything = unsafeOnly ? await fixScript(source, { rules: {}, unsafeFixes: true }) : result;
        if (sample.expect.status === 'fixable') {
          expect(everything.changed).toBe(true);
          expect(everything.after.status).not.toBe('fixable');
          expect(everything.after.findings.filter((f) => f.fix).map((f) => f.rule)).toEqual([]);
        }
      });

      const dockerfile = join(sample.dir, 'Dockerfile');
      it('sample.json lists the Dockerfile\'s rules exactly where the folder has a Dockerfile', () => {
        expect(sample.expect.dockerfileRules !== undefined).toBe(existsSync(dockerfile));
      });
      if (existsSync(dockerfile) && sample.expect.status === 'error') {
        it('Dockerfile: check reports only EW208 (the script it runs does not parse)', async () => {
          const report = await analyzeDockerfile(decodeSource(relative(repoRoot, dockerfile), readFileSync(dockerfile)), {
            context: sample.dir,
            init: 'tini',
            analyzeScript: scriptFileAnalyzer(undefined, { syntaxErrors: 'report' }),
            syntaxErrors: 'report',
          });
          expect(ruleIds(report.findings), 'sample.json expect.dockerfileRules').toEqual(sample.expect.dockerfileRules);
        });
      }
      if (existsSync(dockerfile) && sample.expect.status !== 'error') {
        it('Dockerfile: checks and fixes to the goldens, and the fix is stable', async () => {
          const relativeDockerfile = relative(repoRoot, dockerfile);
          const dockerBytes = readFileSync(dockerfile);
          const dockerSource = decodeSource(relativeDockerfile, dockerBytes);
          const options = {
            context: sample.dir,
            init: 'tini' as const,
            analyzeScript: scriptFileAnalyzer(),
          };
          const result = await fixDockerfile(dockerSource, options);
          expectGolden(expected('docker-check.json'), jsonReport([{ path: relativeDockerfile, type: 'dockerfile', report: result.before }]));
          expect(ruleIds(result.before.findings), 'sample.json expect.dockerfileRules').toEqual(sample.expect.dockerfileRules);
          const fixed = result.changed ? encodeSource(dockerSource, result.text) : dockerBytes;
          // Golden names never look like a Dockerfile (`Dockerfile.*`, any case) or a script, so walks skip them.
          expectGolden(expected('docker-fixed.txt'), fixed);
          expectGolden(expected('docker-fix.diff'), unifiedDiff(relativeDockerfile, dockerBytes.toString('utf8'), fixed.toString('utf8')));
          // Nothing safe is left to fix (an unsafe fix, such as an init in front of a base image's unknown ENTRYPOINT, is only suggested).
          expect(result.after.findings.filter((f) => f.fix && isApplied(f.fix, false)).map((f) => f.rule)).toEqual([]);
          const again = await fixDockerfile({ ...dockerSource, text: result.text }, options);
          expect(again.changed).toBe(false);
          // Read the way its image runs it (the image's /bin/sh, a shell word in ENTRYPOINT/CMD), a script whose
          // findings differ from its reading alone gets a golden of that reading.
          const inImage = result.before.scripts.find((s) => s.file === scriptPath)?.report;
          const alone = await analyzeScript(source);
          const rules = (r: typeof alone) => r.findings.map((f) => `${f.rule}:${f.start}`).join(' ');
          if (inImage && rules(inImage) !== rules(alone)) {
            expectGolden(expected('image-check.json'), jsonReport([{ path: relativePath, type: 'script', report: inImage }]));
          }
        });
      }

      // Generated for a script the fix changes (an unchanged one is its own golden, above).
      const fixed = fixedScripts.get(sample.name);
      const shells = sample.shell === 'bash' ? [['bash', '-n']] : [['dash', '-n'], ['busybox', 'ash', '-n'], ['bash', '--posix', '-n']];
      for (const [shell, ...args] of fixed ? shells : []) {
        it(`stays valid after fixing: ${shell} ${args.join(' ')}`, () => {
          needPrograms(shell!);
          // The original's verdict is the baseline: a script that dash rejects before fixing (bashisms) stays rejected.
          const before = spawnSync(shell!, args, { input: source.text, encoding: 'utf8' });
          const after = spawnSync(shell!, args, { input: fixed!.text, encoding: 'utf8' });
          expect(before.error ?? after.error).toBeUndefined();
          expect(before.status, `${shell} -n on the original`).not.toBeNull();
          if (before.status === 0) expect(after.stderr, `${shell} -n on the fixed script`).toBe('');
          expect(after.status, `${shell} -n on the fixed script`).toBe(before.status);
        });
      }
      if (fixed?.posixOriginal) {
        // A second opinion from another parser for what execwrap generates in sh scripts it accepts before the fix.
        it('stays valid after fixing: mvdan/sh in POSIX mode', async () => {
          expect(await posix(fixed.text)).toBe('ok');
        });
      }
    });
  }
});
