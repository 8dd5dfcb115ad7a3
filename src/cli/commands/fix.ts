/** `execwrap fix <file>`: flags, then the fixed text, a diff, or the file rewritten; notes on stderr. */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { Command } from 'commander';
import { loadSettings } from '../../app/config.js';
import type { DockerFlags } from '../../app/docker-options.js';
import { writeFileAtomic, readSource } from '../../app/files.js';
import { fixFile, unsafeSuggestion, type FixFileOptions, type FixOutcome } from '../../app/fix.js';
import { newFilesDiff, readStdin, STDIN_PATH, writeNewFiles } from '../../app/manifests.js';
import { InputError, UsageError } from '../../core/errors.js';
import type { Settings } from '../../core/settings.js';
import { encodeSource, type SourceFile } from '../../core/source.js';
import { resolveFinding } from '../../report/findings.js';
import { EXIT_FINDINGS, EXIT_OK, type Io } from '../shared/io.js';
import { failFastOption, initOption, outputModeProblem, shellOption, shellOptions, withFlags, type FailFastFlag, type ShellFlag, type UnsafeFlag } from '../shared/flags.js';

interface FixFlags extends DockerFlags, ShellFlag, UnsafeFlag, FailFastFlag {
  write?: boolean;
  diff?: boolean;
  check?: boolean;
  force?: boolean;
}

export function registerFix(program: Command, io: Io, setExitCode: (code: number) => void): void {
  program
    .command('fix')
    .description('print the corrected script or Dockerfile (or rewrite it with --write)')
    .argument('<file>', 'start script, Dockerfile, Kubernetes manifest or Compose file to fix (`-`: standard input)')
    .option('-w, --write', 'rewrite the file in place (atomically, keeping its mode)')
    .option('--force', 'with --write: also replace a read-only file (mode kept)')
    .option('-d, --diff', 'print a unified diff (git apply takes it); exit 1 when there is a change')
    .option('-c, --check', 'print nothing; exit 1 when a change would be made')
    .addOption(initOption())
    .option('--context <dir>', "build context for a Dockerfile (default: inferred: a Compose file's build context, the Dockerfile's folder, or the parent its COPY lines need)")
    .addOption(shellOption())
    .option('--unsafe-fixes', 'also apply fixes that may change more than the stop (each says what)')
    .addOption(failFastOption())
    .action(async (file: string, flags: FixFlags) => {
      setExitCode(await fix(file, flags, io));
    });
}

async function fix(file: string, flags: FixFlags, io: Io): Promise<number> {
  const problem = outputModeProblem(flags);
  if (problem) throw new UsageError(problem);
  if (file === STDIN_PATH && flags.write) throw new UsageError('--write needs a file; standard input is fixed to standard output');
  const settings = withFlags(await loadSettings(process.cwd()), flags);
  const source = file === STDIN_PATH ? readStdin() : readSource(file);
  const original = file === STDIN_PATH ? encodeSource(source, source.text) : readFileSync(file);
  const options: FixFileOptions = { ...(flags.init ? { init: flags.init } : {}), ...(flags.context ? { context: flags.context } : {}), alone: shellOptions(flags) };
  const result = await fixFile(file, source, options, settings);
  const { newFiles } = result;
  const fixedBytes = result.changed ? encodeSource(source, result.text) : original;
  for (const finding of result.findingsAfter) {
    if (finding.severity === 'info' || finding.fix) continue;
    const f = resolveFinding(result.lines, finding);
    io.stderr(`${file}:${f.line}:${f.column}: ${f.severity}: ${f.message} [${f.rule}] (not fixed automatically)\n`);
  }
  await showUnsafeSuggestions(file, source, result, options, settings, io);
  if (flags.check) return result.changed ? EXIT_FINDINGS : EXIT_OK;
  if (flags.diff) {
    const path = relative(process.cwd(), file).split('\\').join('/');
    // Loaded only here: the diff library is a noticeable part of start-up time for every other command.
    const { unifiedDiff } = await import('../../report/diff.js');
    io.stdout(unifiedDiff(path, original.toString('utf8'), fixedBytes.toString('utf8')));
    if (newFiles.length > 0) io.stdout(await newFilesDiff(newFiles));
    return result.changed ? EXIT_FINDINGS : EXIT_OK;
  }
  if (flags.write) {
    if (!result.changed) return EXIT_OK;
    // A file edited by someone else since we read it must not be overwritten with our stale copy.
    if (!readFileSync(file).equals(original)) throw new InputError('file changed while execwrap was fixing it; nothing written', file);
    await writeNewFiles(newFiles);
    await writeFileAtomic(file, fixedBytes, { force: flags.force === true });
    io.stderr(`${file}: fixed (${result.findingsBefore.filter((f) => f.fix).length} finding(s))\n`);
    for (const created of newFiles) io.stderr(`${relative(process.cwd(), created.path)}: written (start script the fix mounts)\n`);
    return EXIT_OK;
  }
  io.stdout(fixedBytes);
  for (const created of newFiles) io.stderr(`note: the fix also writes ${relative(process.cwd(), created.path)} (with --write; --diff shows it)\n`);
  return EXIT_OK;
}

/**
 * Unsafe fixes that were not applied are shown on stderr (Ruff's habit): what each may change, and the diff
 * `--unsafe-fixes` would add to the output, so nothing is hidden and nothing is applied without asking.
 */
async function showUnsafeSuggestions(file: string, source: SourceFile, result: FixOutcome, options: FixFileOptions, settings: Settings, io: Io): Promise<void> {
  const { unsafe, suggested } = await unsafeSuggestion(file, source, result, options, settings);
  for (const finding of unsafe) {
    const f = resolveFinding(result.lines, finding);
    io.stderr(`${file}:${f.line}:${f.column}: ${f.severity}: ${f.message} [${f.rule}] (unsafe fix not applied: --unsafe-fixes applies it)\n`);
  }
  if (suggested === undefined) return;
  const { unifiedDiff } = await import('../../report/diff.js');
  const path = relative(process.cwd(), file).split('\\').join('/');
  io.stderr(`suggested change (unsafe: may change more than the stop):\n${unifiedDiff(path, result.text, suggested)}`);
}
