import { jsonArray } from '../../shell/render/shell-quote.js';
import { setLaunch } from '../analyze/edits.js';
import { dockerfileRule } from '../analyze/model.js';
import { cmdThatWillReach, effectiveLaunches, PLAN_BLOCKERS } from './shared.js';

/** `CMD ["sh", "-c", "./start.sh"]`: an exec form that only starts a shell, which stays PID 1 (dash does not exec the last command). */
export const EW203 = dockerfileRule({
  id: 'EW203',
  name: 'shell-c-wrapper',
  description: 'An exec-form `["sh", "-c", "…"]` whose command does not `exec` its program keeps the shell as PID 1; run the program directly or with `exec`.',
  kinds: {
    'shell-c': {
      severity: 'error',
      fix: 'safe',
      fixTitle: 'Run the program directly or with `exec`',
      message: (d) => {
    const base = `\`${d.shell} -c\` stays PID 1 with \`${d.program || 'the program'}\` as its child, which never receives SIGTERM`;
    const fix = d.blocker ? `; cannot be rewritten automatically: ${PLAN_BLOCKERS[d.blocker] ?? d.blocker}` : `; use \`${d.keyword} ${d.replacement}\``;
    const cmd = d.cmd ? `. Note: CMD (\`${d.cmd}\`) is then passed to the program as arguments instead of to the shell as $0…` : '';
    return base + fix + cmd;
      },
    },
  },
  check(df, report) {
    for (const li of effectiveLaunches(df)) {
      if (!li.wrapper || !li.plan || li.form.kind !== 'exec') continue;
      const plan = li.plan;
      if ((plan.kind === 'exec' && !plan.changed) || (plan.kind === 'plain' && plan.exec)) continue; // `sh -c "exec app"`: the program replaces the shell
      const cmd = cmdThatWillReach(df, li);
      const data: Record<string, string> = {
        keyword: li.keyword,
        shell: li.form.argv[0]!,
        program: plan.kind === 'plain' ? plan.argv[0]! : plan.program ?? '',
        ...(cmd !== undefined && plan.kind === 'plain' ? { cmd } : {}),
      };
      if (plan.kind === 'blocked' || !li.fixedArgv) {
        report({ kind: 'shell-c', start: li.instr.start, end: li.instr.end, data: { ...data, blocker: plan.kind === 'blocked' ? plan.reason : 'no-exec-fix' } });
        continue;
      }
      report({
        kind: 'shell-c',
        start: li.instr.start,
        end: li.instr.end,
        data: { ...data, replacement: jsonArray(li.fixedArgv) },
        fix: { edits: [setLaunch(df, li, li.fixedArgv)] },
      });
    }
  },
});
