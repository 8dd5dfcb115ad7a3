/**
 * `execwrap verify --engine docker|podman IMAGE_DIR`: flags, the temporary copy that --compare fixes (through
 * migrate, as `execwrap migrate --write` would), and printing. The engine work is in src/app/verify/engine.ts, the
 * fixed copy in src/app/verify/fixed-copy.ts.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { loadSettings } from '../../app/config.js';
import { InputError, UsageError } from '../../core/errors.js';
import type { EngineName, EngineRunPlan, EngineVariant } from '../../app/verify/engine.js';
import type { Io } from '../shared/io.js';

export interface EngineFlags {
  engine: EngineName;
  grace: string;
  compare?: boolean;
  format: 'text' | 'json';
  dockerfile?: string;
  buildArg: string[];
  target?: string;
  image?: string;
  upAfter?: string;
  network?: string;
}

/** Flags of the runs in namespaces, which mean nothing on an engine. */
const NAMESPACE_ONLY_FLAGS = { real: '--real', signal: '--signal', shell: '--shell', fullGrace: '--full-grace', container: '--container' } as const;
/** Flags that need --engine. */
const ENGINE_ONLY_FLAGS = { dockerfile: '--dockerfile', target: '--target', image: '--image', upAfter: '--up-after', network: '--network' } as const;

/** A verify in namespaces given a flag that only --engine takes: exit 2 naming it. */
export function rejectEngineOnlyFlags(flags: Partial<Record<keyof typeof ENGINE_ONLY_FLAGS, string>> & { buildArg: string[] }): void {
  for (const [key, flag] of Object.entries(ENGINE_ONLY_FLAGS)) {
    if (flags[key as keyof typeof ENGINE_ONLY_FLAGS] !== undefined) throw new UsageError(`${flag} needs --engine docker|podman`);
  }
  if (flags.buildArg.length > 0) throw new UsageError('--build-arg needs --engine docker|podman');
}

const EXIT_OK = 0;
const EXIT_FAILED = 1;

function wholeSeconds(flag: string, value: string, min: number): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < min || Number(value) > 3600) {
    throw new UsageError(`${flag} ${value}: give whole seconds (${min} ≤ n ≤ 3600)${flag === '--grace' ? '; the engine takes `stop -t` in whole seconds' : ''}`);
  }
  return Number(value);
}

function upAfter(value: string): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || n > 3600) throw new UsageError(`--up-after ${value}: give a number of seconds (0 ≤ n ≤ 3600)`);
  return n;
}

/** A path as the user would type it: relative below the working directory, else absolute. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/**
 * Runs verify on a real engine and prints its report: EXIT_OK when the (fixed) image stopped within the grace
 * without SIGKILL, EXIT_FAILED when not. Throws UsageError/InputError/EngineError (exit 2): no engine, a bad
 * flag, a failed build (its output printed first).
 */
export async function verifyEngineCommand(
  target: string | undefined,
  args: string[],
  flags: EngineFlags & Partial<Record<keyof typeof NAMESPACE_ONLY_FLAGS, unknown>> & { stub?: string[] },
  io: Io,
): Promise<number> {
  for (const [key, flag] of Object.entries(NAMESPACE_ONLY_FLAGS)) {
    if (flags[key as keyof typeof NAMESPACE_ONLY_FLAGS]) throw new UsageError(`${flag} is for runs in namespaces; it cannot be combined with --engine`);
  }
  if (flags.stub?.length) throw new UsageError('--stub is for runs in namespaces; it cannot be combined with --engine');
  const graceSeconds = wholeSeconds('--grace', flags.grace, 1);
  const upAfterSeconds = flags.upAfter !== undefined ? upAfter(flags.upAfter) : undefined;
  if (!target && !flags.image) throw new UsageError('verify --engine needs an image folder (a Dockerfile and its build context), or --image NAME');
  if (flags.compare && !target) throw new UsageError('--compare builds execwrap\'s fix of the image folder: give the folder too (with --image, the image is the original)');
  let context: string | undefined;
  let dockerfile: string | undefined;
  if (target) {
    context = resolve(target);
    let info;
    try {
      info = statSync(context);
    } catch {
      throw new InputError('no such file or directory', target);
    }
    if (!info.isDirectory()) throw new InputError('verify --engine takes an image folder (a Dockerfile and its build context), not a file', target);
    if (flags.dockerfile) {
      dockerfile = resolve(flags.dockerfile);
      if (!statSync(dockerfile, { throwIfNoEntry: false })?.isFile()) throw new InputError('no such Dockerfile', flags.dockerfile);
    } else if (!flags.image || flags.compare) {
      const { findDockerfile } = await import('../../app/verify/plan.js');
      dockerfile = findDockerfile(context);
    }
  }

  const { EngineError, cleanupEngineRuns, connectEngine, verifyOnEngine } = await import('../../app/verify/engine.js');
  const engine = await connectEngine(flags.engine);

  const original: EngineVariant = flags.image
    ? { variant: 'original', source: { kind: 'image', name: flags.image } }
    : { variant: 'original', source: { kind: 'build', context: context!, dockerfile: dockerfile! } };
  let temp: string | undefined;
  const stop = (signal: NodeJS.Signals) => () => {
    io.stderr(`execwrap: ${signal}: removing the containers and images verify made\n`);
    cleanupEngineRuns();
    if (temp) rmSync(temp, { recursive: true, force: true });
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  const onInt = stop('SIGINT');
  const onTerm = stop('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  try {
    const plan: EngineRunPlan = { target: target ?? null, dockerfile: dockerfile ? shown(dockerfile) : null, variants: [original], fix: null };
    if (flags.compare) {
      temp = mkdtempSync(join(tmpdir(), 'execwrap-verify-engine-'));
      const { fixedCopy } = await import('../../app/verify/fixed-copy.js');
      const fixed = await fixedCopy(context!, dockerfile!, await loadSettings(process.cwd()), temp);
      plan.fix = { changed: fixed.changed, notes: fixed.notes };
      // Nothing to fix: the original is the fixed version; building it twice would prove nothing more.
      if (fixed.changed.length > 0) plan.variants.push(fixed.variant);
    }
    const progress = (line: string) => io.stderr(`execwrap verify: ${line}\n`);
    const report = await verifyOnEngine(engine, plan, {
      graceSeconds,
      ...(upAfterSeconds !== undefined ? { upAfterSeconds } : {}),
      buildArgs: flags.buildArg,
      ...(flags.target ? { target: flags.target } : {}),
      ...(flags.network ? { network: flags.network } : {}),
      args,
      progress,
    });
    const { jsonEngineReport, textEngineReport } = await import('../../app/verify/engine-report.js');
    io.stdout(flags.format === 'json' ? jsonEngineReport(report) : textEngineReport(report));
    return report.passed ? EXIT_OK : EXIT_FAILED;
  } catch (error) {
    if (error instanceof EngineError && error.output) io.stderr(error.output.endsWith('\n') ? error.output : `${error.output}\n`);
    throw error;
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
    if (temp) rmSync(temp, { recursive: true, force: true });
  }
}
