import type { Rule } from '../model.js';
import { commandArguments, commandName } from '../../parse/nodes.js';

/** dash rejects `SIGTERM` in trap and kill ("bad trap"), and carries on without the trap. */
export const EW104: Rule = {
  id: 'EW104',
  name: 'sh-signal-name',
  severity: 'error',
  description: 'Under `#!/bin/sh`, `trap … SIGTERM` and `kill -SIGTERM` are rejected by dash: the trap is never set.',
  fixable: true,
  message: (d) => `\`${d.word}\` is rejected by dash (${d.command} says "bad ${d.command === 'trap' ? 'trap' : 'signal'}"); write \`${d.replacement}\``,
  check(script, report) {
    if (script.dialect !== 'sh') return;
    for (const node of script.index.byType('command')) {
      const name = commandName(node);
      if (name !== 'trap' && name !== 'kill') continue;
      const args = commandArguments(node);
      const signalWords = name === 'trap' ? args.slice(1) : args.filter((a, i) => /^-SIG/.test(a.text) || (i > 0 && args[i - 1]!.text === '-s'));
      for (const word of signalWords) {
        const match = /^(-?)SIG([A-Z0-9]+)$/.exec(word.text);
        if (!match) continue;
        const replacement = `${match[1]}${match[2]}`;
        report({
          start: word.startIndex,
          end: word.endIndex,
          data: { word: word.text, replacement, command: name },
          fix: { edits: [{ start: word.startIndex, end: word.endIndex, text: replacement }] },
        });
      }
    }
  },
};
