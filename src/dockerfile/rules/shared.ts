import type { AnalyzedDockerfile, LaunchInstr } from '../analyze/model.js';

/** The ENTRYPOINT and CMD instructions the final image uses (in the final stage or inherited from an earlier one). */
export function effectiveLaunches(df: AnalyzedDockerfile): LaunchInstr[] {
  const out: LaunchInstr[] = [];
  if (df.entrypoint.kind === 'instr') out.push(df.entrypoint.li);
  if (df.cmd.kind === 'instr') out.push(df.cmd.li);
  return out;
}

/** For a shell-form (or `sh -c`) ENTRYPOINT: the CMD that starts reaching it once it is exec form, as text. */
export function cmdThatWillReach(df: AnalyzedDockerfile, li: LaunchInstr): string | undefined {
  if (li.keyword !== 'ENTRYPOINT' || df.cmd.kind !== 'instr') return undefined;
  return df.cmd.li.instr.rest;
}

/** Why a shell command cannot simply be given `exec` (ShellPlan blocked reasons), in words. */
export const PLAN_BLOCKERS: Record<string, string> = {
  multi: 'it starts several programs; move them into a start script and run `execwrap fix` on it',
  unknown: 'what it finally runs cannot be told safely (eval, a daemon, a restart loop)',
  'no-program': 'no long-running program was found in it',
  'or-fallback': 'a `||` fallback follows the program, which `exec` would skip',
  subshell: 'the program runs inside `( … )`',
  pipeline: 'the program is piped into another command, which would receive the signal instead; move it into a start script and run `execwrap fix` on it',
  'cleanup-in-block': 'commands follow the program inside a branch, which `exec` would skip',
  syntax: 'the command does not parse as shell',
  shell: 'the SHELL instruction names a shell execwrap does not edit commands for',
  multiline: 'the command spans several lines',
  'no-exec-fix': 'no safe place for `exec` was found',
  'dormant-cmd': 'in exec form the CMD, ignored today, would be passed to it as arguments, and it may act on them; convert it by hand and remove or adjust CMD',
};

/**
 * Converting a shell-form ENTRYPOINT hands it the CMD as arguments. Safe to do automatically only when the
 * ENTRYPOINT is a start script from the build context that never looks at its arguments; a program, or a
 * script with `"$@"`/`$1`, would start acting on a CMD that was dead until now.
 */
export function cmdWouldWakeUp(df: AnalyzedDockerfile, li: LaunchInstr): boolean {
  if (cmdThatWillReach(df, li) === undefined) return false;
  const script = df.scripts.find((s) => s.line === li.instr.line)?.report;
  if (!script) return true;
  return /\$[@*#1-9]|\$\{[@*#1-9]/.test(script.script.source.text);
}

/**
 * The start script of a shell-form ENTRYPOINT ends in `exec "$@"` (every final branch): today it gets no
 * arguments, so `exec` runs nothing and the container exits at once; in exec form the CMD becomes what it runs.
 */
export function scriptRunsItsArguments(df: AnalyzedDockerfile, li: LaunchInstr): boolean {
  const script = df.scripts.find((s) => s.line === li.instr.line)?.report;
  if (!script || script.script.syntaxError) return false;
  const { terminal } = script.script.launch;
  if (terminal.kind !== 'programs' || terminal.sites.length === 0) return false;
  return terminal.sites.every((site) => site.exec && /^"?\$(\{@\}|@)"?$/.test(site.programWord?.text ?? ''));
}
