import { scriptRule } from '../analyze/model.js';
import { wrapperFix } from '../fixes/launch-fixes.js';

/** `tail -f /dev/null` and friends hold the container open while the real programs run unseen. */
export const EW103 = scriptRule({
  id: 'EW103',
  name: 'keep-alive',
  description: 'A keep-alive (`tail -f /dev/null`, `sleep infinity`, a sleep loop) holds the container; it ignores the stop signal and hides crashed programs.',
  kinds: {
    'keep-alive': {
      severity: 'error',
      fix: 'safe',
      fixTitle: "Replace the keep-alive with execwrap's forwarding wrapper",
      message: (d) =>
        `\`${d.command}\` keeps the container alive but ignores the stop signal, and the container keeps running when the programs die; wait for the programs instead`,
    },
    'after-server': {
      severity: 'error',
      fix: 'safe',
      fixTitle: "Run the server as a job under execwrap's forwarding wrapper",
      message: (d) =>
        `\`${d.command}\` comes after a server that runs in the foreground: it is reached only once that server has died, and then holds the dead container (the stop signal ignored) instead of letting it end; run the server as a job and wait for the programs instead`,
    },
    interactive: {
      severity: 'error',
      fix: 'unsafe',
      fixTitle: "Replace the interactive shell with execwrap's forwarding wrapper",
      message: (d) =>
        `\`${d.command}\` keeps the container alive only while an interactive session (\`docker run -it\`) holds its input open, and without one it ends at once and takes the programs with it; it ignores the stop signal and hides crashed programs. Wait for the programs instead${d.fix === 'unsafe' ? ' (an unsafe fix: the shell prompt goes away, the container then lives as long as its programs)' : ''}`
    },
  },
  check(script, report) {
    const { launch } = script;
    // Daemons are turned into jobs first (EW111); this finding, with the wrapper, comes in the pass after.
    if (launch.ok || launch.daemons.length > 0) return;
    if (launch.unreachableKeepalive) {
      // After a foreground server: the wrapper runs the server as a job and its wait takes the keep-alive's place.
      const statement = launch.unreachableKeepalive;
      const fix = wrapperFix(script);
      report({ kind: 'after-server', start: statement.node.startIndex, end: statement.end, data: { command: statement.node.text.split('\n')[0]!, unreachable: 'true' }, ...(fix ? { fix } : {}) });
      return;
    }
    if (launch.terminal.kind !== 'keepalive') return;
    const fix = launch.background.some((j) => !j.temporary) ? wrapperFix(script) : undefined;
    const { statement } = launch.terminal;
    report({
      kind: launch.terminal.interactive ? 'interactive' : 'keep-alive',
      start: statement.node.startIndex,
      end: statement.end,
      data: {
        command: statement.node.text.split('\n')[0]!,
        ...(launch.terminal.interactive ? { interactive: 'true' } : {}),
        ...(fix?.applicability === 'unsafe' ? { fix: 'unsafe' } : {}),
      },
      ...(fix ? { fix } : {}),
    });
  },
});
