/**
 * What `execwrap verify` runs: from a start script or an image folder (Dockerfile + build context), the argv PID 1
 * runs, the files placed inside the namespace, the programs to stand in for, the stop signal. One plan per variant
 * (the original, and with --compare execwrap's own fix).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { basename, join, posix, resolve } from 'node:path';
import { SHELL_NAMES } from '../../manifest/analyze/shells.js';
import { analyzeScript, type ScriptReport } from '../../shell/analyze-script.js';
import { INITS, PREFIX_COMMANDS } from '../../shell/analyze/programs.js';
import type { Settings } from '../../core/settings.js';
import { analyzeDockerfileModel, isDockerfileName, type DockerfileOptions } from '../../dockerfile/analyze-dockerfile.js';
import { resolveChain } from '../../dockerfile/analyze/launch.js';
import type { AnalyzedDockerfile, ResolvedScript } from '../../dockerfile/analyze/model.js';
import { InputError } from '../../core/errors.js';
import { fixDockerfile } from '../../dockerfile/fix-dockerfile.js';
import { fixScript } from '../../shell/fix-script.js';
import { analyzeScriptFile, readSource } from '../files.js';
import { decodeSource, encodeSource, type SourceFile } from '../../core/source.js';


export type Variant = 'original' | 'fixed';
export type SignalSource = 'flag' | 'STOPSIGNAL' | 'base image' | 'default' | 'manifest';

/** Arguments of a launch: a word, or null for words only known at run time (any number of them). */
export type ArgPattern = (string | null)[];

/** A program the analysis found, replaced by a stand-in (or watched, with --real). */
export interface PlannedProgram {
  /** Basename: how stand-ins and watched processes are named in the report. */
  name: string;
  /** As the script names it: `nginx` (found through PATH) or `/usr/sbin/nginx`. */
  path: string;
  /**
   * The calls that launch it, by their arguments; other calls of the same program (`python manage.py migrate`
   * before `exec python -m gunicorn`) are setup steps, which the stand-in ends at once with 0. Undefined: every
   * call is a launch.
   */
  launches?: ArgPattern[];
}

export type PlacedFile = { path: string; content: Buffer } | { path: string; file: string };

export interface VariantPlan {
  variant: Variant;
  /** The argv PID 1 runs, as the runtime would (before the namespace set-up). */
  command: string[];
  /** Files put into the namespace at their image paths: the script (or its fixed version), an init found elsewhere here. */
  place: PlacedFile[];
  cwd: string;
  programs: PlannedProgram[];
  /** gosu/su-exec: replaced by a stand-in that drops the user argument and execs the rest. */
  execWrappers: string[];
  /** Programs (--stub) replaced by a stand-in that ends at once with 0: setup commands missing on this machine. */
  stubs: string[];
  /** The init in front of the script (tini, dumb-init), when the image has one and it ran. */
  init?: string;
  signal: NodeJS.Signals;
  signalSource: SignalSource;
  /** What differs from a real container run, or what could not be stood in for. */
  notes: string[];
}

export interface VerifyTargetPlan {
  kind: 'script' | 'image' | 'manifest';
  /** As given on the command line. */
  target: string;
  /** The Dockerfile, for an image folder. */
  dockerfile?: string;
  /** For a manifest: the container or service run, and the grace period the manifest gives it. */
  container?: string;
  graceSeconds?: number;
  variants: VariantPlan[];
}

export interface PlanOptions {
  args: string[];
  signal?: string;
  compare: boolean;
  shell?: 'bash' | 'dash' | 'busybox';
  settings: Settings;
  /** --stub: more programs to replace by a stand-in that ends at once with 0. */
  stubs?: string[];
  /** A Kubernetes manifest or Compose file: the container or service to run (may be left out when there is one). */
  container?: string;
}

/** The privilege droppers verify replaces with a stand-in (`shift; exec "$@"`, pid1.ts): their operand is the user. */
const EXEC_WRAPPERS = new Set(['gosu', 'su-exec']);

/** `TERM`, `SIGTERM`, `sigterm`, `15` → `SIGTERM`; undefined when it names no signal. */
export function normalizeSignal(value: string): NodeJS.Signals | undefined {
  const v = value.trim().toUpperCase();
  if (/^\d+$/.test(v)) {
    const n = Number(v);
    const found = Object.entries(osConstants.signals).find(([, num]) => num === n);
    return found ? (found[0] as NodeJS.Signals) : undefined;
  }
  const name = (v.startsWith('SIG') ? v : `SIG${v}`) as NodeJS.Signals;
  return name in osConstants.signals && name !== 'SIGKILL' && name !== 'SIGSTOP' ? name : undefined;
}

function which(cmd: string): string | undefined {
  for (const dir of (process.env.PATH ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin').split(':')) {
    if (dir && existsSync(join(dir, cmd))) return join(dir, cmd);
  }
  return undefined;
}

/** A word the script spells literally (`nginx`, `/usr/sbin/nginx`, `'php-fpm'`); undefined for `$APP`, `"$@"`. */
function literal(text: string): string | undefined {
  const unquoted = text.replace(/^'([^']*)'$/, '$1').replace(/^"([^"$`\\]*)"$/, '$1');
  return /^[A-Za-z0-9_@%+:,./-]+$/.test(unquoted) ? unquoted : undefined;
}

/** The program of a passthrough command (`"$@"`, CMD after the script): skips env/nohup and gosu/su-exec USER. */
export async function passthroughProgram(words: readonly string[], out: Collected, settings: Settings): Promise<void> {
  let i = 0;
  while (i < words.length) {
    const w = words[i]!;
    const name = posix.basename(w);
    if (EXEC_WRAPPERS.has(name)) {
      out.execWrappers.add(w);
      i += 2;
      continue;
    }
    if (PREFIX_COMMANDS.has(name)) {
      i++;
      while (i < words.length && (words[i]!.startsWith('-') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]!))) i++;
      continue;
    }
    if (w.startsWith('-')) {
      out.notes.push(`the arguments start with an option (\`${w}\`): the script picks the program at run time (\`set -- prog "$@"\`); give the program too`);
      return;
    }
    const args = words.slice(i + 1);
    if (SHELL_NAMES.has(name) && args[0] === '-c' && args[1] !== undefined) {
      await collectFromCommandString(name, args[1], args.slice(2), out, settings);
      return;
    }
    out.add(w, [...args]);
    return;
  }
}

export class Collected {
  programs = new Map<string, PlannedProgram>();
  execWrappers = new Set<string>();
  notes: string[] = [];
  /** `launch`: the arguments of this launch; undefined when they cannot be told (every call then counts). */
  add(path: string, launch: ArgPattern | undefined): void {
    if (!path.startsWith('/') && path.includes('/')) {
      this.notes.push(`\`${path}\` is a relative path: not replaced by a stand-in`);
      return;
    }
    const known = this.programs.get(path) ?? { name: posix.basename(path), path, launches: [] };
    this.programs.set(path, known);
    if (launch === undefined) delete known.launches;
    else if (known.launches && !known.launches.some((l) => JSON.stringify(l) === JSON.stringify(launch))) known.launches.push(launch);
  }
}

/**
 * `sh -c 'cd /app && exec gunicorn …'` started by a script: the shell is real (it is what the script runs, and
 * whether it passes the signal on is part of the verdict); the programs of its command string get stand-ins.
 */
async function collectFromCommandString(shell: string, text: string, args: readonly string[], out: Collected, settings: Settings): Promise<void> {
  const dialect = shell === 'bash' ? 'bash' : 'sh';
  let report: ScriptReport;
  try {
    report = await analyzeScript(decodeSource(`${shell} -c`, Buffer.from(`#!/bin/${dialect}\n${text}\n`)), settings);
  } catch {
    out.notes.push(`\`${shell} -c\` runs a command execwrap cannot parse: its programs are not replaced by stand-ins`);
    return;
  }
  await collectFromScript(report, args, out, settings);
}

/** Programs the analysis found in a script; `"$@"` takes its program from `passthrough` (the arguments). */
export async function collectFromScript(report: ScriptReport, passthrough: readonly string[], out: Collected, settings: Settings): Promise<void> {
  const text = report.script.source.text;
  // gosu/su-exec anywhere in the script (`exec gosu app "$@"` in a branch): this machine may not have them, and
  // the stand-in only drops the user argument, so it is safe to put in even where it does not run.
  for (const m of text.matchAll(/(?:^|[\s;&|(`])((?:\/[\w.-]+)*\/?(?:gosu|su-exec))(?=[ \t])/gm)) out.execWrappers.add(m[1]!);
  for (const site of report.script.launch.programs) {
    const word = site.programWord?.text;
    if (word === undefined) continue;
    // gosu/su-exec in front of the program (`exec gosu app node server.js`): stand in for them too.
    for (const w of text.slice(site.command.start, site.programWord!.start).split(/\s+/)) {
      if (EXEC_WRAPPERS.has(posix.basename(w))) out.execWrappers.add(w);
    }
    if (/^"?\$(\{@\}|@|\*|\{\*\})"?$/.test(word)) {
      if (passthrough.length > 0) await passthroughProgram(passthrough, out, settings);
      else out.notes.push(`line ${report.script.lines.position(site.command.start).line}: the program comes from the arguments (\`${word}\`), and none were given`);
      continue;
    }
    const path = site.programName !== undefined && !word.includes('/') ? site.programName : literal(word);
    if (path === undefined) {
      out.notes.push(`line ${report.script.lines.position(site.command.start).line}: \`${word}\` is only known at run time: not replaced by a stand-in`);
      continue;
    }
    // The arguments the site passes to its program, as a pattern; undefined when it is not a plain command.
    const launch: ArgPattern | undefined = site.arguments;
    // `sh -c '…'`, `bash -c '…'`: the real shell runs; its command's programs are what get stand-ins.
    if (SHELL_NAMES.has(posix.basename(path)) && launch?.[0] === '-c') {
      if (typeof launch[1] === 'string') await collectFromCommandString(posix.basename(path), launch[1], launch.slice(2).filter((w): w is string => w !== null), out, settings);
      else out.notes.push(`line ${report.script.lines.position(site.command.start).line}: \`${path} -c\` runs a command only known at run time: its programs are not replaced by stand-ins`);
      continue;
    }
    out.add(path, launch);
  }
}

async function readScript(path: string, settings: Settings): Promise<{ source: SourceFile; report: ScriptReport }> {
  const source = readSource(path);
  return { source, report: await analyzeScript(source, settings) };
}

/** --stub names that are not stood in already (a program's stand-in already ends its setup calls at once). */
export function stubsBeside(out: Collected, options: PlanOptions): string[] {
  const names = new Set([...out.programs.values()].map((p) => p.name));
  return [...new Set(options.stubs ?? [])].filter((stub) => !names.has(posix.basename(stub)));
}

export async function planScript(target: string, options: PlanOptions, flagSignal: NodeJS.Signals | undefined): Promise<VerifyTargetPlan> {
  const abs = resolve(target);
  const { source, report } = await readScript(target, options.settings);
  const signal = flagSignal ?? 'SIGTERM';
  const signalSource: SignalSource = flagSignal ? 'flag' : 'default';
  const variants: VariantPlan[] = [];
  const make = async (variant: Variant, bytes: Buffer, rep: ScriptReport): Promise<VariantPlan> => {
    const out = new Collected();
    // The fix changes how the programs start, not which: the original's programs count for the fixed version too
    // (its analysis may see less, e.g. an `exec "$@"` left unreachable after `exec java`).
    if (rep !== report) await collectFromScript(report, options.args, out, options.settings);
    await collectFromScript(rep, options.args, out, options.settings);
    if (rep !== report) out.notes = [...new Set(out.notes)];
    const notes = [...out.notes];
    let command: string[];
    if (options.shell) {
      command = [options.shell === 'busybox' ? 'busybox' : options.shell, ...(options.shell === 'busybox' ? ['ash'] : []), abs, ...options.args];
      notes.push(`run with ${options.shell} (--shell), not the script's own #! line`);
    } else if (rep.script.shebang.problems.includes('missing')) {
      command = ['/bin/sh', abs, ...options.args];
      notes.push('no #! line: a container runtime cannot execute this script (exec format error); it was run with /bin/sh');
    } else {
      command = [abs, ...options.args];
    }
    return {
      variant,
      command,
      place: [{ path: abs, content: bytes }],
      cwd: '/',
      programs: [...out.programs.values()],
      execWrappers: [...out.execWrappers],
      stubs: stubsBeside(out, options),
      signal,
      signalSource,
      notes,
    };
  };
  const original = encodeSource(source, source.text);
  variants.push(await make('original', original, report));
  if (options.compare) {
    const fixed = await fixScript(source, options.settings);
    variants.push(await make('fixed', encodeSource(source, fixed.text), fixed.after));
  }
  return { kind: 'script', target, variants };
}

export function findDockerfile(dir: string): string {
  const names = readdirSync(dir).filter((n) => isDockerfileName(n) && statSync(join(dir, n)).isFile());
  const chosen = names.find((n) => n === 'Dockerfile') ?? names.find((n) => n === 'Containerfile') ?? (names.length === 1 ? names[0] : undefined);
  if (!chosen) {
    throw new InputError(names.length === 0 ? 'no Dockerfile in this folder (give a start script, or an image folder with a Dockerfile)' : `several Dockerfiles (${names.join(', ')}): give the folder of one image`, dir);
  }
  return join(dir, chosen);
}

export async function planImage(target: string, options: PlanOptions, flagSignal: NodeJS.Signals | undefined): Promise<VerifyTargetPlan> {
  const context = resolve(target);
  const dockerfile = findDockerfile(context);
  const source = readSource(dockerfile);
  const dockerOptions: DockerfileOptions = {
    context,
    init: options.settings.init ?? 'tini',
    analyzeScript: (file, context) => analyzeScriptFile(file, options.settings, context),
    settings: options.settings,
  };
  const model = await analyzeDockerfileModel(source, dockerOptions);
  const variants = [await imageVariant('original', model, model.scripts, new Map(), options, flagSignal, dockerfile)];
  if (options.compare) {
    const fixed = await fixDockerfile(source, dockerOptions);
    const fixedModel = await analyzeDockerfileModel({ ...source, text: fixed.text }, dockerOptions);
    const fixedScripts = new Map<string, Buffer>();
    for (const script of [...fixedModel.scripts, ...model.scripts]) {
      if (!script.report || fixedScripts.has(script.file)) continue;
      const scriptSource = script.report.script.source;
      fixedScripts.set(script.file, encodeSource(scriptSource, (await fixScript(scriptSource, options.settings)).text));
    }
    // The fixed command line runs the same context scripts (the analysis of the fixed file may stop earlier, at
    // a base image's entrypoint it now names): both lists, each script once.
    const scripts = [...fixedModel.scripts, ...model.scripts.filter((s) => !fixedModel.scripts.some((f) => f.file === s.file))];
    variants.push(await imageVariant('fixed', fixedModel, scripts, fixedScripts, options, flagSignal, dockerfile));
  }
  return { kind: 'image', target, dockerfile, variants };
}

/** The argv Docker runs today: ENTRYPOINT + CMD (a shell-form ENTRYPOINT ignores CMD); undefined when unknown. */
function dockerArgv(model: AnalyzedDockerfile): string[] | undefined {
  const ep = model.entrypoint;
  let argv: string[] = [];
  let cmdReaches = true;
  if (ep.kind === 'instr') {
    argv = [...ep.li.argv];
    if (ep.li.form.kind !== 'exec') cmdReaches = false;
  } else if (ep.kind === 'base') {
    argv = [...(model.base.entrypoint ?? [])];
  }
  if (cmdReaches) {
    if (model.cmd.kind === 'instr') argv.push(...model.cmd.li.argv);
    else if (model.cmd.kind === 'base' && argv.length === 0) return undefined;
  }
  return argv.length > 0 ? argv : undefined;
}

async function imageVariant(
  variant: Variant,
  model: AnalyzedDockerfile,
  scripts: readonly ResolvedScript[],
  fixedScripts: Map<string, Buffer>,
  options: PlanOptions,
  flagSignal: NodeJS.Signals | undefined,
  dockerfile: string,
): Promise<VariantPlan> {
  const argv = dockerArgv(model);
  if (!argv) throw new InputError(`the final stage's command comes from the base image (${model.baseImage ?? 'unknown'}), which execwrap cannot see: nothing to run`, dockerfile);
  const out = new Collected();
  const notes: string[] = [];
  const place: PlacedFile[] = [];
  const command = [...argv];

  // The init in front, when this machine has it: at its image path inside the namespace (Alpine's /sbin/tini).
  let init: string | undefined;
  let start = 0;
  const first = posix.basename(command[0]!);
  if (INITS.has(first)) {
    const local = command[0]!.startsWith('/') && existsSync(command[0]!) ? command[0]! : which(first) ?? (first === 'tini-static' ? which('tini') : undefined);
    start = 1;
    while (start < command.length && command[start]!.startsWith('-')) {
      const option = command[start++]!;
      if (option === '--') break;
      if (/^-[pe]$/.test(option)) start++;
    }
    if (local) {
      init = first;
      if (!command[0]!.startsWith('/')) command[0] = local;
      else if (local !== command[0]) place.push({ path: command[0]!, file: local });
    } else {
      notes.push(`the image's init \`${first}\` is not installed on this machine: ran without it, which may change the result`);
      command.splice(0, start);
      start = 0;
    }
  }

  // The base image's own passthrough ENTRYPOINT (docker-php-entrypoint, docker-entrypoint.sh) only execs its
  // arguments after some setup; it is not on this machine, so the arguments run without it.
  const baseEntrypoint = model.base.passthrough ? model.base.entrypoint ?? [] : [];
  if (baseEntrypoint.length > 0 && baseEntrypoint.every((w, i) => command[start + i] === w) && !(baseEntrypoint[0]!.startsWith('/') ? existsSync(baseEntrypoint[0]!) : which(baseEntrypoint[0]!))) {
    command.splice(start, baseEntrypoint.length);
    notes.push(`the base image's ENTRYPOINT \`${baseEntrypoint.join(' ')}\` (it execs its arguments) is not on this machine: its arguments ran without it`);
  }

  const workdir = (await resolveChain(model.chain)).runtimeWorkdir;
  const rest = command.slice(start);
  let usedScript = false;
  for (const script of scripts) {
    if (!script.report) continue;
    // The image's /bin/sh reads the script (Alpine: busybox ash), not this machine's: run it with that shell.
    const { shell } = script.report.script;
    const commandAt = command.findIndex((word, i) => i >= start && (word === script.imagePath || (!word.includes('/') && word === posix.basename(script.imagePath))));
    if (shell.name === 'busybox' && (shell.source === 'image' || shell.source === 'command') && commandAt !== -1) {
      const shellWord = commandAt > start && SHELL_NAMES.has(posix.basename(command[commandAt - 1]!)) ? 1 : 0;
      if (!which('busybox')) {
        throw new InputError(
          `${shell.image ?? 'the image'} runs ${script.imagePath} with busybox ash (its /bin/sh), and busybox is not installed on this machine: install it (apt-get install busybox), or pass --shell to run the script alone with another shell`,
          dockerfile,
        );
      }
      // ash reads a path, not a name from PATH as exec does.
      command.splice(commandAt - shellWord, shellWord + 1, 'busybox', 'ash', script.imagePath);
      notes.push(`${script.imagePath} ran with busybox ash, the image's /bin/sh`);
    }
    const at = rest.indexOf(script.imagePath);
    const source = script.report.script.source;
    place.push({ path: script.imagePath, content: fixedScripts.get(script.file) ?? encodeSource(source, source.text) });
    usedScript = true;
    await collectFromScript(script.report, at >= 0 ? rest.slice(at + 1) : [], out, options.settings);
  }
  if (!usedScript && rest.length > 0) {
    const name = posix.basename(rest[0]!);
    if (SHELL_NAMES.has(name) && rest[1] === '-c' && rest[2] !== undefined) {
      const text = `#!/bin/sh\n${rest[2]}\n`;
      const report = await analyzeScript(decodeSource(`${basename(dockerfile)} (shell form)`, Buffer.from(text)), options.settings);
      await collectFromScript(report, rest.slice(3), out, options.settings);
    } else {
      await passthroughProgram(rest, out, options.settings);
    }
  }
  if (model.stageUser !== undefined && !/^(root|0)(:|$)/.test(model.stageUser)) notes.push(`ran as root, not as USER ${model.stageUser}`);
  if (model.chain.some((s) => s.instructions.some((i) => i.keyword === 'ENV'))) notes.push('ENV lines of the Dockerfile were not applied');

  const dockerSignal = model.stopSignal ? normalizeSignal(model.stopSignal.signal) : undefined;
  const signal = flagSignal ?? dockerSignal ?? 'SIGTERM';
  const signalSource: SignalSource = flagSignal ? 'flag' : dockerSignal ? (model.stopSignal?.instr ? 'STOPSIGNAL' : 'base image') : 'default';
  return {
    variant,
    command,
    place,
    cwd: workdir,
    programs: [...out.programs.values()],
    execWrappers: [...out.execWrappers],
    stubs: stubsBeside(out, options),
    ...(init ? { init } : {}),
    signal,
    signalSource,
    notes: [...notes, ...out.notes],
  };
}
