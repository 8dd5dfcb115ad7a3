import { posix } from 'node:path';
import { isBareInterpreter } from '../../shell/analyze/programs.js';
import { insertFirstKey } from '../analyze/edits.js';
import { manifestRule } from '../analyze/analyzed.js';
import type { AnalyzedWorkload } from '../analyze/workload.js';
import { describeWhere, where } from './shared.js';

/**
 * Compose's `init: true` runs Docker's tini as PID 1 in front of the command. Needed where PID 1 (after execwrap's
 * other fixes) is an interpreter that ignores SIGTERM without a handler (SHELL-FACTS 2), or a shell that forwards
 * signals to several programs (orphans need reaping, SHELL-FACTS 15). Not offered in front of a shell that forwards
 * nothing: tini signals only its child, the shell dies and the programs are killed anyway (SHELL-FACTS 16, measured).
 */
export const EW302 = manifestRule({
  id: 'EW302',
  name: 'compose-missing-init',
  description: 'A Compose service runs an interpreter that ignores SIGTERM as PID 1, or a multi-process shell wrapper, without `init: true` (Docker\'s tini in front).',
  kinds: {
    interpreter: { severity: 'error', fix: 'safe', fixTitle: 'Add `init: true`', message: (d) => composeInitMessage(d) },
    // `command:` keeps the image's ENTRYPOINT, and execwrap does not know this image's: it may be an init already
    // (netboxcommunity/netbox runs tini). Docker's tini in front of another tini still stops the program.
    'interpreter-image-unknown': { severity: 'warning', fix: 'safe', fixTitle: 'Add `init: true`', message: (d) => composeInitMessage(d) },
    // A forwarding shell as PID 1 works; the init only reaps orphans.
    multi: { severity: 'warning', fix: 'safe', fixTitle: 'Add `init: true`', message: (d) => composeInitMessage(d) },
  },
  check(manifest, report) {
    for (const container of manifest.containers) {
      const { workload } = container;
      if (workload.kind !== 'compose' || workload.composeInit?.value || workload.sharedPid) continue;
      const found = pid1After(container);
      if (!found) continue;
      const kind: 'interpreter' | 'interpreter-image-unknown' | 'multi' = found.kind === 'interpreter' && container.entrypointUnknown ? 'interpreter-image-unknown' : found.kind;
      const data: Record<string, string> = { ...where(workload), kind, program: found.program ?? '', image: workload.image ?? '' };
      const at = { kind, start: workload.anchor.start, end: workload.anchor.end };
      const dockerfile = manifest.built.get(workload)?.display;
      if (dockerfile) {
        report({ ...at, data: { ...data, dockerfile } });
        continue;
      }
      if (workload.composeInit) {
        report({ ...at, data: { ...data, explicit: 'yes' } });
        continue;
      }
      const edit = insertFirstKey(manifest.source, workload.map, 'init', 'true');
      report({ ...at, data, ...(edit ? { fix: { edits: [edit] } } : {}) });
    }
  },
});

function composeInitMessage(d: Record<string, string>): string {
  const what =
    d.kind === 'multi'
      ? `${describeWhere(d)} runs a shell that starts several programs as PID 1: without an init nothing reaps their orphaned children`
      : d.kind === 'interpreter-image-unknown'
        ? `\`${d.program}\` runs as PID 1 of ${describeWhere(d)} unless the ENTRYPOINT of ${d.image ? `\`${d.image}\`` : 'its image'} (an image execwrap does not know) puts an init or a script in front; as PID 1 a SIGTERM without a handler in the app is ignored and the stop ends in SIGKILL`
        : `\`${d.program}\` runs as PID 1 of ${describeWhere(d)}, where a SIGTERM without a handler in the app is ignored and the stop ends in SIGKILL`;
  if (d.dockerfile) return `${what}; the image is built from ${d.dockerfile}: put an init in front in its ENTRYPOINT (\`ENTRYPOINT ["/usr/bin/tini", "--"]\`), or add \`init: true\``;
  if (d.explicit) return `${what}; the service sets \`init: false\`: set it to \`true\``;
  return `${what}; add \`init: true\` (Docker's tini in front)`;
}

/** What runs as PID 1 once the inline script execs its program: an interpreter, or a forwarding multi-process shell. */
function pid1After(container: AnalyzedWorkload): { kind: 'interpreter' | 'multi'; program?: string } | undefined {
  const { argv, shellStart, inline, script } = container;
  if (shellStart) {
    if (shellStart.init || !inline?.report) return undefined;
    const { launch } = inline.report.script;
    if (inline.report.launcher === 'multi') return launch.ok ? { kind: 'multi' } : undefined;
    if (inline.report.launcher !== 'single') return undefined;
    const sites = launch.terminal.kind === 'programs' ? launch.terminal.sites : [];
    const program = sites[sites.length - 1]?.programName;
    return program !== undefined && isBareInterpreter(program) ? { kind: 'interpreter', program } : undefined;
  }
  if (script?.report) {
    if (script.report.launcher === 'multi') return script.report.script.launch.ok || script.report.status === 'fixable' ? { kind: 'multi' } : undefined;
    return undefined;
  }
  if (!argv || argv.length === 0) return undefined;
  const program = posix.basename(argv[0]!.text.text);
  return isBareInterpreter(program) ? { kind: 'interpreter', program } : undefined;
}
