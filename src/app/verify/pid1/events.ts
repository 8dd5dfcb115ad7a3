/** The stand-ins' event log (one JSON line per start, signal and exit), read back into a report per program. */
import { existsSync, readFileSync } from 'node:fs';
import type { StandinReport } from './types.js';

export interface LogEvent {
  /** `setup`: a call of a stood-in program that is not its launch; it ended at once. */
  ev: 'start' | 'signal' | 'exit' | 'setup';
  name: string;
  pid: number;
  t: number;
  sig?: string;
  code?: number;
  argv?: string[];
  daemon?: boolean;
}

export function readEvents(file: string): LogEvent[] {
  if (!existsSync(file)) return [];
  const out: LogEvent[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as LogEvent);
    } catch {
      /* a torn last line while the program writes; read again later */
    }
  }
  return out;
}


/** One report per stand-in process, in start order; times relative to `t0` (the stop signal). */
export function standinReports(events: readonly LogEvent[], t0: number): StandinReport[] {
  const byPid = new Map<number, StandinReport>();
  for (const e of events) {
    if (e.ev === 'setup') continue;
    let r = byPid.get(e.pid);
    if (e.ev === 'start' || !r) {
      r = { name: e.name, pid: e.pid, argv: e.argv ?? [], startedAt: e.t, startedMs: e.t - t0, signals: [], exit: null, daemon: e.daemon === true };
      byPid.set(e.pid, r);
    }
    if (e.ev === 'signal') r.signals.push({ sig: e.sig ?? '?', t: e.t, ms: e.t - t0 });
    if (e.ev === 'exit') r.exit = { code: e.code ?? 0, t: e.t, ms: e.t - t0 };
  }
  return [...byPid.values()].sort((a, b) => a.startedAt - b.startedAt);
}
