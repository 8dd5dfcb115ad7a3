import { createRequire } from 'node:module';
import type { ShellName } from './shells.js';

export type ShellVerdict = { valid: true } | { valid: false; message: string; line?: number } | { valid: 'unknown' };

/**
 * Asks the real shell (`bash -n`, `dash -n`) whether a script is valid. Used only where tree-sitter
 * reports an error: the grammar misses a few valid constructs, and the shell is the authority.
 */
export function shellSyntaxCheck(text: string, shell: ShellName): ShellVerdict {
  // A start script copied into several image folders (one per variant, as official images do) is asked about once.
  const key = `${shell}\0${text}`;
  let verdict = verdicts.get(key);
  if (!verdict) {
    verdict = askShell(text, shell);
    if (verdicts.size >= 256) verdicts.delete(verdicts.keys().next().value!);
    verdicts.set(key, verdict);
  }
  return verdict;
}

const verdicts = new Map<string, ShellVerdict>();

function askShell(text: string, shell: ShellName): ShellVerdict {
  // node:child_process (with net, dgram and streams, ~8 ms) is loaded the first time a shell is asked, not at start.
  const { spawnSync } = createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process');
  for (const [command, ...args] of CHECKERS[shell]) {
    const result = spawnSync(command!, [...args, '-n'], { input: text, encoding: 'utf8', timeout: 5000 });
    if (result.error) continue;
    if (result.status === 0) return { valid: true };
    const message = result.stderr.trim().split('\n')[0] ?? 'syntax error';
    const line = /line (\d+)|: (\d+):/.exec(message);
    const number = line ? Number(line[1] ?? line[2]) : undefined;
    const reason = message.replace(/^.*?syntax error:?\s*/i, '') || message;
    return { valid: false, message: reason, ...(number ? { line: number } : {}) };
  }
  return { valid: 'unknown' };
}

/** The shell itself, else the closest one this machine has. */
const CHECKERS: Record<ShellName, string[][]> = {
  dash: [['dash'], ['sh']],
  busybox: [['busybox', 'ash'], ['ash']],
  bash: [['bash']],
  'bash-posix': [['bash', '--posix']],
};
