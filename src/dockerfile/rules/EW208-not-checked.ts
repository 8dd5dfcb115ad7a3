import { relative } from 'node:path';
import { dockerfileRule } from '../analyze/model.js';

/**
 * A Dockerfile execwrap cannot check: no FROM (reported by analyzeDockerfile itself, since there is no build stage
 * to analyse), or a start script its final stage runs that does not parse (EW118 there). What the container runs
 * as PID 1 depends on that script, so no other finding is reported and nothing is changed.
 */
export const EW208 = dockerfileRule({
  id: 'EW208',
  name: 'not-checked',
  description: 'The Dockerfile cannot be checked: it has no FROM instruction, or the start script it runs does not parse (EW118); nothing in it is changed.',
  fatal: true,
  kinds: {
    'script-syntax-error': {
      severity: 'error',
      fix: 'none',
      message: (d) =>
        `not checked: the start script it runs, ${d.script}, does not parse (line ${d.line}, EW118), so what runs as PID 1 is unknown; nothing in this Dockerfile is changed`,
    },
    'no-from': {
      severity: 'error',
      fix: 'none',
      message: () => 'no FROM instruction: this is not a Dockerfile Docker can build, and execwrap checks and changes nothing in it',
    },
  },
  check(df, report) {
    const broken = df.scripts.find((s) => s.report?.script.syntaxError);
    if (!broken) return;
    const instr = df.instructions.find((i) => i.line === broken.line) ?? df.final.from;
    const script = relative(df.options.context, broken.file).split('\\').join('/');
    report({ kind: 'script-syntax-error', start: instr.start, end: instr.end, data: { reason: 'script', script, line: String(broken.report!.script.syntaxError!.line) } });
  },
});
