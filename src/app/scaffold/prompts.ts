/**
 * On a terminal, `execwrap scaffold` without its required flags asks for what is missing, one question at a time
 * (like `docker init`). Only questions whose flag was not given are asked. Questions and answers go to stderr, so
 * stdout stays the diff of `--dry-run`.
 */
import { UsageError } from '../../core/errors.js';
import { baseFacts, INITS, parseProc, STOP_SIGNALS, type ScaffoldFlags } from './model.js';

export interface PromptStreams {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

function validity(check: () => unknown): true | string {
  try {
    check();
    return true;
  } catch (error) {
    return error instanceof UsageError ? error.message : String(error);
  }
}

/** Asks for every missing answer and returns the completed flags. Ctrl-C ends it with a UsageError. */
export async function askMissing(flags: ScaffoldFlags, streams: PromptStreams): Promise<ScaffoldFlags> {
  const { input, select, confirm } = await import('@inquirer/prompts');
  const context = { input: streams.input, output: streams.output, clearPromptOnDone: false };
  const answers: ScaffoldFlags = { ...flags };
  try {
    if (!answers.base) {
      answers.base = await input(
        { message: 'Base image (Debian, Ubuntu, Alpine or RHEL family):', default: 'debian:bookworm-slim', validate: (v) => validity(() => baseFacts(v)) },
        context,
      );
    }
    const facts = baseFacts(answers.base);
    if (!answers.proc || answers.proc.length === 0) {
      const procs: string[] = [];
      const names = new Set<string>();
      for (;;) {
        const name = await input(
          {
            message: procs.length === 0 ? 'Name of the program the container runs:' : 'Name of the next program:',
            default: procs.length === 0 ? 'web' : undefined,
            validate: (v) => (names.has(v.trim()) ? `${v.trim()} is taken` : validity(() => parseProc(`${v.trim()}=true`))),
          },
          context,
        );
        const command = await input(
          { message: `Command that starts ${name.trim()} (program and arguments):`, validate: (v) => validity(() => parseProc(`${name.trim()}=${v}`)) },
          context,
        );
        procs.push(`${name.trim()}=${command}`);
        names.add(name.trim());
        if (!(await confirm({ message: 'Does the container run another program?', default: false }, context))) break;
      }
      answers.proc = procs;
    }
    if (answers.init === undefined) {
      answers.init = await select(
        {
          message: 'Init in front of the start script (PID 1):',
          choices: INITS.map((value) => ({
            value,
            name: value,
            description:
              value === 'none'
                ? 'no init: the start script (or its program) is PID 1'
                : `${value}: passes the stop signal on and reaps orphaned processes`,
            ...(value !== 'none' && !facts.initInstallable ? { disabled: `(not in ${facts.image}'s repositories)` } : {}),
          })),
          default: facts.initInstallable ? 'tini' : 'none',
        },
        context,
      );
    }
    if (answers.shell === undefined) {
      answers.shell = await select(
        {
          message: 'Shell for the start script:',
          choices: [
            { value: 'sh', name: 'sh' },
            { value: 'bash', name: facts.hasBash ? 'bash' : 'bash (installed with the package manager)' },
          ],
          default: facts.hasBash ? 'bash' : 'sh',
        },
        context,
      );
    }
    if (answers.user === undefined) {
      answers.user = await input({ message: 'User to run the programs as (empty: root):', default: 'app' }, context);
    }
    if (answers.stopSignal === undefined) {
      answers.stopSignal = await select(
        {
          message: 'Stop signal:',
          choices: STOP_SIGNALS.map((value) => ({ value, name: value })),
          default: facts.stopSignal ?? 'SIGTERM',
        },
        context,
      );
    }
    if (answers.k8s === undefined) {
      answers.k8s = await confirm({ message: 'Also write a Kubernetes Deployment (k8s/deployment.yaml)?', default: false }, context);
    }
  } catch (error) {
    if ((error as Error).name === 'ExitPromptError' || (error as Error).name === 'AbortPromptError') throw new UsageError('scaffold cancelled; nothing written');
    throw error;
  }
  return answers;
}
