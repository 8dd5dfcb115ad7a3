/**
 * `execwrap scaffold`: writes a start script, a Dockerfile and a .dockerignore (and with --k8s a Deployment) that
 * stop gracefully by construction. Errors are UsageError/InputError: the CLI turns them into exit 2.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { InputError, UsageError } from '../../core/errors.js';
import type { Io } from '../shared/io.js';
import { INITS, missingFlags, SHELLS, type ScaffoldFlags } from '../../app/scaffold/model.js';

interface ScaffoldOptions extends ScaffoldFlags {
  out: string;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Both ends a person answers through: questions are read from stdin and drawn on stderr. */
function interactive(io: Io): boolean {
  const override = (io as { stdinIsTTY?: boolean }).stdinIsTTY;
  return (override ?? Boolean(process.stdin.isTTY)) && (io.stderrIsTTY ?? Boolean(process.stderr.isTTY));
}

export function registerScaffold(program: Command, io: Io): void {
  program
    .command('scaffold')
    .description('write a start script, Dockerfile and .dockerignore that stop gracefully by construction')
    .option('--proc <NAME=command>', "a program the container runs, e.g. 'web=gunicorn -b :8000 app:app' (repeatable: two or more get the forwarding wrapper)", collect)
    .option('--base <image>', 'base image; its family (Debian/Ubuntu, Alpine, RHEL) decides the package manager and the default shell')
    .addOption(new Option('--init <init>', 'init put in front as PID 1 (default: tini)').choices([...INITS]))
    .addOption(new Option('--shell <shell>', 'shell of the start script (default: bash where the base image has it, else sh; bash on Alpine is installed)').choices([...SHELLS]))
    .option('--user <name>', 'create this user and run the programs as it (after the installs)')
    .option('--workdir <dir>', 'WORKDIR of the image (default: /app)')
    .option('--stop-signal <signal>', "STOPSIGNAL: SIGTERM, SIGQUIT, SIGINT or SIGHUP (default: the base image's, else SIGTERM)")
    .option('--name <name>', 'name of the Kubernetes Deployment (default: app)')
    .option('--k8s', 'also write k8s/deployment.yaml with the grace period worked out')
    .option('--fail-fast', 'with several programs: end the container when the first one ends (the others are stopped); default: when all have ended')
    .option('--out <dir>', 'directory to write to', '.')
    .option('--force', 'overwrite files that exist')
    .option('--dry-run', 'print the files as a diff against --out; write nothing')
    .action(async (options: ScaffoldOptions) => {
      await scaffoldCommand(options, io);
    });
}

async function scaffoldCommand(options: ScaffoldOptions, io: Io): Promise<void> {
  const dir = resolve(options.out);
  // Before any question: a wrong --out is found now, not after the answers.
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new InputError('is not a directory (--out)', options.out);
  const { loadSettings } = await import('../../app/config.js');
  let flags: ScaffoldFlags = { ...options, failFast: options.failFast ?? (await loadSettings(process.cwd())).failFast };
  const missing = missingFlags(flags);
  if (missing.length > 0) {
    if (!interactive(io)) {
      throw new UsageError(
        `scaffold: missing ${missing.join(' and ')} (not a terminal, so execwrap cannot ask); for example: execwrap scaffold --proc 'web=gunicorn -b :8000 app:app' --base debian:bookworm-slim`,
      );
    }
    const { askMissing } = await import('../../app/scaffold/prompts.js');
    flags = await askMissing(flags, { input: process.stdin, output: process.stderr });
  }
  const [{ buildSpec }, { renderScaffold }, { display, scaffoldDiff, writeScaffold, existingFiles }] = await Promise.all([
    import('../../app/scaffold/model.js'),
    import('../../app/scaffold/render.js'),
    import('../../app/scaffold/write.js'),
  ]);
  const spec = buildSpec(flags);
  const files = await renderScaffold(spec);
  if (options.dryRun) {
    io.stdout(await scaffoldDiff(dir, files));
    const existing = existingFiles(dir, files);
    if (existing.length > 0 && !options.force) io.stderr(`execwrap: dry run; without --force writing would be refused, these exist: ${existing.map(display).join(', ')}\n`);
    return;
  }
  const written = await writeScaffold(dir, files, options.force === true);
  for (const path of written) io.stderr(`wrote ${display(path)}\n`);
  if (spec.installBash) io.stderr(`note: ${spec.base.image} has no bash; the Dockerfile installs it for the start script\n`);
}
