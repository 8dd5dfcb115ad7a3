import { scriptRule } from '../analyze/model.js';
import { commandArguments, literalWord } from '../parse/nodes.js';
import { SCRIPT_RUNNERS } from '../analyze/programs.js';

/** npm/yarn start put a package manager and a shell between the signal and node. */
export const EW110 = scriptRule({
  id: 'EW110',
  name: 'script-runner-launch',
  description: '`npm start`/`yarn start` as the main program adds a package manager and a shell between the signal and the app; run `node` directly.',
  kinds: {
    'script-runner': {
      severity: 'warning',
      fix: 'none',
      message: (d) => `\`${d.command}\` puts ${d.runner} and a shell between the stop signal and the app, and hides its exit status; run the command from package.json's "${d.script}" script directly (e.g. \`exec node server.js\`)`,
    },
  },
  check(script, report) {
    for (const site of script.launch.programs) {
      if (!site.programName || !SCRIPT_RUNNERS.has(site.programName) || !site.programWord) continue;
      const words = commandArguments(site.command).filter((a) => a.startIndex > site.programWord!.startIndex).map((a) => literalWord(a) ?? a.text);
      const scriptName = words[0] === 'run' || words[0] === 'run-script' ? words[1] : words[0];
      if (!scriptName) continue;
      report({
        kind: 'script-runner',
        start: site.command.startIndex,
        end: site.command.endIndex,
        data: { command: `${site.programName} ${words.join(' ')}`.trim(), runner: site.programName, script: scriptName },
      });
    }
  },
});
