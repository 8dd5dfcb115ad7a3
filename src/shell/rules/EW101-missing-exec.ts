import { scriptRule, type AnalyzedScript } from '../analyze/model.js';
import type { ProgramSite } from '../analyze/launch.js';
import { execFix, hasExitTrap } from '../fixes/launch-fixes.js';
import { PRIVILEGE_FORKERS } from '../analyze/programs.js';

/** The one program the script ends in runs as a child of the shell, which never passes the stop signal on. */
export const EW101 = scriptRule({
  id: 'EW101',
  name: 'missing-exec',
  description: 'The final program runs as a child of the shell, so it never receives the stop signal; start it with `exec`.',
  kinds: {
    'missing-exec': {
      severity: 'error',
      fix: 'safe',
      fixTitle: 'Start the program with `exec`',
      message: (d) =>
        d.blocker
          ? `\`${d.program}\` runs as a child of the shell and never receives SIGTERM; ${blockerText(d)}`
          : `\`${d.program}\` runs as a child of the shell and never receives SIGTERM; start it with \`exec\``,
    },
    // The command word may not name a program (set outside the script, or by a file that could not be read).
    'unsure-program': {
      severity: 'error',
      fix: 'unsafe',
      fixTitle: 'Start the program with `exec` (if it is a program)',
      message: (d) =>
        `\`${d.program}\` runs as a child of the shell and never receives SIGTERM; start it with \`exec\`${d.caveat ? `: ${CAVEATS[d.caveat]!(d)}` : ''}`,
    },
  },
  check(script, report) {
    const { launch } = script;
    if (launch.launcher !== 'single' || launch.ok || launch.background.some((j) => !j.temporary)) return;
    if (launch.terminal.kind !== 'programs') return;
    for (const site of launch.terminal.sites) {
      // su/sudo: adding exec is only half a fix; EW109 says what to use instead.
      if (site.exec || (site.programName !== undefined && PRIVILEGE_FORKERS.has(site.programName))) continue;
      const fix = execFix(script, site);
      const blocker = fix ? undefined : site.blocker ?? (hasExitTrap(script) ? 'exit-trap' : undefined);
      report({
        kind: fix?.applicability === 'unsafe' ? 'unsure-program' : 'missing-exec',
        start: site.command.startIndex,
        end: site.command.endIndex,
        data: {
          program: site.programName ?? site.programWord?.text ?? site.command.text,
          ...(blocker ? { blocker } : {}),
          ...(fix?.applicability === 'unsafe' && site.caveat ? { caveat: site.caveat } : {}),
          ...wordData(script, site),
        },
        ...(fix ? { fix } : {}),
      });
    }
  },
});

const BLOCKERS: Record<string, string> = {
  'or-fallback': 'a `||` fallback follows it, which `exec` would skip; restructure by hand',
  subshell: 'it runs inside `( … )`, where `exec` replaces only the subshell; move it out of the subshell',
  'cleanup-in-block': 'cleanup lines follow it inside a function or branch, which `exec` would skip',
  pipeline: 'its output is piped into another command, which would receive the signal instead',
  'exit-trap': 'an EXIT trap is set, which `exec` would skip, and the program runs inside a branch or function where execwrap cannot put its wrapper; restructure by hand',
};

/** The words for the blockers that name a variable, a value or a sourced file. */
function blockerText(d: Record<string, string>): string {
  switch (d.blocker) {
    case 'holds-exec':
      return `\`$${d.variable}\` is \`exec …\` on line ${d.execLine} but \`${d.value}\` on line ${d.valueLine}, so \`exec\` cannot go in front of it (it would run \`exec exec …\`); start that value with \`exec\``;
    case 'function-value':
      return `\`$${d.variable}\` holds \`${d.value}\` (line ${d.valueLine}), a function or builtin, which \`exec\` cannot run; put \`exec\` in front of the program inside it`;
    case 'external-function':
      return `it runs \`${d.inner}\` inside a function defined in ${d.file}, without \`exec\`; add \`exec\` there`;
    case 'maybe-function':
      return `${d.file} (sourced on line ${d.sourcedLine}) could not be read (${d.why}) and may define \`${d.program}\` as a function, which \`exec\` cannot run; \`exec\` is not added: add it by hand if \`${d.program}\` is a program`;
    default:
      return BLOCKERS[d.blocker!] ?? 'it cannot be fixed automatically';
  }
}

const CAVEATS: Record<string, (d: Record<string, string>) => string> = {
  environment: (d) =>
    `an unsafe fix, because \`$${d.variable}\` is set outside the script: right when it names a program, wrong when it holds \`exec …\`, a function or a builtin`,
  'maybe-function': (d) =>
    `an unsafe fix, because ${d.file} (sourced on line ${d.sourcedLine}) could not be read (${d.why}): if it defines a function \`${d.program}\`, \`exec\` would fail`,
};

const UNREAD: Record<string, string> = {
  computed: 'its path is computed at run time',
  'not-found': 'no such file beside the script',
  'image-path': 'a path inside the image',
};

function wordData(script: AnalyzedScript, site: ProgramSite): Record<string, string> {
  const { word } = site;
  if (!word) return {};
  // A line in the script, or in the sourced file the node comes from.
  const line = (node: { startIndex: number; startPosition: { row: number } }, origin?: string) =>
    origin === undefined ? String(script.lines.position(node.startIndex).line) : `${node.startPosition.row + 1} of ${origin}`;
  return {
    ...(word.variable ? { variable: word.variable } : {}),
    ...(word.withExec ? { execLine: line(word.withExec.node, word.withExec.origin) } : {}),
    ...(word.other ? { value: word.other.text.split('\n')[0]!, valueLine: line(word.other.node, word.other.origin) } : {}),
    ...(word.inner ? { inner: word.inner } : {}),
    ...(word.file
      ? {
          file: word.file.path ?? word.file.written,
          ...(word.file.problem ? { why: UNREAD[word.file.problem]!, sourcedLine: line(word.file.command, word.file.origin) } : {}),
        }
      : {}),
  };
}
