/**
 * Which shell a container's `sh`/`bash` is, and whether that shell execs the last command of `-c` itself (so the
 * program replaces it as PID 1). Each answer is a measured behaviour: docs/manifest-shells.md.
 */
import { posix } from 'node:path';
import { SHELL_PROGRAMS } from '../../shell/parse/shells.js';
import type { ScriptReport } from '../../shell/analyze-script.js';
import { baseImageInfo, parseImageRef } from '../../dockerfile/analyze/images.js';

export type ShellKind = 'dash' | 'bash' | 'ash' | 'other';

export interface ShellIdentity {
  kind: ShellKind;
  /** The word as written: `sh`, `/bin/bash`. */
  word: string;
  /** No image told which shell `sh` is: the verdict assumes dash (Debian and Ubuntu's /bin/sh). */
  assumed: boolean;
  /** Where the answer comes from, for messages: `alpine's /bin/sh is busybox ash`. */
  basis: string;
}

export const SHELL_NAMES: ReadonlySet<string> = new Set([...SHELL_PROGRAMS, 'busybox']); // `busybox sh -c '…'` too

/** The shell a word names in an image (`image`: the base image of a Dockerfile in the repository, or the `image:` itself). */
export function identifyShell(word: string, next: string | undefined, image: string | undefined): ShellIdentity {
  const name = posix.basename(word);
  if (name === 'busybox' || word.startsWith('/busybox/')) return { kind: 'ash', word, assumed: false, basis: 'busybox sh is busybox ash' };
  if (name === 'bash') return { kind: 'bash', word, assumed: false, basis: 'bash' };
  if (name === 'dash') return { kind: 'dash', word, assumed: false, basis: 'dash' };
  if (name === 'ash') return { kind: 'ash', word, assumed: false, basis: 'busybox ash' };
  if (name !== 'sh') return { kind: 'other', word, assumed: false, basis: name };
  void next;
  if (image === undefined) return { kind: 'dash', word, assumed: true, basis: 'no image is named, so this assumes dash, the /bin/sh of Debian and Ubuntu images' };
  const info = baseImageInfo(image);
  const ref = parseImageRef(image);
  if (info.packageManager === 'apk' || ref.name === 'busybox') return { kind: 'ash', word, assumed: false, basis: `${image}'s /bin/sh is busybox ash` };
  if (info.packageManager === 'apt') return { kind: 'dash', word, assumed: false, basis: `${image}'s /bin/sh is dash` };
  if (info.packageManager === 'dnf' || info.packageManager === 'yum' || info.packageManager === 'microdnf') return { kind: 'bash', word, assumed: false, basis: `${image}'s /bin/sh is bash` };
  return { kind: 'dash', word, assumed: true, basis: `execwrap does not know ${image}, so this assumes dash, the /bin/sh of Debian and Ubuntu images (busybox ash on Alpine would exec a last simple command itself)` };
}

/**
 * What happens to the final program of a `-c` script that does not `exec` it: `exec` (the shell execs it itself, the
 * program gets the signal), `version` (bash 5.2 does, older bash and small changes do not), `child` (it stays a
 * child of the shell and never gets the signal).
 */
export type ExecVerdict = 'exec' | 'version' | 'child';

export function execVerdict(shell: ShellKind, report: ScriptReport, scriptText: string, headerLength: number): ExecVerdict {
  if (shell === 'dash' || shell === 'other') return 'child';
  const { launch } = report.script;
  const sites = launch.terminal.kind === 'programs' ? launch.terminal.sites : [];
  const site = sites[sites.length - 1];
  if (!site || sites.length !== 1 || site.exec) return 'child';
  // A trap with a handler keeps both shells around (measured); an ignore trap (`trap '' INT`) and `-x` do not.
  if (launch.traps.length > 0) return 'child';
  if (site.pipeline || site.contexts.includes('function') || site.blocker === 'or-fallback' || site.blocker === 'cleanup-in-block') return 'child';
  const rest = scriptText.slice(site.command.end - headerLength);
  if (shell === 'ash') {
    // Redirections of the command itself do not matter to ash: what follows the whole statement does.
    const afterStatement = scriptText.slice(Math.max(site.statement.end, site.redirectedEnd ?? 0) - headerLength);
    // busybox ash execs the last command wherever it stands (after `&&`, `;`, a redirection, inside if/{ }/( )),
    // but not when anything follows it, a final newline included.
    return /^[ \t;]*(?:(?:fi|esac|done|\}|\)|;;)[ \t;]*)*(?:#[^\n]*)?$/.test(afterStatement) ? 'exec' : 'child';
  }
  // bash: the command must be the last thing (one final newline or a comment on its line may follow), not
  // redirected, not in a block or a subshell, with nothing backgrounded before it.
  if (!/^[ \t]*;?[ \t]*(?:#[^\n]*)?\n?$/.test(rest)) return 'child';
  if (site.blocker === 'subshell' || site.contexts.some((c) => c === 'branch')) return 'child';
  if (site.statement.type === 'redirected_statement' || site.redirectedEnd !== undefined) return 'child';
  if (launch.backgroundJobs > 0 || launch.statements.some((s) => s.background)) return 'child';
  const statements = launch.statements;
  if (statements.length === 1 && site.statement.type === 'command') return 'exec';
  const simple = statements.every((s) => ['command', 'list', 'variable_assignment', 'declaration_command', 'redirected_statement', 'while_statement', 'until_statement', 'for_statement'].includes(s.type));
  return simple ? 'version' : 'child';
}
