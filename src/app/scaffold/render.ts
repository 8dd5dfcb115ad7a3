/**
 * Renders the scaffolded files from templates/scaffold-*.hbs. The multi-process start script is the shared wrapper
 * (renderPrelude + renderLaunchBlock, exactly what `execwrap fix` writes); every generated word goes through
 * shellQuote/shellJoin and every exec-form array through jsonArray.
 *
 * Formatting: prettier (prettier-plugin-sh for the script and the Dockerfile, prettier's own YAML). The wrapper blocks
 * are kept out of prettier and put back byte for byte afterwards: prettier-plugin-sh 0.20 prints
 * `{ while …; done <file; } 2>/dev/null` without the `;` before `}`, which no shell parses, and the blocks must
 * stay identical to what the fixer inserts anyway.
 */
import { initPath } from '../../dockerfile/analyze/images.js';
import { jsonArray, shellJoin, shellQuote } from '../../shell/render/shell-quote.js';
import { loadTemplate } from '../../core/templates.js';
import { renderLaunchBlock, renderPrelude } from '../../shell/render/wrapper.js';
import { SCRIPT_IMAGE_PATH, type ScaffoldSpec } from './model.js';

export interface ScaffoldFile {
  /** Relative to the output directory, with `/`. */
  path: string;
  content: string;
  mode: number;
}

/** Seconds in the k8s snippet: preStop sleep + the programs' shutdown budget + margin = the grace period. */
export const K8S_TIMING = { preStopSeconds: 5, shutdownSeconds: 20, marginSeconds: 5 } as const;

const PRELUDE_PLACEHOLDER = '# @@execwrap-scaffold:prelude@@';
const LAUNCH_PLACEHOLDER = '# @@execwrap-scaffold:launch@@';

/** The init part of the ENTRYPOINT (empty for --init none). */
export function initArgv(spec: ScaffoldSpec): string[] {
  if (spec.init === 'none') return [];
  const path = initPath(spec.init, spec.base.packageManager);
  if (spec.init === 'tini') return [path, '--'];
  // dumb-init signals the whole process group unless --single-child: beside the forwarding wrapper every program
  // would get the signal twice (SHELL-FACTS 17). In front of one exec'd program the group is that program.
  return spec.procs.length > 1 ? [path, '--single-child'] : [path];
}

export function entrypointArgv(spec: ScaffoldSpec): string[] {
  return [...initArgv(spec), SCRIPT_IMAGE_PATH];
}

function names(spec: ScaffoldSpec): string {
  const list = spec.procs.map((p) => p.name);
  return list.length === 1 ? list[0]! : `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
}

function trimEnd(text: string): string {
  return text.replace(/\n+$/, '');
}

function withFinalNewline(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(/\n*$/, '\n');
}

type Prettier = typeof import('prettier');
let prettierModules: Promise<{ prettier: Prettier; sh: import('prettier').Plugin }> | undefined;
/** Loaded on first use: prettier is large and only scaffold needs it. */
function loadPrettier(): Promise<{ prettier: Prettier; sh: import('prettier').Plugin }> {
  prettierModules ??= Promise.all([import('prettier'), import('prettier-plugin-sh')]).then(([prettier, sh]) => ({
    prettier,
    sh: (sh as { default?: import('prettier').Plugin }).default ?? (sh as unknown as import('prettier').Plugin),
  }));
  return prettierModules;
}

/** Fixed options: the user's .prettierrc never changes what scaffold generates (same inputs, same bytes). */
async function format(text: string, parser: 'sh' | 'dockerfile' | 'yaml'): Promise<string> {
  const { prettier, sh } = await loadPrettier();
  return prettier.format(text, {
    parser,
    plugins: parser === 'yaml' ? [] : [sh],
    printWidth: 120,
    tabWidth: 2,
    useTabs: false,
    endOfLine: 'lf',
  });
}

export async function renderStartScript(spec: ScaffoldSpec): Promise<string> {
  const single = spec.procs.length === 1;
  const skeleton = loadTemplate('scaffold-start.hbs')({
    interpreter: spec.shell === 'bash' ? '/bin/bash' : '/bin/sh',
    single,
    failFast: spec.failFast,
    names: names(spec),
    // dash rejects `set -o pipefail` (SHELL-FACTS 9); the wrapper is written for both.
    setOptions: spec.shell === 'bash' ? '-euo pipefail' : '-eu',
    prelude: PRELUDE_PLACEHOLDER,
    launch: LAUNCH_PLACEHOLDER,
    command: single ? shellJoin(spec.procs[0]!.argv) : '',
  });
  let text = await format(withFinalNewline(skeleton), 'sh');
  if (!single) {
    const prelude = trimEnd(renderPrelude({ shell: spec.shell }));
    const launch = trimEnd(
      renderLaunchBlock({ shell: spec.shell, launches: spec.procs.map((p) => ({ command: shellJoin(p.argv) })), until: spec.failFast ? 'first' : 'all' }),
    );
    text = replaceLine(text, PRELUDE_PLACEHOLDER, prelude);
    text = replaceLine(text, LAUNCH_PLACEHOLDER, launch);
  }
  return text;
}

function replaceLine(text: string, placeholder: string, replacement: string): string {
  const lines = text.split('\n');
  const at = lines.indexOf(placeholder);
  if (at === -1 || lines.indexOf(placeholder, at + 1) !== -1) throw new Error(`execwrap: scaffold template lost its placeholder ${placeholder}`);
  lines[at] = replacement;
  return lines.join('\n');
}

function pid1Summary(spec: ScaffoldSpec): string {
  const program = spec.procs.length === 1 ? spec.procs[0]!.name : 'the wrapper in start.sh';
  const script = spec.procs.length === 1 ? `start.sh execs ${spec.procs[0]!.name}` : `start.sh passes the stop signal on to ${names(spec)}`;
  if (spec.init === 'none') return spec.procs.length === 1 ? `PID 1 is ${program} (start.sh execs it).` : `PID 1 is ${program}, which passes the stop signal on to ${names(spec)}.`;
  return `PID 1 is ${spec.init} (passes the stop signal on, reaps orphans); ${script}.`;
}

export async function renderDockerfile(spec: ScaffoldSpec): Promise<string> {
  const pm = spec.base.packageManager;
  const initInstall =
    spec.init === 'none'
      ? ''
      : trimEnd(
          loadTemplate('dockerfile-init-install.hbs')({
            asRoot: false,
            user: '',
            init: spec.init,
            package: shellQuote(spec.init),
            apt: pm === 'apt',
            apk: pm === 'apk',
            dnf: pm === 'dnf',
            yum: pm === 'yum',
          }),
        );
  const text = loadTemplate('scaffold-dockerfile.hbs')({
    pid1: pid1Summary(spec),
    base: spec.base.image,
    initInstall,
    installBash: spec.installBash,
    user: spec.user ? shellQuote(spec.user) : '',
    debian: spec.base.family === 'debian',
    alpine: spec.base.family === 'alpine',
    rhel: spec.base.family === 'rhel',
    packageManager: pm,
    workdir: spec.workdir,
    scriptPath: SCRIPT_IMAGE_PATH,
    stopSignal: spec.stopSignal,
    entrypoint: jsonArray(entrypointArgv(spec)),
    ignoreInit: spec.init === 'none' && spec.procs.length > 1,
  });
  return format(withFinalNewline(text), 'dockerfile');
}

export function renderDockerignore(spec: ScaffoldSpec): string {
  // Not formatted: prettier has no parser for ignore files (the plugin would read it as a shell script).
  return withFinalNewline(loadTemplate('scaffold-dockerignore.hbs')({ k8s: spec.k8s }));
}

export async function renderDeployment(spec: ScaffoldSpec): Promise<string> {
  const { preStopSeconds, shutdownSeconds, marginSeconds } = K8S_TIMING;
  const text = loadTemplate('scaffold-k8s-deployment.hbs')({
    name: spec.name,
    image: `${spec.name}:latest`,
    stopSignal: spec.stopSignal,
    preStopSeconds,
    shutdownSeconds,
    marginSeconds,
    graceSeconds: preStopSeconds + shutdownSeconds + marginSeconds,
    preStopCommand: jsonArray(['sleep', String(preStopSeconds)]),
  });
  return format(withFinalNewline(text), 'yaml');
}

/** Every file, in a fixed order. */
export async function renderScaffold(spec: ScaffoldSpec): Promise<ScaffoldFile[]> {
  const files: ScaffoldFile[] = [
    { path: 'start.sh', content: await renderStartScript(spec), mode: 0o755 },
    { path: 'Dockerfile', content: await renderDockerfile(spec), mode: 0o644 },
    { path: '.dockerignore', content: renderDockerignore(spec), mode: 0o644 },
  ];
  if (spec.k8s) files.push({ path: 'k8s/deployment.yaml', content: await renderDeployment(spec), mode: 0o644 });
  return files;
}
