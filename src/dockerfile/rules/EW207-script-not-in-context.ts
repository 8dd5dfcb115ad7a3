import { dockerfileRule } from '../analyze/model.js';

/** A start script the image runs but the build context does not provide: execwrap could not look at it. */
export const EW207 = dockerfileRule({
  id: 'EW207',
  name: 'script-not-in-context',
  description: 'The start script ENTRYPOINT/CMD runs is not copied in from the build context, so execwrap could not check it.',
  kinds: {
    'not-in-context': {
      severity: 'warning',
      fix: 'none',
      message: (d) =>
        `\`${d.script}\` is not copied in from the build context by any COPY/ADD of the final image (it may come from the base image, or be missing), so execwrap could not check how it starts its programs; check it with \`execwrap check\`, or pass the right \`--context\``,
    },
  },
  check(df, report) {
    const missing = df.pid1.missing;
    if (!missing) return;
    const instr = missing.from?.instr ?? df.final.from;
    report({ kind: 'not-in-context', start: instr.start, end: instr.end, data: { script: missing.word } });
  },
});
