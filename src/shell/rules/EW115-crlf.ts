import { scriptRule } from '../analyze/model.js';

/** A CR at the end of the shebang makes the kernel look for `/bin/sh\r`: the container does not start. */
export const EW115 = scriptRule({
  id: 'EW115',
  name: 'crlf-line-endings',
  description: 'CRLF line endings: the kernel reads the interpreter as `sh\\r` ("bad interpreter") and shells see stray `\\r` characters.',
  kinds: {
    'crlf': {
      severity: 'error',
      fix: 'none',
      message: (d) => `the file has ${d.kind} line endings; Linux shells read the \\r as part of each line (the shebang fails with "bad interpreter"). Convert it with \`dos2unix\` or \`sed -i 's/\\r$//'\``,
    },
  },
  check(script, report) {
    const { source } = script;
    if (source.eol !== '\r\n' && !source.mixedEol) return;
    const first = source.text.indexOf('\r\n');
    report({ kind: 'crlf', start: first, end: first, data: { kind: source.mixedEol ? 'mixed CRLF and LF' : 'CRLF (Windows)' } });
  },
});
