import { loadTemplate } from './templates.js';
import type { ShellDialect } from './wrapper.js';

/**
 * The lines the in-place wrapper fix adds beside the script's own launch lines: one after each `&` job
 * to record its PID, and the supervising call where the keep-alive, `wait` or final program was.
 * They call functions the prelude defines, which have the same names in the sh and bash templates.
 */
export interface LaunchLines {
  started: string;
  supervise(exitWhenDone: boolean): string[];
}

export function renderLaunchLines(_opts: { shell: ShellDialect }): LaunchLines {
  const template = loadTemplate('launch-lines.hbs');
  const lines = (context: { started: boolean; exitWhenDone: boolean }) => template(context).split('\n').filter((l) => l !== '');
  return {
    started: lines({ started: true, exitWhenDone: false })[0]!,
    supervise: (exitWhenDone) => lines({ started: false, exitWhenDone }),
  };
}
