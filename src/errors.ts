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
