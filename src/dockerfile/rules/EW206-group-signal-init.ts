import { jsonArray } from '../../shell/render/shell-quote.js';
import { dockerfileRule } from '../analyze/model.js';

/**
 * dumb-init (default) and `tini -g` signal the whole process group: beside a forwarding wrapper every program gets
 * the signal twice (SHELL-FACTS 17). Use `dumb-init --single-child` or tini without `-g`.
 */
export const EW206 = dockerfileRule({
  id: 'EW206',
  name: 'group-signalling-init',
  description: 'dumb-init without `--single-child`, or `tini -g`, signals the whole process group: beside a forwarding wrapper every program gets the stop signal twice.',
  kinds: {
    'group-signal': {
      severity: 'warning',
      fix: 'safe',
      fixTitle: 'Signal only the child',
      message: (d) =>
        `\`${d.init}\` sends the stop signal to the whole process group and \`${d.script}\` forwards it too: every program gets it twice; use \`${d.init === 'dumb-init' ? 'dumb-init --single-child' : 'tini without -g'}\``,
    },
  },
  check(df, report) {
    const { pid1 } = df;
    const init = pid1.init;
    if (!init || !pid1.multi || !pid1.script) return;
    const group = init.name === 'dumb-init' ? !init.options.some((o) => o === '--single-child' || o === '-c') : init.name.startsWith('tini') && init.options.includes('-g');
    if (!group) return;
    const li = df.entrypoint.kind === 'instr' ? df.entrypoint.li : undefined;
    const data = { init: init.name, script: pid1.script.imagePath };
    const argv = li?.fixedArgv;
    // Only an exec-form ENTRYPOINT of the final stage that holds the init is rewritten.
    if (!li || !li.inFinal || !argv || argv !== li.argv || init.index >= argv.length) {
      report({ kind: 'group-signal', start: (li ?? { instr: df.final.from }).instr.start, end: (li ?? { instr: df.final.from }).instr.end, data });
      return;
    }
    const fixed = [...argv];
    if (init.name === 'dumb-init') fixed.splice(init.index + 1, 0, '--single-child');
    else fixed.splice(fixed.indexOf('-g', init.index), 1);
    report({ kind: 'group-signal', start: li.instr.start, end: li.instr.end, data, fix: { edits: [{ start: li.instr.argsStart, end: li.instr.end, text: jsonArray(fixed) }] } });
  },
});
