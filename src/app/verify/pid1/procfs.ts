/** What /proc says about the processes of a run: parents, namespaces, executables, signal dispositions. */
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readlinkSync, readSync, realpathSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { basename, join } from 'node:path';

export function ppidOf(pid: string): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

export function childrenOf(ppid: number): number[] {
  const out: number[] = [];
  for (const e of readdirSync('/proc')) {
    if (/^\d+$/.test(e) && ppidOf(e) === ppid) out.push(Number(e));
  }
  return out;
}

export function nsOf(pid: number): string | null {
  try {
    return readlinkSync(`/proc/${pid}/ns/pid`);
  } catch {
    return null;
  }
}

export function pidsInNamespace(ns: string): number[] {
  const out: number[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      if (readlinkSync(`/proc/${e}/ns/pid`) === ns) out.push(Number(e));
    } catch {
      /* gone */
    }
  }
  return out;
}

export function exeBase(pid: number): string {
  try {
    return readlinkSync(`/proc/${pid}/exe`).split('/').pop() ?? '';
  } catch {
    return '';
  }
}

/**
 * Whether a namespace's PID 1 will receive a signal sent from outside: it has a handler for it (SigCgt), or has it
 * blocked to take it with sigwait (SigBlk). Otherwise the kernel drops it. Undefined when that cannot be told.
 */
export function receivesSignal(pid: number, signal: NodeJS.Signals): boolean | undefined {
  const n = osConstants.signals[signal];
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const mask = (field: string): bigint | undefined => {
      const m = new RegExp(`^${field}:\\s*([0-9a-f]+)$`, 'm').exec(status);
      return m ? BigInt(`0x${m[1]}`) : undefined;
    };
    // Inside sigtimedwait (tini) the waited-for signals are taken off SigBlk while the call lasts; the kernel still
    // counts them as blocked. Which ones it waits for is not visible here: unknown.
    if (/sigtimedwait/.test(readProc(pid, 'wchan'))) return undefined;
    const caught = mask('SigCgt');
    const blocked = mask('SigBlk');
    if (caught === undefined || blocked === undefined || n === undefined) return undefined;
    return (((caught | blocked) >> BigInt(n - 1)) & 1n) === 1n;
  } catch {
    return undefined;
  }
}

export function findInPath(cmd: string): string | null {
  if (cmd.includes('/')) return cmd;
  for (const dir of (process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin').split(':')) {
    if (dir && existsSync(join(dir, cmd))) return join(dir, cmd);
  }
  return null;
}

/** The executable's basename as /proc/PID/exe will show it once `file` runs: the `#!` interpreter for scripts. */
export function exeNameOf(file: string | undefined, place: Map<string, string>): string | undefined {
  if (!file) return undefined;
  try {
    const found = place.get(file) ?? findInPath(file);
    if (!found) return undefined;
    const fd = openSync(found, 'r');
    const head = Buffer.alloc(256);
    const n = readSync(fd, head, 0, 256, 0);
    closeSync(fd);
    const text = head.subarray(0, n).toString('utf8');
    if (text.startsWith('#!')) {
      const words = text.slice(2).split('\n')[0]!.trim().split(/\s+/);
      let interpreter: string | undefined = words[0];
      // `#!/usr/bin/env bash`: env execs the program it names.
      if (interpreter && basename(interpreter) === 'env') interpreter = words.slice(1).find((w) => !w.startsWith('-') && !w.includes('='));
      const found = interpreter ? findInPath(interpreter) : null;
      return found ? basename(realpathSync(found)) : undefined;
    }
    return basename(realpathSync(found));
  } catch {
    return undefined;
  }
}

export function readProc(pid: number, what: string): string {
  try {
    return readFileSync(`/proc/${pid}/${what}`, 'utf8');
  } catch {
    return '';
  }
}

/** Whether a process is the program `name`: its comm, or the basename of argv[0] or argv[1] (`python /usr/bin/gunicorn`). */
export function processIs(pid: number, name: string): boolean {
  if (readProc(pid, 'comm').trim() === name.slice(0, 15)) return true;
  const argv = readProc(pid, 'cmdline').split('\0');
  return [argv[0], argv[1]].some((a) => a !== undefined && a !== '' && a.split('/').pop() === name);
}
