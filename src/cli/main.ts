import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { analyzeScript, type ScriptReport } from '../analyze/index.js';
import { InputError, UsageError } from '../errors.js';
import { fixScript } from '../fix/fixer.js';
import { encodeSource } from '../parse/source.js';
import { resolveFinding } from '../report/findings.js';
import { jsonReport } from '../report/json.js';
import { textReport } from '../report/text.js';
import { expandPaths, readSource, writeFileAtomic } from './files.js';
import { VERSION } from './version.js';

/** Exit codes shared by every command (the linters' convention: hadolint, ShellCheck, ESLint, prettier). */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

export interface Io {
  stdout: (text: string | Uint8Array) => void;
  stderr: (text: string) => void;
  colorStdout: boolean;
}

export async function run(argv: readonly string[], io: Io): Promise<number> {
  let exitCode = EXIT_OK;
  const program = new Command()
    .name('execwrap')
    .description('Find and fix container start scripts that keep the stop signal from reaching the app.')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) })
    .showHelpAfterError();

  program
    .command('check')
    .description('analyse start scripts (a directory: every shell script in it)')
    .argument('[paths...]', 'scripts or directories', ['.'])
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (paths: string[], options: { format: 'text' | 'json' }) => {
      exitCode = await checkCommand(paths, options, io);
    });

  program
    .command('fix')
    .description('print the corrected script (or rewrite it with --write)')
    .argument('<file>', 'start script to fix')
    .option('-w, --write', 'rewrite the file in place (atomically, keeping its mode)')
    .option('-d, --diff', 'print a unified diff (git apply takes it); exit 1 when there is a change')
    .option('-c, --check', 'print nothing; exit 1 when a change would be made')
    .action(async (file: string, options: { write?: boolean; diff?: boolean; check?: boolean }) => {
      exitCode = await fixCommand(file, options, io);
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_ERROR;
    return reportError(error, io);
  }
  return exitCode;
}

async function checkCommand(paths: string[], options: { format: 'text' | 'json' }, io: Io): Promise<number> {
  const files = expandPaths(paths);
  const results: { path: string; report: ScriptReport }[] = [];
  let failed = false;
  for (const path of files) {
    try {
      results.push({ path, report: await analyzeScript(readSource(path)) });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      reportError(error, io);
      failed = true;
    }
  }
  io.stdout(options.format === 'json' ? jsonReport(results) : textReport(results, { color: io.colorStdout }));
  if (failed) return EXIT_ERROR;
  return results.every((r) => r.report.status === 'ok') ? EXIT_OK : EXIT_FINDINGS;
}

async function fixCommand(file: string, options: { write?: boolean; diff?: boolean; check?: boolean }, io: Io): Promise<number> {
  const chosen = [options.write && '--write', options.diff && '--diff', options.check && '--check'].filter(Boolean);
  if (chosen.length > 1) throw new UsageError(`${chosen.join(' and ')} cannot be combined`);
  const source = readSource(file);
  const original = await readFile(file);
  const result = await fixScript(source);
  const fixed = result.changed ? encodeSource(source, result.text) : original;
  for (const finding of result.after.findings) {
    if (finding.severity === 'info' || finding.fix) continue;
    const f = resolveFinding(result.after, finding);
    io.stderr(`${file}:${f.line}:${f.column}: ${f.severity}: ${f.message} [${f.rule}] (not fixed automatically)\n`);
  }
  if (options.check) return result.changed ? EXIT_FINDINGS : EXIT_OK;
  if (options.diff) {
    const path = relative(process.cwd(), file).split('\\').join('/');
    // Loaded only here: the diff library is a noticeable part of start-up time for every other command.
    const { unifiedDiff } = await import('../report/diff.js');
    io.stdout(unifiedDiff(path, original.toString('utf8'), fixed.toString('utf8')));
    return result.changed ? EXIT_FINDINGS : EXIT_OK;
  }
  if (options.write) {
    if (!result.changed) return EXIT_OK;
    // A file edited by someone else since we read it must not be overwritten with our stale copy.
    const current = await readFile(file);
    if (!current.equals(original)) throw new InputError('file changed while execwrap was fixing it; nothing written', file);
    await writeFileAtomic(file, fixed);
    io.stderr(`${file}: fixed (${result.before.findings.filter((f) => f.fix).length} finding(s))\n`);
    return EXIT_OK;
  }
  io.stdout(fixed);
  return EXIT_OK;
}

function reportError(error: unknown, io: Io): number {
  if (error instanceof InputError) {
    io.stderr(`execwrap: ${error.message}\n`);
    return EXIT_ERROR;
  }
  if (error instanceof UsageError) {
    io.stderr(`execwrap: ${error.message}\n`);
    return EXIT_ERROR;
  }
  io.stderr(`execwrap: internal error: ${(error as Error).stack ?? String(error)}\n`);
  return EXIT_ERROR;
}
