/**
 * A problem with the user's input (unreadable, binary, unparsable) rather than with execwrap.
 * The CLI turns it into exit code 2 with a message naming the file and, where known, the line.
 */
export class InputError extends Error {
  constructor(
    readonly reason: string,
    readonly path: string,
    readonly line?: number,
  ) {
    super(`${path}${line === undefined ? '' : `:${line}`}: ${reason}`);
    this.name = 'InputError';
  }
}

/** A mistake in how execwrap was called (bad flag combination, missing argument): exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * A file that looks like a Dockerfile or a start script by its name but is something else (a template whose
 * FROM cannot be read, a Python file called `Dockerfile.py`). Named alone it is refused like any InputError;
 * found by walking a directory it is skipped with a note, never edited by guess.
 */
export class NotApplicableError extends InputError {
  constructor(
    reason: string,
    path: string,
    readonly kind: 'template' | 'not-dockerfile' | 'not-shell',
    line?: number,
  ) {
    super(reason, path, line);
    this.name = 'NotApplicableError';
  }
}
