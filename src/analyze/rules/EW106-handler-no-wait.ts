import type { Rule } from '../model.js';

/** A handler that forwards and exits lets PID 1 die under live children, which the kernel then SIGKILLs. */
export const EW106: Rule = {
  id: 'EW106',
  name: 'handler-does-not-wait',
  severity: 'error',
  description: 'The trap handler forwards the signal and exits without waiting: PID 1 exits and the kernel SIGKILLs the children mid-shutdown.',
  fixable: false,
  message: (d) => `the handler \`${d.handler}\` kills the children and exits without waiting for them; \`wait\` for each child (retrying while \`wait\` is interrupted) before exiting`,
  check(script, report) {
    for (const trap of script.launch.traps) {
      if (!trap.forwards || trap.waits || !trap.exits) continue;
      report({ start: trap.node.startIndex, end: trap.node.endIndex, data: { handler: trap.actionText } });
    }
  },
};
