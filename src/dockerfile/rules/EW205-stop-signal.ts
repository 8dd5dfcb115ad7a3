import { dockerfileRule } from '../analyze/model.js';

/** Signals execwrap's own forwarding wrapper passes on (docs/wrapper.md). */
const WRAPPER_FORWARDS = new Set(['TERM', 'INT', 'QUIT', 'HUP']);
const NUMBERS: Record<string, string> = { '1': 'HUP', '2': 'INT', '3': 'QUIT', '9': 'KILL', '10': 'USR1', '12': 'USR2', '15': 'TERM', '28': 'WINCH' };

export function signalName(value: string): string {
  const v = value.trim().replace(/^"(.*)"$/, '$1').toUpperCase();
  return NUMBERS[v] ?? v.replace(/^SIG/, '');
}

/**
 * The image stops with a signal other than TERM (STOPSIGNAL, or the base image's: nginx and php-fpm use QUIT), and
 * the start script in front of the programs does not pass that signal on.
 */
export const EW205 = dockerfileRule({
  id: 'EW205',
  name: 'stop-signal-not-forwarded',
  description: 'The image stops with a signal other than SIGTERM (STOPSIGNAL, or nginx/php-fpm base images: SIGQUIT) that the start script in front of the programs does not forward.',
  kinds: {
    'signal-not-forwarded': {
      severity: 'error',
      fix: 'none',
      message: (d) =>
        `the container is stopped with SIG${d.signal} (${d.origin}), but \`${d.script}\` ${d.why === 'wrapper' ? "runs execwrap's wrapper, which forwards only TERM, INT, QUIT and HUP" : `traps only ${d.traps || 'no signals'}`}: the programs never get SIG${d.signal}; add ${d.signal} to the forwarding trap${d.why === 'wrapper' ? ', or set `STOPSIGNAL SIGTERM`' : ''}`,
    },
  },
  check(df, report) {
    const stop = df.stopSignal;
    const script = df.pid1.script;
    if (!stop || !script?.report) return;
    const signal = signalName(stop.signal);
    if (signal === 'TERM' || signal === 'KILL') return;
    const { report: sr } = script;
    const { launch } = sr.script;
    let why: string | undefined;
    let traps = '';
    if (launch.generated || (sr.launcher === 'multi' && !launch.ok && sr.status === 'fixable')) {
      // execwrap's wrapper, as it is or as `execwrap fix` will write it.
      if (!WRAPPER_FORWARDS.has(signal)) why = 'wrapper';
    } else if (sr.launcher === 'multi' && launch.ok) {
      const forwarded = new Set(launch.traps.filter((t) => t.forwards).flatMap((t) => t.signalNames.map(signalName)));
      if (!forwarded.has(signal)) {
        why = 'traps';
        traps = [...forwarded].join(' ');
      }
    }
    if (!why) return;
    const at = stop.instr ?? df.chain[0]!.from;
    report({
        kind: 'signal-not-forwarded',
      start: at.start,
      end: at.end,
      data: { signal, origin: stop.instr ? `STOPSIGNAL on line ${stop.instr.line}` : `set by the base image ${df.baseImage}`, script: script.imagePath, why, traps },
    });
  },
});
