import { relative } from 'node:path';
import type { DockerfileRule } from '../analyze/model.js';

/**
 * A Dockerfile execwrap cannot check: no FROM (reported by analyzeDockerfile itself, since there is no build stage
 * to analyse), or a start script its final stage runs that does not parse (EW118 there). What the container runs
 * as PID 1 depends on that script, so no other finding is reported and nothing is changed.
 */
export const EW208: DockerfileRule = {
  id: 'EW208',
  name: 'not-checked',
  severity: 'error',
  description: 'The Dockerfile cannot be checked: it has no FROM instruction, or the start script it runs does not parse (EW118); nothing in it is changed.',
  fixable: false,
  fatal: true,
  message: (d) =>
    d.reason === 'no-from'
      ? 'no FROM instruction: this is not a Dockerfile Docker can build, and execwrap checks and changes nothing in it'
      : `not checked: the start script it runs, ${d.script}, does not parse (line ${d.line}, EW118), so what runs as PID 1 is unknown; nothing in this Dockerfile is changed`,
  check(df, report) {
    const broken = df.scripts.find((s) => s.report?.script.syntaxError);
    if (!broken) return;
    const instr = df.instructions.find((i) => i.line === broken.line) ?? df.final.from;
    const script = relative(df.options.context, broken.file).split('\\').join('/');
    report({ start: instr.start, end: instr.end, data: { reason: 'script', script, line: String(broken.report!.script.syntaxError!.line) } });
  },
};
