import { scriptRule } from '../analyze/model.js';
import { STOP_SIGNALS } from '../analyze/launch.js';

/** A signal that arrives between the first `&` and the trap line is lost. */
export const EW105 = scriptRule({
  id: 'EW105',
  name: 'trap-after-children',
  description: 'The stop-signal trap is set after programs were started: a stop arriving in between is lost.',
  kinds: {
    'trap-after-start': {
      severity: 'warning',
      fix: 'none',
      message: (d) => `the trap for ${d.signals} is set after \`${d.program}\` was started (line ${d.childLine}); set traps before starting any program`,
    },
  },
  check(script, report) {
    if (script.launch.generated) return; // execwrap's own wrapper: its traps are known to be right
    const jobs = script.launch.background.filter((j) => !j.temporary);
    const first = jobs[0];
    if (!first) return;
    // A job started by a function starts where the function is called, not where it is written.
    const started = (first.calledFrom ?? first.statement).node.startIndex;
    for (const trap of script.launch.traps) {
      if (!trap.forwards || !trap.signalNames.some((s) => STOP_SIGNALS.has(s))) continue;
      if (trap.node.startIndex < started) continue;
      report({
        kind: 'trap-after-start',
        start: trap.node.startIndex,
        end: trap.node.endIndex,
        data: {
          signals: trap.signals.map((s) => s.text).join(' '),
          program: first.site.programName ?? first.site.command.text,
          childLine: String(script.lines.position(started).line),
        },
      });
    }
  },
});
