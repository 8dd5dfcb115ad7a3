import { loadTemplate } from './templates.js';
import type { ShellDialect } from './wrapper.js';

/**
 * The lines the in-place wrapper fix adds beside the script's own launch lines: one after each `&` job
 * to record its PID, and the supervising call where the keep-alive, `wait` or final program was.
 * They call functions the prelude defines, which have the same names in the sh and bash templates.
 */
export interface LaunchLines {
  /** Before the first program starts: from here on a stop signal is forwarded instead of ending the script. */
  begin: string;
  started: string;
  supervise(exitWhenDone: boolean): string[];
}

export function renderLaunchLines(_opts: { shell: ShellDialect }): LaunchLines {
  const template = loadTemplate('launch-lines.hbs');
  const lines = (context: { begin?: boolean; started?: boolean; exitWhenDone?: boolean }) =>
    template({ begin: false, started: false, exitWhenDone: false, ...context }).split('\n').filter((l) => l !== '');
  return {
    begin: lines({ begin: true })[0]!,
    started: lines({ started: true })[0]!,
    supervise: (exitWhenDone) => lines({ exitWhenDone }),
  };
}

/**
 * `app | tee log` as the final line: the program goes to the background writing into a fifo, the
 * consumer reads the fifo, the wrapper forwards signals to the program only and, once it has exited,
 * waits for the consumer to drain (measured: no log line lost, SHELL-FACTS 18).
 */
export function renderPipelineLaunch(opts: { producer: string; consumer: string; consumerName: string; exitWhenDone: boolean }): string[] {
  return loadTemplate('pipeline.hbs')(opts).split('\n').filter((l) => l !== '');
}

/** The prelude function the supervising line calls; the analyzer recognises generated code by it. */
export const SUPERVISE_FUNCTION = '_ew_supervise';

/** Where the program's output is sent in the rendered pipeline launch. */
export const LOG_FIFO_REDIRECT = '>"$_ew_log_fifo"';
