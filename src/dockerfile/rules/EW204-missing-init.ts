import type { TextEdit } from '../../core/model.js';
import { jsonArray } from '../../shell/render/shell-quote.js';
import { mergeInsertions } from '../../core/apply.js';
import { beforeAttachedComments, finalStageEnd, lineStartOf } from '../analyze/edits.js';
import { isBareInterpreter } from '../../shell/analyze/programs.js';
import { initPath, type InitName } from '../analyze/images.js';
import { dockerfileRule, type AnalyzedDockerfile } from '../analyze/model.js';
import { commandForm } from '../analyze/parse.js';
import { installManager, renderInitInstall, renderInstruction } from '../analyze/render.js';
import { cmdWouldWakeUp } from './shared.js';

const POSIX_SHELLS = /^(sh|bash|dash|ash|zsh|ksh|mksh)$/;

/**
 * PID 1 is a program that leaves SIGTERM at its default action (node, python… without a handler: as PID 1 the
 * signal is dropped, SHELL-FACTS 2) or a multi-process launcher (orphans need reaping, SHELL-FACTS 15): put an
 * init in front, installed with the base image's own package manager.
 */
const INSTALL_INIT = 'Install an init and put it in front in ENTRYPOINT';

export const EW204 = dockerfileRule({
  id: 'EW204',
  name: 'missing-init',
  description: 'PID 1 is an interpreter that ignores SIGTERM without a handler, or a multi-process launcher: install an init (tini, dumb-init) and put it in front in ENTRYPOINT.',
  kinds: {
    interpreter: { severity: 'error', fix: 'safe', fixTitle: INSTALL_INIT, message: missingInitMessage },
    // A base image execwrap does not know may set its own ENTRYPOINT, which the new one would replace, and which may
    // be an init already (jupyter/docker-stacks: `tini -g -- start.sh`): a warning that says so, not an error.
    'interpreter-unknown-base': { severity: 'warning', fix: 'unsafe', fixTitle: INSTALL_INIT, message: missingInitMessage },
    // A forwarding start script as PID 1 works; the init only reaps orphans and survives a crash of the wrapper.
    multi: { severity: 'warning', fix: 'safe', fixTitle: INSTALL_INIT, message: missingInitMessage },
    'multi-unknown-base': { severity: 'warning', fix: 'unsafe', fixTitle: INSTALL_INIT, message: missingInitMessage },
    // `--init none`: the user chose no init, so this is advice for `docker run --init`.
    'init-none': { severity: 'warning', fix: 'none', message: missingInitMessage },
  },
  check(df, report) {
    const { pid1 } = df;
    if (pid1.init || pid1.argv.length === 0) return;
    const interpreter = !pid1.multi && pid1.program !== undefined && isBareInterpreter(pid1.program) && !isInteractiveShell(pid1.argv, pid1.program);
    if (!pid1.multi && !interpreter) return;
    const anchor = df.entrypoint.kind === 'instr' ? df.entrypoint.li.instr : df.cmd.kind === 'instr' ? df.cmd.li.instr : df.final.from;
    const data: Record<string, string> = {
      kind: pid1.multi ? 'multi' : 'interpreter',
      program: pid1.program ?? '',
      script: pid1.script?.imagePath ?? '',
      base: df.baseImage ?? '',
    };
    const kind = pid1.multi ? ('multi' as const) : ('interpreter' as const);
    const at = { start: anchor.start, end: anchor.end };
    if (df.options.init === 'none') {
      if (interpreter) report({ ...at, kind: 'init-none', data: { ...data, reason: 'init-none' } });
      return;
    }
    const init: InitName = df.options.init;
    const built = buildFix(df, init);
    if ('reason' in built) {
      report({ ...at, kind, data: { ...data, init, reason: built.reason } });
      return;
    }
    // On a base image execwrap does not know, a new ENTRYPOINT may silently replace the base's own (docker-stacks'
    // `tini -g -- start.sh`): offered, not applied without --unsafe-fixes.
    const unknownEntrypoint = df.entrypoint.kind === 'base' && !df.base.entrypoint;
    report({
      ...at,
      kind: unknownEntrypoint ? `${kind}-unknown-base` : kind,
      data: { ...data, init, manager: built.manager, entrypoint: jsonArray(built.entrypoint), ...(unknownEntrypoint ? { baseEntrypoint: 'unknown' } : {}) },
      fix: { edits: built.edits, ...(unknownEntrypoint ? { applicability: 'unsafe' as const } : {}) },
    });
  },
});

function missingInitMessage(d: Record<string, string>): string {
  const what =
    d.kind === 'multi'
      ? `\`${d.script}\` starts several programs and runs as PID 1: without an init in front nothing reaps their orphaned children, and a crash of the wrapper kills every program at once`
      : d.baseEntrypoint === 'unknown'
        ? `\`${d.program}\` runs as PID 1 unless ${d.base} sets an ENTRYPOINT in front of it (execwrap does not know that image); as PID 1, a SIGTERM without a handler in the app is ignored and the stop ends in SIGKILL`
        : `\`${d.program}\` runs as PID 1, where a SIGTERM without a handler in the app is ignored and the stop ends in SIGKILL`;
  if (d.reason) return `${what}; ${REASONS[d.reason] ?? d.reason}`;
  const note =
    d.baseEntrypoint === 'unknown'
      ? ` (an unsafe fix: execwrap does not know whether ${d.base} sets its own ENTRYPOINT; if it does, the new one replaces it: add it after \`${d.init}\`'s arguments)`
      : '';
  return `${what}; install ${d.init} (${d.manager}) and start it in front: \`ENTRYPOINT ${d.entrypoint}\`${note}`;
}

/**
 * `CMD ["php", "-a"]`, `CMD ["node"]`, `CMD ["python3"]`: an interactive prompt, the placeholder CMD of a base image
 * (docker-library's php, node, python) that every image built on it replaces. No server runs there to stop.
 */
function isInteractiveShell(argv: readonly string[], program: string): boolean {
  const at = argv.map((word) => word.slice(word.lastIndexOf('/') + 1)).lastIndexOf(program);
  return at !== -1 && argv.slice(at + 1).every((arg) => arg === '-a' || arg === '-i' || arg === '--interactive');
}

const REASONS: Record<string, string> = {
  'init-none': 'no init was asked for (--init none): run the container with `docker run --init` (compose: `init: true`), or handle SIGTERM in the app',
  'no-package-manager': 'the base image has no package manager (distroless, scratch, busybox): copy a static tini in from a build stage (`COPY --from=…`) or run with `docker run --init` (compose: `init: true`)',
  'unknown-package-manager': 'the base image and its RUN lines do not say which package manager it has; install tini or dumb-init by hand and put it first in ENTRYPOINT, or run with `docker run --init`',
  'no-epel-release': 'on this RHEL-family base tini and dumb-init come only from EPEL, which its own repositories do not offer; enable EPEL by hand (or copy a static tini in), or run with `docker run --init`; the start script fix alone still applies',
  shell: 'the SHELL instruction is not a POSIX shell, so execwrap does not write the RUN line that installs it',
  'entrypoint-not-exec': 'the ENTRYPOINT cannot be put in exec form automatically (see EW201/EW202)',
  'entrypoint-cmd-would-run': 'the ENTRYPOINT is in shell form, and in exec form (which the init needs) the CMD it ignores today would start to run; convert it first (EW201), then run `execwrap fix` again',
};

function buildFix(df: AnalyzedDockerfile, init: InitName): { edits: TextEdit[]; entrypoint: string[]; manager: string } | { reason: string } {
  const manager = installManager(df.packageManager, df.base.epelRelease);
  if (!manager) {
    if (df.packageManager === 'none') return { reason: 'no-package-manager' };
    if (df.packageManager === 'unknown') return { reason: 'unknown-package-manager' };
    return { reason: 'no-epel-release' };
  }
  const eol = df.source.eol;
  const stage = df.final.instructions.slice(1);
  const anchor = stage.find((i) => i.keyword === 'USER' || i.keyword === 'ENTRYPOINT' || i.keyword === 'CMD');
  // The install runs with the SHELL in effect where it goes.
  let shell = '/bin/sh';
  for (const instr of df.chain.flatMap((s) => s.instructions)) {
    if (anchor && instr.start >= anchor.start) break;
    const form = instr.keyword === 'SHELL' ? commandForm(instr.rest) : undefined;
    if (form?.kind === 'exec' && form.argv[0]) shell = form.argv[0];
  }
  if (!POSIX_SHELLS.test(shell.split('/').pop()!)) return { reason: 'shell' };

  const path = initPath(init, manager);
  const prefix = init === 'tini' ? [path, '--'] : df.pid1.multi ? [path, '--single-child'] : [path];
  const end = finalStageEnd(df);
  const edits: TextEdit[] = [];
  const user = df.stageUser !== undefined && !/^(root|0)(:(root|0))?$/.test(df.stageUser) ? df.stageUser : undefined;
  const install = renderInitInstall({ init, manager, ...(user !== undefined ? { user } : {}), eol });
  const at = anchor ? beforeAttachedComments(df, anchor) : undefined;
  if (at !== undefined) edits.push({ start: at, end: at, text: install });
  else edits.push({ start: end.at, end: end.at, text: end.prefix + install });

  let entrypoint: string[];
  const { cmd } = df;
  const cmdLine = cmd.kind === 'instr' && !cmd.li.inFinal ? renderInstruction('CMD', cmd.li.fixedArgv ?? cmd.li.argv, eol) : '';
  if (df.entrypoint.kind === 'instr') {
    const li = df.entrypoint.li;
    if (!li.fixedArgv) return { reason: 'entrypoint-not-exec' };
    // Putting the init in front writes the ENTRYPOINT in exec form, which would start running a CMD that the
    // shell form ignores today: that change is EW201's to offer (unsafe), not this safe fix's.
    if (li.form.kind === 'shell' && cmdWouldWakeUp(df, li)) return { reason: 'entrypoint-cmd-would-run' };
    entrypoint = [...prefix, ...li.fixedArgv];
    if (li.inFinal) edits.push({ start: li.instr.argsStart, end: li.instr.end, text: jsonArray(entrypoint) });
    // A new ENTRYPOINT drops a CMD inherited from the earlier stage: repeat it.
    else edits.push({ start: end.at, end: end.at, text: (anchor ? end.prefix : '') + renderInstruction('ENTRYPOINT', entrypoint, eol) + cmdLine });
  } else {
    entrypoint = [...prefix, ...(df.base.entrypoint ?? [])];
    const line = renderInstruction('ENTRYPOINT', entrypoint, eol);
    if (cmd.kind === 'instr' && cmd.li.inFinal) edits.push({ start: lineStartOf(df, cmd.li.instr), end: lineStartOf(df, cmd.li.instr), text: line });
    else edits.push({ start: end.at, end: end.at, text: (anchor ? end.prefix : '') + line + cmdLine });
  }
  return { edits: mergeInsertions(edits), entrypoint, manager };
}
