import { scriptRule } from '../analyze/model.js';

/**
 * A script its own shell rejects (`bash -n`, `dash -n`). `check` and `migrate` report it as a finding, like a
 * linter reports a file it cannot parse; nothing else in the file is checked and nothing is changed. `fix` and
 * `verify` refuse such a file instead (exit 2): they cannot do their job on it.
 */
export const EW118 = scriptRule({
  id: 'EW118',
  name: 'syntax-error',
  description: 'The script does not parse: its own shell rejects it, so it cannot start; execwrap checks and changes nothing in it.',
  fatal: true,
  kinds: {
    'syntax-error': {
      severity: 'error',
      fix: 'none',
      message: (d) => `syntax error: ${d.reason}; the shell cannot run this script, and execwrap checks and changes nothing in it`,
    },
  },
  check(script, report) {
    const error = script.syntaxError;
    if (error) report({ kind: 'syntax-error', start: error.start, end: error.end, data: { reason: error.reason } });
  },
});
