/**
 * The command line: one commander program whose commands live in cli/commands (flags and printing only; the work
 * is done in src/app). Returns the exit code instead of exiting, so tests can run it in process.
 */
import { Command, CommanderError } from 'commander';
import { VERSION } from '../core/version.js';
import { registerCheck } from './commands/check.js';
import { registerFix } from './commands/fix.js';
import { registerMigrate } from './commands/migrate.js';
import { registerScaffold } from './commands/scaffold.js';
import { registerVerify } from './commands/verify.js';
import { EXIT_ERROR, EXIT_OK, reportError, type Io } from './shared/io.js';

export { EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, type Io } from './shared/io.js';

export async function run(argv: readonly string[], io: Io): Promise<number> {
  let exitCode = EXIT_OK;
  const setExitCode = (code: number) => {
    exitCode = code;
  };
  const program = new Command()
    .name('execwrap')
    .description('Find and fix container start scripts and Dockerfiles that keep the stop signal from reaching the app.')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) })
    .showHelpAfterError();
  registerCheck(program, io, setExitCode);
  registerFix(program, io, setExitCode);
  registerMigrate(program, io, setExitCode);
  registerScaffold(program, io);
  registerVerify(program, io, setExitCode);

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_ERROR;
    return reportError(error, io);
  }
  return exitCode;
}
