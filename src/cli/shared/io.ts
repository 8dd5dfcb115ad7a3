import { InputError, UsageError } from '../../core/errors.js';

/** Exit codes shared by every command (the linters' convention: hadolint, ShellCheck, ESLint, prettier). */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

/** Where a command prints: the real streams in bin/, buffers in tests. */
export interface Io {
  stdout: (text: string | Uint8Array) => void;
  stderr: (text: string) => void;
  colorStdout: boolean;
  /** A person is watching stderr: progress may be drawn there. */
  stderrIsTTY?: boolean;
}

/** Prints an error the user can act on (bad input, bad flags) as one line; anything else as an internal error. */
export function reportError(error: unknown, io: Io): number {
  if (error instanceof InputError || error instanceof UsageError) {
    io.stderr(`execwrap: ${error.message}\n`);
    return EXIT_ERROR;
  }
  io.stderr(`execwrap: internal error: ${(error as Error).stack ?? String(error)}\n`);
  return EXIT_ERROR;
}
