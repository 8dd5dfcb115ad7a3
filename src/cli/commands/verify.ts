/**
 * `execwrap verify <script | image folder> [args...]`: runs the script as PID 1 of isolated namespaces, stops it
 * like `docker stop`, and reports whether every program got the stop signal and stopped within the grace period.
 */
import { Command, Option } from 'commander';
import { loadSettings } from '../../app/config.js';
import { InputError, UsageError } from '../../core/errors.js';
import type { VariantResult } from '../../app/verify/run.js';
import type { Io } from '../shared/io.js';
import { rejectEngineOnlyFlags, type EngineFlags } from './verify-engine.js';

const EXIT_OK = 0;
const EXIT_FAILED = 1;

interface VerifyFlags {
  real?: boolean;
  signal?: string;
  grace: string;
  compare?: boolean;
  format: 'text' | 'json';
  shell?: 'bash' | 'dash' | 'busybox';
  startTimeout: string;
  fullGrace?: boolean;
  stub: string[];
  /** A Kubernetes manifest or Compose file: which container or service to run. */
  container?: string;
  /** --grace was given (otherwise a manifest's own grace period is used). */
  graceGiven?: boolean;
  exit?: string[];
}

const DEFAULT_EXIT_AFTER_MS = 1000;

/** `--exit NAME=STATUS[@MS]` → a stand-in that ends by itself MS after it starts (default 1000) with STATUS. */
export function parseExit(spec: string): { name: string; status: number; afterMs: number } {
  const m = /^([^=\s]+)=(\d{1,3})(?:@(\d+))?$/.exec(spec.trim());
  const status = m ? Number(m[2]) : NaN;
  if (!m || status > 255) throw new UsageError(`--exit ${spec}: give PROGRAM=STATUS or PROGRAM=STATUS@MS (a status 0-255, the time in ms after the program starts; default ${DEFAULT_EXIT_AFTER_MS})`);
  return { name: m[1]!.split('/').pop()!, status, afterMs: m[3] !== undefined ? Number(m[3]) : DEFAULT_EXIT_AFTER_MS };
}

/** `--engine` and the flags that go with it (src/cli/verify-engine.ts). */
type EngineFlagsIn = Partial<Omit<EngineFlags, 'grace' | 'compare' | 'format' | 'buildArg'>> & { buildArg: string[] };

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function seconds(flag: string, value: string): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(n > 0) || n > 3600) throw new UsageError(`${flag} ${value}: give a number of seconds (0 < n ≤ 3600)`);
  return n;
}

export function registerVerify(program: Command, io: Io, setExitCode: (code: number) => void): void {
  program
    .command('verify')
    .description('run a start script (or an image folder) as PID 1 in isolated namespaces, stop it like `docker stop`, and report whether every program got the signal in time; with --engine, build the image and stop it on the real engine')
    .argument('[target]', 'start script, an image folder (Dockerfile + build context), or a Kubernetes manifest / Compose file (with --container)')
    .argument('[args...]', 'arguments for the script (after --), e.g. the command an `exec "$@"` script runs')
    .option('--real', 'run the real programs instead of stand-ins')
    .option('--signal <signal>', "stop signal to send (default: the image's STOPSIGNAL, else TERM)")
    .option('--grace <seconds>', 'grace period before SIGKILL (Kubernetes default)', '30')
    .option('--compare', "also run execwrap's fix of it and show both side by side (exit code follows the fixed version)")
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addOption(new Option('--shell <shell>', "run a script with this shell instead of its #! line").choices(['bash', 'dash', 'busybox']))
    .option('--start-timeout <seconds>', 'how long to wait for the programs to start', '10')
    .option('--full-grace', 'wait out the whole grace period even when PID 1 drops the signal (no handler)')
    .option('--stub <name>', 'also replace this program by a stand-in that ends at once with 0: a setup command missing here (repeatable)', (value: string, previous: string[]) => [...previous, value], [])
    .option('--container <name>', "a manifest's container or Compose service to run (its stop signal and grace period come from the manifest)")
    .option('--exit <PROGRAM=STATUS[@ms]>', 'make a stand-in end by itself (repeatable) and send no stop signal: shows when and how the script then ends; with --compare, whether the fix keeps that', (value: string, previous: string[] | undefined) => [...(previous ?? []), value])
    .addOption(new Option('--engine <engine>', 'build the image folder and stop it on this engine (docker stop), instead of namespaces').choices(['docker', 'podman']))
    .option('--dockerfile <path>', 'with --engine: the Dockerfile (docker build -f); default: the one in the folder')
    .option('--build-arg <NAME=value>', 'with --engine: a build argument (repeatable)', collect, [])
    .option('--target <stage>', 'with --engine: the stage to build (docker build --target)')
    .option('--image <name>', 'with --engine: run this image instead of building one (with --compare, the folder\'s fix is built to compare with it)')
    .option('--up-after <seconds>', 'with --engine: stop this long after the container started (default: when its HEALTHCHECK says healthy, else 5)')
    .option('--network <mode>', 'with --engine: the network for the build (docker build --network), e.g. host')
    .action(async (target: string | undefined, args: string[], flags: VerifyFlags & EngineFlagsIn, command: Command) => {
      // Exit 2 travels as a UsageError/InputError (main.ts prints it and returns 2).
      if (flags.engine) {
        setExitCode(await (await import('./verify-engine.js')).verifyEngineCommand(target, args, { ...flags, engine: flags.engine }, io));
        return;
      }
      rejectEngineOnlyFlags(flags);
      if (target === undefined) throw new UsageError('verify needs a start script or an image folder');
      setExitCode(await verifyCommand(target, args, { ...flags, graceGiven: command.getOptionValueSource('grace') === 'cli' }, io));
    });
}

/**
 * Runs verify and prints its report: EXIT_OK when every program got the signal and stopped within the grace
 * period, EXIT_FAILED when not. Throws UsageError/InputError (exit 2) when it cannot run, saying why.
 */
export async function verifyCommand(target: string, args: string[], flags: VerifyFlags, io: Io): Promise<number> {
  let graceSeconds = seconds('--grace', flags.grace);
  const startTimeoutMs = seconds('--start-timeout', flags.startTimeout) * 1000;
  const exits = (flags.exit ?? []).map(parseExit);
  if (exits.length > 0 && flags.real) throw new UsageError('--exit makes stand-ins end by themselves; it cannot be used with --real');
  // Loaded here, not at start-up: every other command starts faster without the namespace machinery.
  const [{ killActiveRuns, Pid1IsolationError, pid1Support }, { planVerify }, { buildReport, jsonVerifyReport, textVerifyReport }, { runVariant }] =
    await Promise.all([import('../../app/verify/pid1.js'), import('../../app/verify/plan-target.js'), import('../../app/verify/report.js'), import('../../app/verify/run.js')]);
  const plan = await planVerify(target, {
    args,
    compare: !!flags.compare,
    settings: await loadSettings(process.cwd()),
    ...(flags.signal !== undefined ? { signal: flags.signal } : {}),
    ...(flags.shell ? { shell: flags.shell } : {}),
    stubs: flags.stub,
    ...(flags.container !== undefined ? { container: flags.container } : {}),
  });
  // A manifest says how long the runtime waits: terminationGracePeriodSeconds, stop_grace_period.
  if (!flags.graceGiven && plan.graceSeconds !== undefined && plan.graceSeconds > 0) graceSeconds = plan.graceSeconds;
  for (const exit of exits) {
    const known = [...new Set(plan.variants.flatMap((v) => v.programs.map((p) => p.name)))];
    if (!known.includes(exit.name)) throw new UsageError(`--exit ${exit.name}: not a program of this script (its programs: ${known.join(', ') || 'none'})`);
  }
  const empty = plan.variants.find((v) => v.programs.length === 0);
  if (empty) {
    const why = empty.notes.length > 0 ? ` (${empty.notes.join('; ')})` : '';
    const hint = args.length ? '' : '\nwhen the script runs its arguments (`exec "$@"`), give the command after --: execwrap verify start.sh -- redis-server';
    throw new InputError(`the analysis found no long-running program to ${flags.real ? 'watch' : 'stand in for'}${why}; nothing to verify${hint}`, target);
  }

  const support = pid1Support();
  if (!support.ok) {
    throw new UsageError(
      `verify cannot run here: isolated namespaces are not available (${support.reason}).\n` +
        'It needs new PID, mount and network namespaces and an overlay over / so the script cannot touch this machine:\n' +
        'run it as root (for example in a privileged CI container) or with user namespaces enabled. The script was not run.',
    );
  }

  const stop = (signal: NodeJS.Signals) => () => {
    killActiveRuns();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  const onInt = stop('SIGINT');
  const onTerm = stop('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  const runs: VariantResult[] = [];
  try {
    for (const variant of plan.variants) {
      runs.push(await runVariant(variant, { real: !!flags.real, graceSeconds, startTimeoutMs, fullGrace: !!flags.fullGrace, exits }));
    }
  } catch (error) {
    if (error instanceof Pid1IsolationError) throw new UsageError(`${error.message}. The script was not run outside the namespace.`);
    throw error;
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
    killActiveRuns();
  }
  const report = buildReport(plan, runs, { real: !!flags.real, graceSeconds, exits });
  io.stdout(flags.format === 'json' ? jsonVerifyReport(report) : textVerifyReport(report));
  return report.passed ? EXIT_OK : EXIT_FAILED;
}
