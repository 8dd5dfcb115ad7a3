/**
 * What a container really runs as PID 1: the command line from the manifest (over the image's ENTRYPOINT/CMD), an
 * init or a shell with `-c` in front, and for an inline script, the script analysed by the shell analysis with every
 * position mapped back into the YAML.
 */
import { posix } from 'node:path';
import { analyzeScript, type ScriptReport } from '../../shell/analyze-script.js';
import type { Finding, NewFile, TextEdit } from '../../core/model.js';
import type { Settings } from '../../core/settings.js';
import { baseImageInfo } from '../../dockerfile/analyze/images.js';
import { CHILD_INITS, INITS, PREFIX_COMMANDS } from '../../shell/analyze/programs.js';
import { InputError } from '../../core/errors.js';
import { decodeSource } from '../../core/source.js';
import { approximate, insertionOffset, type MappedText } from './mapped-text.js';
import type { CommandWord, Workload } from './model.js';
import { execVerdict, identifyShell, SHELL_NAMES, type ExecVerdict, type ShellIdentity } from './shells.js';

/** Inits that pass the stop signal to their child only (the shell behind them dies; its children get nothing). */

/** A shell started with `-c` and a script, and what is around it on the command line. */
export interface ShellStart {
  shell: CommandWord;
  identity: ShellIdentity;
  /** Option words between the shell and the script (`-ec`, `-o`, `pipefail`, `--`). */
  options: CommandWord[];
  /** The word whose option cluster holds `c`. */
  cWord: CommandWord;
  script: CommandWord;
  /** Words after the script: `$0`, `$1`, … */
  operands: CommandWord[];
  /** An init in front of the shell: `child` ones (tini) signal the shell only; `group` ones (dumb-init, tini -g) the whole group. */
  init?: { name: string; group: boolean };
}

export interface InlineScript {
  /** The text the shell runs (what Compose, the kubelet or a template fills in is masked as `$____`). */
  text: MappedText;
  /** The analysed script: header + text + newline. */
  report?: ScriptReport;
  header: string;
  /** Why it could not be analysed (it does not parse as its shell). */
  error?: string;
  verdict?: ExecVerdict;
}

export interface AnalyzedWorkload {
  workload: Workload;
  /** The argv PID 1 runs, when the manifest says (undefined: the image's own ENTRYPOINT/CMD). */
  argv?: CommandWord[];
  /** The argv starts with the image's ENTRYPOINT, which the manifest leaves in place and execwrap cannot see. */
  entrypointUnknown: boolean;
  shellStart?: ShellStart;
  inline?: InlineScript;
  /** The image the shell comes from (the base image of the Dockerfile that builds it, or `image:`). */
  shellImage?: string;
  /** A start script the command runs that is bind-mounted from the repository (Compose `./start.sh:/start.sh`). */
  script?: { file: string; report?: ScriptReport };
  /** Compose, several programs in the inline script: the start-script fix, or why there is none. */
  startScript?: StartScriptPlan;
}

/** A start script written next to a Compose file for an inline script with several programs, or why there is none. */
export type StartScriptPlan = { edits: TextEdit[]; file: NewFile; name: string } | { why: string };

export interface WorkloadContext {
  settings?: Pick<Settings, 'rules' | 'knownRuleIds'> | undefined;
  /** The base image of the Dockerfile in the repository that builds this workload's image, when there is one. */
  builtFrom?: (workload: Workload) => { baseImage?: string; entrypoint?: string[] } | undefined;
  label: string;
}

export async function analyzeWorkload(workload: Workload, context: WorkloadContext): Promise<AnalyzedWorkload> {
  const built = context.builtFrom?.(workload);
  const shellImage = built ? built.baseImage : workload.image;
  const { argv, entrypointUnknown } = commandLine(workload, built?.entrypoint);
  const result: AnalyzedWorkload = { workload, entrypointUnknown, ...(argv ? { argv } : {}), ...(shellImage ? { shellImage } : {}) };
  if (!argv) return result;
  const start = findShellStart(argv, shellImage);
  if (!start) return result;
  result.shellStart = start;
  result.inline = await analyzeInline(start, context);
  return result;
}

/**
 * The argv the runtime starts. Kubernetes `command` replaces ENTRYPOINT and `args` CMD; Compose `entrypoint` replaces
 * ENTRYPOINT (and clears CMD) and `command` CMD. Where the manifest keeps the image's ENTRYPOINT, its CMD words are
 * taken as the command line when the image has none (or one that execs its arguments, `exec "$@"`).
 */
export function commandLine(workload: Workload, builtEntrypoint: string[] | undefined): { argv?: CommandWord[]; entrypointUnknown: boolean } {
  const { entrypoint, cmd } = workload;
  if (entrypoint && entrypoint.form !== 'other' && entrypoint.form !== 'empty') {
    return { argv: [...entrypoint.words, ...(cmd && cmd.form !== 'other' ? cmd.words : [])], entrypointUnknown: false };
  }
  if (!cmd || cmd.form === 'other' || cmd.form === 'empty') return { entrypointUnknown: false };
  if (entrypoint?.form === 'empty') return { argv: cmd.words, entrypointUnknown: false };
  if (builtEntrypoint !== undefined) {
    // The Dockerfile in the repository says what ENTRYPOINT the manifest's args follow (`tini --`, a start script).
    const words = builtEntrypoint.map((word) => ({ text: approximate(word, cmd.key.range?.[0] ?? 0), node: cmd.key, field: cmd, item: -1 }));
    return { argv: [...words, ...cmd.words], entrypointUnknown: false };
  }
  const imageEntrypoint = workload.image ? baseImageInfo(workload.image).entrypoint : undefined;
  const passthrough = workload.image ? baseImageInfo(workload.image).passthrough : false;
  if (imageEntrypoint && imageEntrypoint.length > 0 && !passthrough) return { entrypointUnknown: false };
  return { argv: cmd.words, entrypointUnknown: imageEntrypoint === undefined };
}

/** `sh -c '…'`, `/bin/bash -ec '…'`, `tini -- sh -c …`, `busybox sh -c …`, `sh -c -- '…' name arg`. */
export function findShellStart(argv: readonly CommandWord[], image: string | undefined): ShellStart | undefined {
  let i = 0;
  let init: ShellStart['init'];
  for (let guard = 0; guard < 8 && i < argv.length; guard++) {
    const name = posix.basename(argv[i]!.text.text);
    if (INITS.has(name)) {
      let group = !CHILD_INITS.has(name);
      i++;
      while (i < argv.length && argv[i]!.text.text.startsWith('-')) {
        const option = argv[i]!.text.text;
        i++;
        if (option === '--') break;
        if (name === 'dumb-init' && (option === '--single-child' || option === '-c')) group = false;
        if (name !== 'dumb-init' && /^-[a-z]*g/.test(option)) group = true;
        if (/^-[pe]$/.test(option)) i++;
      }
      init = { name, group };
      continue;
    }
    if (PREFIX_COMMANDS.has(name)) {
      i++;
      while (i < argv.length && (argv[i]!.text.text.startsWith('-') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[i]!.text.text))) i++;
      continue;
    }
    break;
  }
  const shell = argv[i];
  if (!shell) return undefined;
  const name = posix.basename(shell.text.text);
  if (!SHELL_NAMES.has(name)) return undefined;
  let j = i + 1;
  if (name === 'busybox') {
    if (!['sh', 'ash'].includes(argv[j]?.text.text ?? '')) return undefined;
    j++;
  }
  const options: CommandWord[] = [];
  let cWord: CommandWord | undefined;
  while (j < argv.length) {
    const word = argv[j]!.text.text;
    if (word === '--' || word === '-') {
      options.push(argv[j]!);
      j++;
      break;
    }
    if (/^[-+]o$/.test(word)) {
      options.push(argv[j]!, ...(argv[j + 1] ? [argv[j + 1]!] : []));
      j += 2;
      continue;
    }
    if (/^--[a-z-]+$/.test(word)) {
      options.push(argv[j]!);
      j++;
      continue;
    }
    if (/^[-+][A-Za-z]+$/.test(word)) {
      options.push(argv[j]!);
      if (word.startsWith('-') && word.includes('c')) cWord = argv[j]!;
      j++;
      continue;
    }
    break;
  }
  if (!cWord || j >= argv.length) return undefined;
  const identity = identifyShell(shell.text.text, argv[i + 1]?.text.text, image);
  return { shell, identity, options, cWord, script: argv[j]!, operands: argv.slice(j + 1), ...(init ? { init } : {}) };
}

async function analyzeInline(start: ShellStart, context: WorkloadContext): Promise<InlineScript> {
  const text = start.script.text;
  const header = start.identity.kind === 'bash' ? '#!/bin/bash\n' : '#!/bin/sh\n';
  const inline: InlineScript = { text, header };
  try {
    const report = await analyzeScript(decodeSource(context.label, Buffer.from(`${header}${text.text}\n`, 'utf8')), context.settings);
    inline.report = report;
    inline.verdict = execVerdict(start.identity.kind, report, text.text, header.length);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    inline.error = error.reason;
  }
  return inline;
}

/** Maps an offset of the analysed script (header included) to the manifest. */
export function manifestOffset(inline: InlineScript, offset: number): number {
  const index = Math.max(0, Math.min(offset - inline.header.length, inline.text.text.length));
  return inline.text.map[index]!;
}

/**
 * Maps a fix on the analysed script to edits on the manifest: only insertions and replacements of plain text (letters,
 * digits, blanks) where the script's characters are spelled as they are in the YAML; undefined where that cannot be
 * done (an escape or a fold inside the range, a placeholder).
 */
export function mapScriptEdits(inline: InlineScript, edits: readonly TextEdit[]): TextEdit[] | undefined {
  const out: TextEdit[] = [];
  const length = inline.text.text.length;
  for (const edit of edits) {
    if (!/^[A-Za-z0-9 _-]*$/.test(edit.text)) return undefined;
    const start = edit.start - inline.header.length;
    const end = edit.end - inline.header.length;
    if (start < 0 || end > length) return undefined;
    const at = insertionOffset(inline.text, start);
    if (at === undefined) return undefined;
    if (end > start) {
      for (let i = start; i < end; i++) if (inline.text.map[i + 1]! - inline.text.map[i]! !== 1 || inline.text.frozen?.[i]) return undefined;
    }
    out.push({ start: at, end: at + (end - start), text: edit.text });
  }
  return out;
}

/** The inline script's findings that are not about the stop path EW301 reports (bashisms, daemons, eval, …). */
export const PASSED_THROUGH = new Set(['EW100', 'EW104', 'EW107', 'EW108', 'EW109', 'EW110', 'EW111', 'EW112', 'EW113', 'EW114', 'EW115', 'EW117']);

export function passThroughFindings(start: ShellStart, inline: InlineScript): Finding[] {
  if (!inline.report) return [];
  const result: Finding[] = [];
  for (const finding of inline.report.findings) {
    if (!PASSED_THROUGH.has(finding.rule)) continue;
    // busybox ash accepts the syntax EW104 and EW114 are about (SHELL-FACTS 10a).
    if (start.identity.kind === 'ash' && (finding.rule === 'EW104' || finding.rule === 'EW114')) continue;
    const mapped: Finding = { ...finding, start: manifestOffset(inline, finding.start), end: manifestOffset(inline, finding.end) };
    delete mapped.fix;
    if (finding.fix) {
      const edits = mapScriptEdits(inline, finding.fix.edits);
      if (edits) mapped.fix = { ...finding.fix, edits };
    }
    result.push(mapped);
  }
  return result;
}
