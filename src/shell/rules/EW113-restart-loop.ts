import { scriptRule } from '../analyze/model.js';

/** A loop that restarts the program keeps the shell as its parent and hides crashes from the orchestrator. */
export const EW113 = scriptRule({
  id: 'EW113',
  name: 'restart-loop',
  description: 'The program runs inside a restart loop: the shell stays its parent, the stop signal never reaches it, and crashes are hidden from the orchestrator.',
  kinds: {
    'restart-loop': {
      severity: 'error',
      fix: 'none',
      message: () => 'the program runs inside a loop that restarts it: the stop signal never reaches it and the orchestrator never sees it crash; let the orchestrator restart the container and `exec` the program',
    },
  },
  check(script, report) {
    for (const unknown of script.launch.unknown) {
      if (unknown.reason !== 'restart-loop') continue;
      report({ kind: 'restart-loop', start: unknown.node.startIndex, end: unknown.node.startIndex + (unknown.node.text.split('\n')[0]!.length), data: {} });
    }
  },
});
