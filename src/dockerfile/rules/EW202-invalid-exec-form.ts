import { dockerfileRule } from '../analyze/model.js';
import { effectiveLaunches } from './shared.js';

/** `CMD ["app", $X]` is not JSON, so Docker silently runs the whole text with `/bin/sh -c` (SHELL-FACTS 22). */
export const EW202 = dockerfileRule({
  id: 'EW202',
  name: 'invalid-exec-form',
  description: 'A CMD/ENTRYPOINT written like an exec form is not valid JSON, so Docker silently runs the whole text as a shell command.',
  kinds: {
    'invalid-json': {
      severity: 'error',
      fix: 'none',
      message: (d) =>
        `${d.keyword} \`${d.text}\` is not a valid JSON array (${d.why}), so Docker runs it as a shell command: \`${d.shell}\` becomes PID 1 and the brackets become part of the command; write a valid exec form (double-quoted strings only; variables need \`["/bin/sh", "-c", "exec app \\"$X\\""]\`)`,
    },
  },
  check(df, report) {
    for (const li of effectiveLaunches(df)) {
      if (li.form.kind !== 'broken-json') continue;
      const text = li.form.text;
      const why = /'/.test(text)
        ? 'single quotes'
        : /\$/.test(text)
          ? 'an unquoted variable'
          : !text.trimEnd().endsWith(']')
            ? 'no closing bracket'
            : 'not JSON';
      report({ kind: 'invalid-json', start: li.instr.start, end: li.instr.end, data: { keyword: li.keyword, text, why, shell: li.shell.join(' ') } });
    }
  },
});
