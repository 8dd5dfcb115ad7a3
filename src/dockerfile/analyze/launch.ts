import { posix } from 'node:path';
import { analyzeScript as analyzeShell } from '../../shell/analyze-script.js';
import { INIT_PROGRAMS, INITS, PREFIX_COMMANDS, PRIVILEGE_EXECERS, programIndexAfter } from '../../shell/analyze/programs.js';
import { applyFixes } from '../../core/apply.js';
import { SHELL_PROGRAMS, type ImageInvocation } from '../../shell/parse/shells.js';
import { decodeSource } from '../../core/source.js';
import { interpreterOf, resolveContextFile, workdirs } from './context.js';
import type { BaseImageInfo } from './images.js';
import type { DockerfileOptions, LaunchInstr, Pid1, ResolvedScript, ShellPlan, Slot } from './model.js';
import { commandForm, type Instr, type Stage } from './parse.js';
import { plainWords } from './words.js';

export const DEFAULT_SHELL = ['/bin/sh', '-c'];

/** ENTRYPOINT, CMD, SHELL, USER, STOPSIGNAL of the final image, walking the chain of stages as the builder does. */
export interface ChainState {
  entrypoint: Slot;
  cmd: Slot;
  stopSignal?: Instr;
  stageUser?: string;
  runtimeWorkdir: string;
}

export async function resolveChain(chain: Stage[]): Promise<ChainState> {
  let entrypoint: Slot = { kind: 'base' };
  let cmd: Slot = { kind: 'base' };
  let shell = DEFAULT_SHELL;
  let user: string | undefined;
  let stageUser: string | undefined;
  let stopSignal: Instr | undefined;
  const finalIndex = chain[chain.length - 1]!.index;
  const dirs = workdirs(chain);
  let runtimeWorkdir = '/';
  for (const stage of chain) {
    let cmdSet = false;
    if (stage.index === finalIndex) stageUser = user;
    for (const instr of stage.instructions) {
      runtimeWorkdir = dirs.get(instr) ?? runtimeWorkdir;
      if (instr.keyword === 'WORKDIR' && instr.rest) runtimeWorkdir = posix.resolve(runtimeWorkdir, instr.rest);
      switch (instr.keyword) {
        case 'SHELL': {
          const form = commandForm(instr.rest);
          if (form.kind === 'exec' && form.argv.length > 0) shell = form.argv;
          break;
        }
        case 'USER':
          user = instr.rest;
          break;
        case 'STOPSIGNAL':
          stopSignal = instr;
          break;
        case 'ENTRYPOINT':
          entrypoint = { kind: 'instr', li: await launchInstr(instr, 'ENTRYPOINT', shell, stage.index === finalIndex) };
          // The builder drops an inherited CMD when a stage sets ENTRYPOINT without setting CMD itself.
          if (!cmdSet) cmd = { kind: 'unset' };
          break;
        case 'CMD':
          cmd = { kind: 'instr', li: await launchInstr(instr, 'CMD', shell, stage.index === finalIndex) };
          cmdSet = true;
          break;
      }
    }
  }
  return { entrypoint, cmd, ...(stopSignal ? { stopSignal } : {}), ...(stageUser !== undefined ? { stageUser } : {}), runtimeWorkdir };
}

async function launchInstr(instr: Instr, keyword: 'ENTRYPOINT' | 'CMD', shell: string[], inFinal: boolean): Promise<LaunchInstr> {
  const form = commandForm(instr.rest);
  const li: LaunchInstr = { instr, keyword, form, inFinal, shell, argv: form.kind === 'exec' ? form.argv : [...shell, form.text], wrapper: false };
  if (form.kind === 'shell') {
    li.plan = await shellPlan(form.text, shell);
    li.fixedArgv = planArgv(li.plan, shell);
  } else if (form.kind === 'exec') {
    li.fixedArgv = form.argv;
    const { argv } = form;
    if (argv.length === 3 && SHELL_PROGRAMS.has(posix.basename(argv[0]!)) && argv[1] === '-c') {
      li.wrapper = true;
      li.plan = await shellPlan(argv[2]!, argv.slice(0, 2));
      li.fixedArgv = planArgv(li.plan, argv.slice(0, 2));
    }
  }
  return li;
}

function planArgv(plan: ShellPlan, shell: string[]): string[] | undefined {
  if (plan.kind === 'plain') return plan.argv;
  if (plan.kind === 'exec') return [...shell, plan.text];
  return undefined;
}

const planCache = new Map<string, ShellPlan>();

/**
 * How a shell command runs without the shell staying PID 1. Plain words need no shell at all; anything else is
 * analysed as a one-line script by the script analyser, whose EW101 fix puts `exec` where the program starts
 * (after `cd /app &&`, after `FOO=1` prefixes, in each branch).
 */
export async function shellPlan(text: string, shell: string[]): Promise<ShellPlan> {
  const shellName = posix.basename(shell[0] ?? '');
  const key = `${shellName}\0${text}`;
  const cached = planCache.get(key);
  if (cached) return cached;
  const plan = await computePlan(text, shellName);
  planCache.set(key, plan);
  return plan;
}

async function computePlan(text: string, shellName: string): Promise<ShellPlan> {
  const words = plainWords(text);
  if (words) return { kind: 'plain', argv: words, exec: /^exec\s/.test(text.trimStart()) };
  if (!SHELL_PROGRAMS.has(shellName)) return { kind: 'blocked', reason: 'shell' };
  if (/[\r\n]/.test(text)) return { kind: 'blocked', reason: 'multiline' };
  const header = shellName === 'bash' ? '#!/bin/bash\n' : '#!/bin/sh\n';
  const script = `${header}${text}\n`;
  let report;
  try {
    report = await analyzeShell(decodeSource('CMD', new TextEncoder().encode(script)));
  } catch {
    return { kind: 'blocked', reason: 'syntax' };
  }
  const { launch } = report.script;
  const sites = launch.terminal.kind === 'programs' ? launch.terminal.sites : [];
  const site = sites[sites.length - 1];
  const program = site?.programName;
  const named = program !== undefined ? { program } : {};
  const path = site?.programWord?.literal;
  const withPath = path !== undefined ? { programPath: path } : {};
  if (launch.launcher !== 'single' || !site) return { kind: 'blocked', reason: launch.launcher === 'multi' ? 'multi' : launch.launcher === 'none' ? 'no-program' : 'unknown', ...named };
  if (launch.ok) return { kind: 'exec', text, changed: false, ...named, ...withPath };
  const fixes = report.findings.filter((f) => f.rule === 'EW101' && f.fix).map((f) => f.fix!);
  const blocker = sites.find((s) => s.blocker)?.blocker;
  // Only `exec` insertions belong in a one-line command; the script wrapper (pipelines) does not.
  const onlyExec = fixes.every((f) => f.edits.every((e) => e.start === e.end && /^exec\s+$/.test(e.text)));
  if (fixes.length === 0 || !onlyExec) return { kind: 'blocked', reason: blocker ?? 'no-exec-fix', ...named };
  const fixed = applyFixes(script, fixes).text;
  if (!fixed.startsWith(header) || !fixed.endsWith('\n')) return { kind: 'blocked', reason: 'no-exec-fix', ...named };
  return { kind: 'exec', text: fixed.slice(header.length, -1), changed: true, ...named, ...withPath };
}

/** One word of the argv PID 1 runs, with the instruction it came from. */
interface Word {
  word: string;
  from?: LaunchInstr;
  /** The base image's ENTRYPOINT word, known to end in `exec "$@"`. */
  passthrough?: 'node' | 'php' | 'plain';
}

export interface Pid1Input {
  chain: Stage[];
  state: ChainState;
  base: BaseImageInfo;
  baseName?: string;
  options: DockerfileOptions;
  /** The image's /bin/sh and name: how a script it runs is read. */
  image?: ImageInvocation;
}


/** The walk along PID 1's argv: where it is, and what it found so far. */
interface Pid1Walk {
  input: Pid1Input;
  words: Word[];
  i: number;
  /** The shell word in front of the next script (`bash /run.sh`): it, not the script's `#!` line, decides. */
  interpreter?: string | undefined;
  pid1: Pid1;
  scripts: ResolvedScript[];
}

/** After one step: go on with the word at `walk.i`, or the walk has found PID 1's program (or cannot go further). */
type Step = 'next' | 'done';

/** The argv PID 1 runs as words (ENTRYPOINT, then CMD when it reaches it), and whether it is known. */
function pid1Words(input: Pid1Input): { words: Word[]; known: boolean } {
  const { state, base } = input;
  const words: Word[] = [];
  let known = true;
  const ep = state.entrypoint;
  let cmdReaches = true;
  const kind = input.baseName === 'node' ? 'node' : input.baseName === 'php' ? 'php' : 'plain';
  // The base image's passthrough ENTRYPOINT written out again, with an init in front of it (what the EW204 fix
  // writes: `["/usr/bin/tini", "--", "docker-php-entrypoint"]`): it still only execs the CMD after it.
  const passthroughWords = new Set(base.passthrough ? base.entrypoint ?? [] : []);
  if (ep.kind === 'instr') {
    const argv = ep.li.fixedArgv ?? ep.li.argv;
    if (!ep.li.fixedArgv) cmdReaches = false; // a shell form that stays one ignores CMD
    words.push(...argv.map((word): Word => ({ word, from: ep.li, ...(passthroughWords.has(word) ? { passthrough: kind } : {}) })));
  } else if (base.entrypoint) {
    words.push(...base.entrypoint.map((word) => (base.passthrough ? { word, passthrough: kind } : { word })) as Word[]);
  } else {
    known = false;
  }
  if (cmdReaches) {
    if (state.cmd.kind === 'instr') {
      const li = state.cmd.li;
      words.push(...(li.fixedArgv ?? li.argv).map((word) => ({ word, from: li })));
    } else if (state.cmd.kind === 'base') {
      known = false;
    }
  }
  return { words, known };
}

/** Follows the argv PID 1 will run (after the exec-form fixes): inits, privilege droppers, shells, scripts, the program. */
export async function analyzePid1(input: Pid1Input): Promise<{ pid1: Pid1; scripts: ResolvedScript[] }> {
  const { words, known } = pid1Words(input);
  const pid1: Pid1 = { known, argv: words.map((w) => w.word), multi: false };
  const walk: Pid1Walk = { input, words, i: 0, pid1, scripts: [] };
  if (!known && words.length === 0) return { pid1, scripts: walk.scripts };
  for (let guard = 0; guard < 16 && walk.i < walk.words.length; guard++) {
    if ((await step(walk)) === 'done') break;
  }
  return { pid1, scripts: walk.scripts };
}

async function step(walk: Pid1Walk): Promise<Step> {
  const { word, passthrough } = walk.words[walk.i]!;
  const name = posix.basename(word);
  if (word === '/init' || INIT_PROGRAMS.has(name)) return passInit(walk, word, name);
  if (PRIVILEGE_EXECERS.has(name) || PREFIX_COMMANDS.has(name)) return passPrefixCommand(walk, name);
  if (SHELL_PROGRAMS.has(name)) return followShell(walk, word, name);
  // A script of the base image's name that the Dockerfile COPYs in itself (ghost's own `docker-entrypoint.sh` over
  // node's) is the image's own script: read, not taken for the base's passthrough.
  const { input } = walk;
  if (passthrough && !resolveContextFile(word, input.chain, input.options.context, input.state.runtimeWorkdir)) return followPassthrough(walk, passthrough);
  return followFile(walk, word, name);
}

/** `tini -s --`: noted as PID 1's init, then its program; an init that is not a forwarding one is the program. */
function passInit(walk: Pid1Walk, word: string, name: string): Step {
  const { pid1, words } = walk;
  const options: string[] = [];
  pid1.init ??= { name: word === '/init' ? 's6-overlay' : name, index: walk.i, options };
  // Inits forward signals and reap, then run their argv as a child (an s6-overlay `/init` or a supervisor does not).
  if (!INITS.has(name)) {
    pid1.program = name;
    return 'done';
  }
  walk.i++;
  while (walk.i < words.length && words[walk.i]!.word.startsWith('-')) {
    const option = words[walk.i]!.word;
    walk.i++;
    if (option === '--') break;
    options.push(option);
    if (/^-[pe]$/.test(option) && walk.i < words.length) options.push(words[walk.i++]!.word);
  }
  return 'next';
}

/** `gosu app`, `env A=1`, `nice -n 5`: the program they run takes their place. */
function passPrefixCommand(walk: Pid1Walk, name: string): Step {
  walk.i = programIndexAfter(name, walk.words.map((w) => w.word), walk.i);
  return 'next';
}

/** `sh -c '…'` (what the command string runs) or `bash /start.sh` (the script, read with that shell). */
async function followShell(walk: Pid1Walk, word: string, name: string): Promise<Step> {
  const { words, pid1 } = walk;
  const { from } = words[walk.i]!;
  // The shell's own options come first (`bash -o pipefail -c '…'`, `sh -ec '…'`, `bash -l /start.sh`): `-o`
  // and `-O` take a name; with `-c` among them the first other word is the command string, else the script.
  let j = walk.i + 1;
  let commandString = false;
  while (j < words.length && /^[-+]/.test(words[j]!.word) && words[j]!.word !== '--') {
    const option = words[j]!.word;
    if (/^-[A-Za-z]*c[A-Za-z]*$/.test(option)) commandString = true;
    j += /^[-+][oO]$/.test(option) ? 2 : 1;
  }
  if (words[j]?.word === '--') j++;
  if (commandString && words[j] !== undefined) {
    const plan = await shellPlan(words[j]!.word, [word, '-c']);
    if (plan.kind === 'plain') {
      words.splice(walk.i, words.length - walk.i, ...plan.argv.map((w) => ({ word: w, ...(from ? { from } : {}) })));
      return 'next';
    }
    // `start.sh --bind "0.0.0.0:$PORT"`: the arguments need the shell, but the program is a known file, so
    // follow it (its arguments are not known; a passthrough script then ends the trace).
    if (plan.kind === 'exec' && plan.programPath !== undefined && !plan.programPath.includes('$')) {
      words.splice(walk.i, words.length - walk.i, { word: plan.programPath, ...(from ? { from } : {}) });
      return 'next';
    }
    pid1.program = plan.program;
    return 'done';
  }
  if (j >= words.length) {
    pid1.program = name;
    return 'done';
  }
  walk.i = j; // `sh /start.sh`: the shell runs the script
  walk.interpreter = word;
  return 'next';
}

/** The base image's entrypoint that execs its arguments (`docker-entrypoint.sh`), unless they are options of its program. */
function followPassthrough(walk: Pid1Walk, passthrough: NonNullable<Word['passthrough']>): Step {
  const next = walk.words[walk.i + 1]?.word;
  if (next === undefined) return 'done';
  if (passthrough === 'node' && (next.startsWith('-') || /\.[cm]?js$/.test(next))) {
    walk.pid1.program = 'node';
    return 'done';
  }
  if (passthrough === 'php' && next.startsWith('-')) {
    walk.pid1.program = 'php';
    return 'done';
  }
  walk.i++;
  return 'next';
}

/** A file of the build context (a start script, read with the image's shell, or another interpreter's), or the program. */
async function followFile(walk: Pid1Walk, word: string, name: string): Promise<Step> {
  const { input, words, pid1, scripts } = walk;
  const { state } = input;
  const { from } = words[walk.i]!;
  const found = resolveContextFile(word, input.chain, input.options.context, state.runtimeWorkdir);
  const converted = found !== undefined && convertsLineEndings(input.chain, found.copy, found.imagePath);
  const invocation: ImageInvocation = { ...input.image, ...(walk.interpreter !== undefined ? { command: walk.interpreter } : {}), ...(converted ? { lineEndingsConverted: true } : {}) };
  walk.interpreter = undefined;
  if (!found) {
    // `/start.sh` that no COPY/ADD provides: a base image may have it, or the build context lacks it; say so
    // rather than report a clean image whose script was never looked at.
    if (/\.(sh|bash)$/.test(word)) pid1.missing = { word, ...(from ? { from } : {}) };
    pid1.program = name;
    return 'done';
  }
  let script = scripts.find((s) => s.file === found.file);
  if (!script) {
    // Files the script sources by their image path (`. /opt/docker/bin/config.sh`) are read through the COPY lines.
    const resolveImagePath = (path: string) => resolveContextFile(path, input.chain, input.options.context, state.runtimeWorkdir)?.file;
    const report = await input.options.analyzeScript(found.file, { image: invocation, resolveImagePath });
    script = { imagePath: found.imagePath, file: found.file, line: from?.instr.line ?? found.copy.line, ...(report ? { report } : {}) };
    scripts.push(script);
  }
  const report = script.report;
  if (!report) {
    // Not a shell script (`start-notebook.py`): the interpreter its `#!` line names runs as PID 1.
    script.interpreter ??= interpreterOf(found.file);
    pid1.program = script.interpreter ?? name;
    return 'done';
  }
  pid1.script ??= script;
  if (report.launcher === 'multi') {
    pid1.multi = true;
    return 'done';
  }
  if (report.launcher !== 'single') return 'done';
  const { launch } = report.script;
  const sites = launch.terminal.kind === 'programs' ? launch.terminal.sites : [];
  const site = sites[sites.length - 1];
  if (!site) return 'done';
  const programText = site.programWord?.text ?? '';
  if (/^"?\$(\{@\}|@)"?$/.test(programText)) {
    walk.i++; // `exec "$@"`: the rest of the argv (CMD) is what runs
    return 'next';
  }
  // A script that hands over to another one the image copies in (`exec /usr/local/bin/start-app.sh`): follow it,
  // so that one is judged as a start script too, with the image's shell.
  const handedTo = sites.length === 1 ? site.programWord?.literal : undefined;
  if (handedTo !== undefined && !scripts.some((s) => s.imagePath === handedTo) && resolveContextFile(handedTo, input.chain, input.options.context, state.runtimeWorkdir)) {
    words.splice(walk.i, words.length - walk.i, { word: handedTo, ...(from ? { from } : {}) });
    return 'next';
  }
  const program = site.programName ?? site.programWord?.literal;
  if (program !== undefined && INIT_PROGRAMS.has(program)) pid1.init ??= { name: program, index: walk.i, options: [] };
  if (program !== undefined) pid1.program = posix.basename(program);
  return 'done';
}

/**
 * Does a RUN after the COPY convert the script's CRLF line endings (`dos2unix /root/entrypoint.sh`,
 * `sed -i 's/\r$//' /entrypoint.sh`, `dos2unix /usr/local/bin/*.sh`)? Then the image runs it with LF endings.
 */
function convertsLineEndings(chain: Stage[], copy: Instr, imagePath: string): boolean {
  const folder = posix.dirname(imagePath);
  const names = [imagePath, posix.basename(imagePath), `${folder}/*`, `${folder}/*.sh`];
  return chain
    .flatMap((stage) => stage.instructions)
    .filter((instr) => instr.keyword === 'RUN' && instr.start > copy.start)
    .some((run) => {
      const converts = /\bdos2unix\b|\bsed\s+-i\S*\s+(-e\s+)?['"]?s\/\\r/.test(run.rest);
      const words = run.rest.split(/[\s;&|]+/).map((w) => w.replace(/^['"]|['"]$/g, ''));
      return converts && names.some((name) => words.includes(name));
    });
}
