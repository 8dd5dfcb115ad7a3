import { posix } from 'node:path';
import { manifestRule } from '../analyze/analyzed.js';
import { SHELL_NAMES } from '../analyze/shells.js';
import { describeWhere, where } from './shared.js';

const OPERATORS = new Set(['&&', '||', ';', '|', '&', '>', '>>', '<', '2>&1', '&>', ';;']);

/**
 * A shell operator in a command line that no shell runs. Kubernetes and Compose lists pass `&&` to the program as a
 * literal argument; Compose's string form is split by compose-go (go-shellwords), which stops at the first unquoted
 * `;`, `&`, `|`, `<` or `>` and drops the rest without a word.
 */
export const EW304 = manifestRule({
  id: 'EW304',
  name: 'operator-without-shell',
  description: 'A shell operator (`&&`, `;`, a pipe, `>`) in a container command that no shell runs: a list passes it to the program as an argument, and Compose\'s string form silently drops everything from it on.',
  kinds: {
    literal: {
      severity: 'error',
      fix: 'none',
      message: (d) =>
        `\`${d.operator}\` in the \`${d.field}\` of ${describeWhere(d)} reaches \`${d.program}\` as a literal argument: no shell runs this command line; write the shell out (\`["sh", "-c", "… && exec …"]\`) or use a start script`,
    },
    dropped: {
      severity: 'error',
      fix: 'none',
      message: (d) =>
        `Compose splits the \`${d.field}\` of ${describeWhere(d)} into words without a shell and stops at \`${d.operator}\`: \`${d.rest}\` is never run, only \`${d.kept}\` is; write the shell out (\`["sh", "-c", "… && exec …"]\`) or use a start script`,
    },
  },
  check(manifest, report) {
    for (const container of manifest.containers) {
      const { workload, argv, shellStart } = container;
      if (shellStart) continue;
      for (const field of [workload.entrypoint, workload.cmd]) {
        if (!field?.droppedFrom) continue;
        const kept = field.words.map((w) => w.text.text).join(' ');
        const [, end] = field.value?.range ?? [field.droppedFrom.offset, field.droppedFrom.offset];
        report({ kind: 'dropped', start: field.droppedFrom.offset, end, data: { ...where(workload), form: 'dropped', field: field.name, operator: field.droppedFrom.text.split(/\s/)[0]!, rest: field.droppedFrom.text.replace(/^\S+\s*/, ''), kept } });
      }
      if (!argv || argv.length === 0) continue;
      const program = posix.basename(argv[0]!.text.text);
      if (SHELL_NAMES.has(program)) continue;
      const word = argv.find((w) => w.item >= 0 && OPERATORS.has(w.text.text));
      if (!word || word.field.form === 'string') continue;
      const [start, end] = word.node.range ?? [0, 0];
      report({ kind: 'literal', start, end, data: { ...where(workload), form: 'literal', field: word.field.name, operator: word.text.text, program } });
    }
  },
});
