import { scriptRule } from '../analyze/model.js';

/** Without a working shebang the runtime cannot exec the script (exec format error), or runs it with another shell. */
export const EW116 = scriptRule({
  id: 'EW116',
  name: 'shebang',
  description: 'The `#!` line is missing, not on the first line, malformed, or names an init: the runtime cannot exec the script as written.',
  kinds: {
    missing: {
      severity: 'warning',
      fix: 'none',
      message: () => 'no `#!` line: `CMD ["/start.sh"]` fails with "exec format error"; analysed as POSIX sh. Add `#!/bin/sh` (or `#!/bin/bash`)',
    },
    'not-first': {
      severity: 'warning',
      fix: 'none',
      message: () => 'the `#!` line is not at the very start of the file (a blank line or byte order mark comes first), so the kernel ignores it',
    },
    malformed: {
      severity: 'warning',
      fix: 'none',
      message: () => 'the `#!` line does not name an interpreter the kernel can run (e.g. `#!/bin bash` instead of `#!/bin/bash`)',
    },
    'init-in-shebang': {
      severity: 'info',
      fix: 'none',
      message: () => 'an init is named in the `#!` line; it works, but the Dockerfile is the clearer place for it (`ENTRYPOINT ["tini", "--", …]`)',
    },
  },
  check(script, report) {
    const { shebang } = script;
    for (const problem of shebang.problems) {
      if (problem === 'not-shell') continue;
      // `["bash", "/run.sh"]` names the shell itself: the kernel never reads the `#!` line.
      if (script.shell.source === 'command' && problem !== 'init-in-shebang') continue;
      const start = shebang.start ?? 0;
      const end = shebang.end ?? 0;
      report({ kind: problem, start, end, data: { problem } });
    }
  },
});
