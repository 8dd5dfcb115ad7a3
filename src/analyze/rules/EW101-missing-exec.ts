import type { Rule } from '../model.js';
import { execFix, hasExitTrap } from '../../fix/launch-fixes.js';
import { PRIVILEGE_FORKERS } from '../commands.js';

/** The one program the script ends in runs as a child of the shell, which never passes the stop signal on. */
export const EW101: Rule = {
  id: 'EW101',
  name: 'missing-exec',
  severity: 'error',
  description: 'The final program runs as a child of the shell, so it never receives the stop signal; start it with `exec`.',
  fixable: true,
  message: (d) =>
    d.blocker
      ? `\`${d.program}\` runs as a child of the shell and never receives SIGTERM; ${BLOCKERS[d.blocker] ?? 'it cannot be fixed automatically'}`
      : `\`${d.program}\` runs as a child of the shell and never receives SIGTERM; start it with \`exec\``,
  check(script, report) {
    const { launch } = script;
    if (launch.launcher !== 'single' || launch.ok || launch.background.some((j) => !j.temporary)) return;
    if (launch.terminal.kind !== 'programs') return;
    for (const site of launch.terminal.sites) {
      // su/sudo: adding exec is only half a fix; EW109 says what to use instead.
      if (site.exec || (site.programName !== undefined && PRIVILEGE_FORKERS.has(site.programName))) continue;
      const fix = execFix(script, site);
      const blocker = fix ? undefined : site.blocker ?? (hasExitTrap(script) ? 'exit-trap' : undefined);
      report({
        start: site.command.startIndex,
        end: site.command.endIndex,
        data: { program: site.programName ?? site.programWord?.text ?? site.command.text, ...(blocker ? { blocker } : {}) },
        ...(fix ? { fix } : {}),
      });
    }
  },
};

const BLOCKERS: Record<string, string> = {
  'or-fallback': 'a `||` fallback follows it, which `exec` would skip; restructure by hand',
  subshell: 'it runs inside `( … )`, where `exec` replaces only the subshell; move it out of the subshell',
  'cleanup-in-block': 'cleanup lines follow it inside a function or branch, which `exec` would skip',
  pipeline: 'its output is piped into another command, which would receive the signal instead',
  'exit-trap': 'an EXIT trap is set, which `exec` would skip, and the program runs inside a branch or function where execwrap cannot put its wrapper; restructure by hand',
};
