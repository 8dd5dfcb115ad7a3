import { manifestRule } from '../analyze/analyzed.js';
import { describeWhere, where } from './shared.js';

/**
 * The kubelet counts the grace period from before the preStop hook runs (SHELL-FACTS 20): a preStop that sleeps as
 * long as the grace period, or longer, uses all of it, and the container is SIGKILLed without ever getting SIGTERM.
 */
export const EW303 = manifestRule({
  id: 'EW303',
  name: 'prestop-outlasts-grace',
  description: 'A `lifecycle.preStop` sleep as long as the pod\'s `terminationGracePeriodSeconds`, or longer: the grace period runs out during the hook and the app is SIGKILLed without ever receiving SIGTERM.',
  kinds: {
    'prestop-sleep': {
      severity: 'error',
      fix: 'none',
      message: (d) =>
        `the preStop hook of ${describeWhere(d)} sleeps ${d.sleep} s, ${d.sleep === d.grace ? 'as long as' : 'longer than'} the grace period (${d.graceSource}): the kubelet counts the grace period from before the hook, so it SIGKILLs the container without ever sending SIGTERM; sleep less than ${d.grace} s, or raise terminationGracePeriodSeconds to cover the sleep and the app's own shutdown`,
    },
  },
  check(manifest, report) {
    for (const { workload } of manifest.containers) {
      const sleep = workload.preStop?.sleepSeconds;
      if (workload.kind !== 'kubernetes' || sleep === undefined || sleep < workload.grace.seconds) continue;
      const [start, end] = workload.preStop!.node.range ?? [workload.anchor.start, workload.anchor.end];
      report({
        kind: 'prestop-sleep',
        start,
        end,
        data: {
          ...where(workload),
          sleep: String(sleep),
          grace: String(workload.grace.seconds),
          graceSource: workload.grace.source === 'manifest' ? `terminationGracePeriodSeconds: ${workload.grace.seconds}` : `the default ${workload.grace.seconds} s`,
        },
      });
    }
  },
});
