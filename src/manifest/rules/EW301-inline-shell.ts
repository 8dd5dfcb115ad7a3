import type { FindingInput, Fix } from '../../core/model.js';
import { PLAN_BLOCKERS } from '../../dockerfile/rules/shared.js';
import { manifestRule } from '../analyze/analyzed.js';
import { manifestOffset, mapScriptEdits, type AnalyzedWorkload } from '../analyze/workload.js';
import { describeWhere, where } from './shared.js';

const UNKNOWN_REASONS: Record<string, string> = {
  eval: 'the program comes from `eval`',
  daemon: 'a program is started as a daemon',
  'restart-loop': 'the program runs in a restart loop',
  detached: 'a helper is detached in a subshell',
  'keepalive-only': 'a keep-alive holds programs that daemonised themselves',
};

const SHELL_DOES: Record<string, string> = {
  dash: 'dash never execs the last command of `-c` itself, not even a lone one',
  ash: 'busybox ash execs a last simple command itself, but not this one (a trap, a pipeline, or anything after it, even a final newline, keeps it a child)',
  bash: 'bash execs a lone last command itself, but not this one (a redirection, `if`, `&`, a trap, a pipeline, or a line after it keeps it a child)',
  other: 'execwrap has not measured whether this shell execs its last command',
};

/**
 * A container's command runs a shell with `-c` that stays PID 1 with the program as its child: the inline script is
 * analysed as a script of that shell (which shell decides: dash never execs the last command, busybox ash and bash
 * sometimes do, docs/manifest-shells.md). One program: `exec` goes into the string. Several: a start script.
 */
export const EW301 = manifestRule({
  id: 'EW301',
  name: 'inline-shell-pid1',
  description: 'A container command `sh -c "…"` keeps the shell as PID 1 with the program as its child, which never receives the stop signal; `exec` the program (one) or use a start script with a forwarding wrapper (several).',
  kinds: {
    single: { severity: 'error', fix: 'safe', fixTitle: 'Start the program with `exec`', message: (d) => inlineShellMessage(d) },
    // bash 5.2 execs the lone program itself, older bash does not: right today, fragile tomorrow.
    'version-dependent': { severity: 'warning', fix: 'safe', fixTitle: 'Start the program with `exec`', message: (d) => inlineShellMessage(d) },
    // The shell execs the program itself: `exec` only says so.
    'shell-execs': { severity: 'info', fix: 'safe', fixTitle: 'Start the program with `exec`', message: (d) => inlineShellMessage(d) },
    multi: {
      severity: 'error',
      fix: 'unsafe',
      fixTitle: 'Move the programs into a start script with a forwarding wrapper',
      message: (d) => inlineShellMessage(d),
    },
    unknown: { severity: 'error', fix: 'none', message: (d) => inlineShellMessage(d) },
    // An init container runs to completion before the app starts: a lost stop signal matters less there.
    'single-init-container': { severity: 'warning', fix: 'safe', fixTitle: 'Start the program with `exec`', message: (d) => inlineShellMessage(d) },
    'multi-init-container': { severity: 'warning', fix: 'none', message: (d) => inlineShellMessage(d) },
    'unknown-init-container': { severity: 'warning', fix: 'none', message: (d) => inlineShellMessage(d) },
    syntax: { severity: 'warning', fix: 'none', message: (d) => inlineShellMessage(d) },
  },
  check(manifest, report) {
    for (const container of manifest.containers) {
      const finding = inlineFinding(container, manifest.source.text);
      if (finding) report(finding);
    }
  },
});

function inlineShellMessage(d: Record<string, string>): string {
  const shell = `\`${d.shell} -c\` in ${describeWhere(d)}`;
  const assumed = d.assumed === 'yes' ? ` (${d.basis})` : d.basis && d.shellKind !== 'bash' && d.shellKind !== 'dash' ? ` (${d.basis})` : '';
  switch (d.kind) {
    case 'single': {
      const fix = d.blocker ? `; cannot be fixed in place: ${PLAN_BLOCKERS[d.blocker] ?? d.blocker}` : '; start it with `exec`';
      if (d.verdict === 'exec') return `${shell} execs \`${d.program}\` itself${assumed}, so it gets the stop signal; \`exec\` says so without relying on the shell`;
      if (d.verdict === 'version') return `${shell}: bash 5.2 execs \`${d.program}\` itself (measured), older bash and small changes (a redirection, a trap, a comment line after it) keep it a child that never receives SIGTERM${fix}`;
      if (d.notPid1) return `${shell}: with ${d.notPid1} the shell is not PID 1, so SIGTERM ends the shell at once and \`${d.program}\`, its child, gets no signal and is SIGKILLed when the container stops${fix}`;
      return `${shell} stays PID 1 with \`${d.program}\` as its child, which never receives SIGTERM: ${SHELL_DOES[d.shellKind] ?? ''}${assumed}${fix}`;
    }
    case 'multi': {
      const how =
        d.fix === 'start-script'
          ? `\`execwrap fix --unsafe-fixes\` moves them into ${d.script}, a start script with a forwarding wrapper next to the Compose file, mounted at ${'`/execwrap`'} and run instead (unsafe: the programs now stop together when one of them exits, and the file must reach the Docker host)`
          : d.manifestKind === 'compose'
            ? `move them into a start script with a forwarding wrapper (\`execwrap fix\` writes one)${d.why ? `; not done automatically: ${d.why}` : ''}`
            : 'move them into a start script in the image with a forwarding wrapper (`execwrap fix` writes one), or run one container per program';
      return `${shell} starts ${d.count} programs (${d.programs}) and stays PID 1: nothing forwards the stop signal to them and they are SIGKILLed when the grace period ends; ${how}`;
    }
    case 'unknown':
      return `${shell} stays PID 1 and what it finally runs cannot be told safely: ${UNKNOWN_REASONS[d.reason ?? ''] ?? d.reason}`;
    default:
      return `${shell} was not checked: the script does not parse as ${d.shellKind}: ${d.error}`;
  }
}

type Input = FindingInput<keyof typeof EW301.kinds>;

function inlineFinding(container: AnalyzedWorkload, text: string): Input | undefined {
  const { shellStart: start, inline, workload } = container;
  if (!start || !inline) return undefined;
  // dumb-init (or tini -g) signals the whole process group: the program gets the signal with the shell.
  if (start.init?.group) return undefined;
  const data: Record<string, string> = {
    ...where(workload),
    manifestKind: workload.kind,
    shell: start.shell.text.text,
    shellKind: start.identity.kind,
    basis: start.identity.basis,
    ...(start.identity.assumed ? { assumed: 'yes' } : {}),
  };
  const scriptStart = start.script.text.map[0]!;
  const scriptEnd = start.script.text.map[start.script.text.text.length]!;
  if (!inline.report) return { kind: 'syntax', start: scriptStart, end: scriptEnd, data: { ...data, kind: 'syntax', error: inline.error ?? '' } };
  const { launch } = inline.report.script;
  const launcher = inline.report.launcher;
  if (launcher === 'none' || launch.ok) return undefined;
  const initContainer = workload.role === 'initContainer';
  if (launcher === 'unknown') {
    const first = launch.unknown[0];
    const at = first ? { start: manifestOffset(inline, first.start), end: manifestOffset(inline, first.end) } : { start: scriptStart, end: scriptEnd };
    return { ...at, kind: initContainer ? 'unknown-init-container' : 'unknown', data: { ...data, kind: 'unknown', reason: first?.reason ?? '' } };
  }
  if (launcher === 'multi') {
    const names = launch.programs.map((p) => `\`${p.programName ?? p.programWord?.text ?? '?'}\``);
    const first = launch.programs[0];
    const at = first ? { start: manifestOffset(inline, first.command.start), end: manifestOffset(inline, first.command.end) } : { start: scriptStart, end: scriptEnd };
    const multi = { ...data, kind: 'multi', count: String(Math.max(names.length, 2)), programs: names.join(', ') };
    const plan = container.startScript;
    if (plan && 'edits' in plan) {
      return { ...at, kind: initContainer ? 'multi-init-container' : 'multi', data: { ...multi, fix: 'start-script', script: plan.name }, fix: { edits: plan.edits, applicability: 'unsafe', files: [plan.file] } };
    }
    return { ...at, kind: initContainer ? 'multi-init-container' : 'multi', data: { ...multi, ...(plan && 'why' in plan ? { why: plan.why } : {}) } };
  }
  const sites = launch.terminal.kind === 'programs' ? launch.terminal.sites : [];
  const site = sites[sites.length - 1];
  if (!site) return undefined;
  const verdict = inline.verdict ?? 'child';
  const notPid1 = workload.sharedPid ?? (start.init ? `\`${start.init.name}\` in front` : workload.composeInit?.value ? '`init: true`' : undefined);
  const at = { start: manifestOffset(inline, site.command.start), end: manifestOffset(inline, site.command.end) };
  // A program word that is not a literal (`$APP`, a `{{ … }}` placeholder) is shown as the manifest writes it.
  const word = site.programWord ? text.slice(manifestOffset(inline, site.programWord.start), manifestOffset(inline, site.programWord.end)) : undefined;
  const single = { ...data, kind: 'single', program: site.programName ?? word ?? 'the program', verdict, ...(notPid1 && verdict !== 'exec' ? { notPid1 } : {}) };
  const ew101 = inline.report.findings.filter((f) => f.rule === 'EW101');
  const edits = ew101.every((f) => f.fix) && ew101.length > 0 ? mapScriptEdits(inline, ew101.flatMap((f) => f.fix!.edits)) : undefined;
  const kind = verdict === 'exec' ? 'shell-execs' : verdict === 'version' ? 'version-dependent' : initContainer ? 'single-init-container' : 'single';
  if (!edits || edits.length === 0) {
    const blocker = site.blocker ?? (ew101.length > 0 && ew101.every((f) => f.fix) ? 'edit' : 'no-exec-fix');
    return { ...at, kind, data: { ...single, blocker } };
  }
  const fix: Fix = { edits };
  return { ...at, kind, data: single, fix };
}
