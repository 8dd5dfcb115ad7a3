import { scriptRule } from '../analyze/model.js';
import { commandName, unwrapRedirects } from '../parse/nodes.js';

/** A handler that forwards and exits lets PID 1 die under live children, which the kernel then SIGKILLs. */
export const EW106 = scriptRule({
  id: 'EW106',
  name: 'handler-does-not-wait',
  description: 'The trap handler forwards the signal and exits without waiting: PID 1 exits and the kernel SIGKILLs the children mid-shutdown.',
  kinds: {
    'handler-does-not-wait': {
      severity: 'error',
      fix: 'none',
      message: (d) => `the handler \`${d.handler}\` forwards the signal but does not wait: the script ends (PID 1 exits) while the children are still shutting down, and the kernel SIGKILLs them; \`wait\` for each child (retrying while \`wait\` is interrupted) before exiting`,
    },
  },
  check(script, report) {
    if (script.launch.generated) return; // execwrap's own wrapper: its traps are known to be right
    const { launch } = script;
    // Only background programs are still shutting down when the handler exits: with none (a foreground program, whose
    // trap runs only after it ended, or an idle loop's own `sleep`), not waiting loses nothing.
    if (!launch.background.some((j) => !j.temporary)) return;
    // A single `wait` returns as soon as the trap has run (SHELL-FACTS 6): the script then ends under live children.
    const waits = launch.statements.filter((s) => !s.background && commandName(unwrapRedirects(s.node)) === 'wait').length;
    const waitsOnce = launch.terminal.kind === 'wait' && waits === 1;
    for (const trap of launch.traps) {
      if (!trap.forwards || trap.waits || (!trap.exits && !waitsOnce)) continue;
      report({ kind: 'handler-does-not-wait', start: trap.node.startIndex, end: trap.node.endIndex, data: { handler: trap.actionText } });
    }
  },
});
