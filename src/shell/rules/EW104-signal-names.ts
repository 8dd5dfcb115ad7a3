import { scriptRule } from '../analyze/model.js';
import { commandArguments, commandName } from '../parse/nodes.js';
import { describeShell, shellData, shellUnderstands } from '../parse/shells.js';

/**
 * dash rejects `SIGTERM` in trap and kill ("bad trap"), and carries on without the trap; bash started as `sh`
 * (the RHEL family's /bin/sh) rejects it in kill only. Busybox ash and bash accept both (docs/shells.md).
 */
export const EW104 = scriptRule({
  id: 'EW104',
  name: 'sh-signal-name',
  description: 'Under `#!/bin/sh` read by dash, `trap … SIGTERM` and `kill -SIGTERM` are rejected (by bash as sh, the `kill` form): the trap is never set.',
  kinds: {
    'signal-name': {
      severity: 'error',
      fix: 'safe',
      fixTitle: 'Write the signal name without SIG',
      message: (d) => `\`${d.word}\` is rejected by ${describeShell(d)}: ${d.command} says "${COMPLAINTS[`${d.shell}:${d.command}`] ?? 'bad signal'}"; write \`${d.replacement}\``,
    },
  },
  check(script, report) {
    for (const node of script.index.byType('command')) {
      const name = commandName(node);
      if (name !== 'trap' && name !== 'kill') continue;
      if (shellUnderstands(script.shell.name, `${name}-sig-name`)) continue;
      const args = commandArguments(node);
      const signalWords = name === 'trap' ? args.slice(1) : args.filter((a, i) => /^-SIG/.test(a.text) || (i > 0 && args[i - 1]!.text === '-s'));
      for (const word of signalWords) {
        const match = /^(-?)SIG([A-Z0-9]+)$/.exec(word.text);
        if (!match) continue;
        const replacement = `${match[1]}${match[2]}`;
        report({
        kind: 'signal-name',
          start: word.startIndex,
          end: word.endIndex,
          data: { word: word.text, replacement, command: name, ...shellData(script.shell) },
          fix: { edits: [{ start: word.startIndex, end: word.endIndex, text: replacement }] },
        });
      }
    }
  },
});

/** What each shell prints (measured). */
const COMPLAINTS: Record<string, string> = {
  'dash:trap': 'bad trap',
  'dash:kill': 'invalid signal number or name',
  'bash-posix:kill': 'invalid signal specification',
};
