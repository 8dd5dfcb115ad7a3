/** Text and JSON output of `execwrap verify`. */
import { resolve } from 'node:path';
import type { VerifyTargetPlan } from './plan.js';
import type { ProgramExit, ProgramOutcome, VariantResult } from './run.js';

/** How far apart the original and the fixed script may end and still count as "the same moment": the fixed one gives
 * the programs it stops afterwards their graceful shutdown (the stand-ins take 100 ms) where the kernel SIGKILLs them. */
export const SAME_MOMENT_MS = 500;

/** `--compare --exit`: whether the fix kept when and how the script ends, for PID 1 and per program. */
export interface LifetimeComparison {
  kept: boolean;
  /** One sentence on PID 1 (the container). */
  summary: string;
  programs: { name: string; same: boolean; detail: string }[];
}

export interface VerifyReport {
  version: 1;
  target: string;
  kind: 'script' | 'image' | 'manifest';
  dockerfile?: string;
  /** For a manifest: the container or service that ran. */
  container?: string;
  mode: 'stand-ins' | 'real';
  graceSeconds: number;
  /** One run, or with --compare the original and the fixed version, in that order. */
  runs: VariantResult[];
  /** The verdict the exit code follows: the only run, or the fixed version with --compare. */
  passed: boolean;
  /** `--exit`: the programs told to end by themselves; with --compare, whether the fix kept the script's lifetime. */
  exits?: ProgramExit[];
  lifetime?: LifetimeComparison;
}

function endOf(p: ProgramOutcome | undefined): number | null {
  return p && (p.end === 'exited' || p.end === 'gone') ? p.endedMs : null;
}

/**
 * Compares two lifetime runs. The container's end is what counts: both end within SAME_MOMENT_MS of each other with
 * the same status, or both keep running; or the original keeps running on a keep-alive after every program has ended,
 * and the fixed script ends then with 0 (the rule for keep-alives). Per program: whether it ended (or kept running)
 * alike; a program the original's end killed and the fix stopped with TERM counts as alike.
 */
export function compareLifetime(original: VariantResult, fixed: VariantResult): LifetimeComparison {
  const o = original.lifetime!;
  const f = fixed.lifetime!;
  let kept: boolean;
  let summary: string;
  if (o.ended && f.ended) {
    const apart = f.endedMs! - o.endedMs!;
    kept = Math.abs(apart) <= SAME_MOMENT_MS && o.exitCode === f.exitCode;
    summary = kept
      ? `both ended by themselves with status ${f.exitCode} (fixed ${apart >= 0 ? `${apart} ms later` : `${-apart} ms earlier`})`
      : `the original ended after ${o.endedMs} ms with status ${o.exitCode}, the fixed script after ${f.endedMs} ms with status ${f.exitCode}`;
  } else if (!o.ended && !f.ended) {
    kept = true;
    summary = 'both kept running';
  } else if (!o.ended) {
    const allEnded = fixed.programs.filter((p) => p.started).every((p) => p.end === 'exited' && p.endedMs! <= f.endedMs!);
    kept = allEnded && f.exitCode === 0;
    summary = kept
      ? `the original kept running (a keep-alive); the fixed script ended once every program had, with 0`
      : `the original kept running, the fixed script ended after ${f.endedMs} ms with status ${f.exitCode}`;
  } else {
    kept = false;
    summary = `the original ended after ${o.endedMs} ms with status ${o.exitCode}, the fixed script kept running`;
  }
  const names: string[] = [];
  for (const run of [original, fixed]) for (const p of run.programs) if (!names.includes(p.name)) names.push(p.name);
  const programs = names.map((name) => {
    const a = original.programs.find((p) => p.name === name);
    const b = fixed.programs.find((p) => p.name === name);
    const [ea, eb] = [endOf(a), endOf(b)];
    if (ea === null && eb === null) return { name, same: a?.end === b?.end, detail: a?.end === b?.end ? 'kept running in both' : `${a?.end ?? 'absent'} / ${b?.end ?? 'absent'}` };
    if (ea === null || eb === null) return { name, same: false, detail: ea === null ? 'kept running in the original only' : 'kept running in the fixed script only' };
    const apart = eb - ea;
    const stopped = a!.end === 'gone' && b!.end === 'exited' && (b!.signals?.length ?? 0) > 0;
    const sameStatus = a!.end === 'exited' && b!.end === 'exited' ? a!.exitCode === b!.exitCode : stopped;
    const same = Math.abs(apart) <= SAME_MOMENT_MS && sameStatus;
    const how = stopped ? 'stopped with TERM instead of killed' : a!.end === 'exited' && b!.end === 'exited' ? `status ${a!.exitCode} / ${b!.exitCode}` : `${a!.end} / ${b!.end}`;
    return { name, same, detail: `${how}, ${apart >= 0 ? '+' : ''}${apart} ms` };
  });
  return { kept, summary, programs };
}

export function buildReport(plan: VerifyTargetPlan, runs: VariantResult[], options: { real: boolean; graceSeconds: number; exits?: ProgramExit[] }): VerifyReport {
  const exits = options.exits ?? [];
  const lifetime = exits.length > 0 && runs.length === 2 ? compareLifetime(runs[0]!, runs[1]!) : undefined;
  if (lifetime) runs[1]!.passed = lifetime.kept;
  return {
    version: 1,
    target: plan.target,
    kind: plan.kind,
    ...(plan.dockerfile ? { dockerfile: plan.dockerfile } : {}),
    ...(plan.container ? { container: plan.container } : {}),
    mode: options.real ? 'real' : 'stand-ins',
    graceSeconds: options.graceSeconds,
    runs,
    passed: runs[runs.length - 1]!.passed,
    ...(exits.length > 0 ? { exits } : {}),
    ...(lifetime ? { lifetime } : {}),
  };
}

export function jsonVerifyReport(report: VerifyReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

function ms(n: number): string {
  return n >= 10_000 ? `${(n / 1000).toFixed(0)} s` : n >= 1000 ? `${(n / 1000).toFixed(1).replace(/\.0$/, '')} s` : `${n} ms`;
}

function signed(n: number): string {
  return n < 0 ? `${n}` : `+${n}`;
}

/** One table cell: what a program got and how it ended. */
function cell(p: ProgramOutcome | undefined): string {
  if (!p) return '-';
  if (!p.started) return 'not started';
  const got = p.signals === null ? '' : p.signals.length === 0 ? 'no signal; ' : `${p.signals.map((s) => `${s.signal.replace(/^SIG/, '')} ${signed(s.ms)} ms`).join(', ')}; `;
  switch (p.end) {
    case 'exited':
      return `${got}${p.exitCode !== null ? `exited ${p.exitCode}` : 'ended'} ${signed(p.endedMs!)} ms`;
    case 'killed':
      return `${got}SIGKILLed at the deadline`;
    case 'gone':
      return `${got}killed with PID 1${p.endedMs !== null ? ` ${signed(p.endedMs)} ms` : ''}`;
    case 'running':
      return `${got}still running`;
    default:
      return got;
  }
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => `  ${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('   ')}`.trimEnd()).join('\n');
}

function q(word: string): string {
  return /^[A-Za-z0-9_@%+:,./=-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function stopCell(run: VariantResult): string {
  return `${ms(run.stopMs)}${run.projected ? ' (projected)' : ''}`;
}

export function textVerifyReport(report: VerifyReport): string {
  const out: string[] = [];
  const first = report.runs[0]!;
  out.push(`execwrap verify ${report.target}${report.dockerfile ? ` (image: ${report.dockerfile})` : ''}`);
  if (report.exits) {
    out.push(`  no stop signal: ${report.exits.map((e) => `${e.name} ends by itself with ${e.status}, ${e.afterMs} ms after it starts`).join('; ')}; times count from ${report.exits.length > 1 ? 'the first of these ends' : 'that end'}`);
  } else {
    out.push(`  signal ${first.signal} (${first.signalSource === 'default' ? 'default' : first.signalSource === 'flag' ? '--signal' : first.signalSource}), grace ${report.graceSeconds} s, ${report.mode === 'real' ? 'real programs' : 'stand-ins for the programs'}`);
  }
  // The script runs at its own absolute path inside the namespace; it is named as it was given.
  const given = resolve(report.target);
  const shown = (word: string) => (word === given ? report.target : q(word));
  for (const run of report.runs) {
    const label = report.runs.length > 1 ? `${run.variant}: `.padEnd(10) : '';
    // The fixed version runs under the original's name (inside the namespace only): say that it is execwrap's fix.
    const what = run.variant === 'fixed' ? `  (as \`execwrap fix\` would write ${report.kind === 'image' ? 'the Dockerfile and its start script' : 'it'}; no file is changed)` : '';
    out.push(`  ${label}${run.command.map(shown).join(' ')}${what}`);
  }
  out.push('');
  const names: string[] = [];
  for (const run of report.runs) for (const p of run.programs) if (!names.includes(p.name)) names.push(p.name);
  // instances of the same program (two `node &` lines) get their own rows
  const lifetime = report.lifetime;
  const rows: string[][] = [['program', ...report.runs.map((r) => (report.runs.length > 1 ? r.variant : 'result')), ...(lifetime ? ['same end'] : [])]];
  for (const name of names) {
    const count = Math.max(...report.runs.map((r) => r.programs.filter((p) => p.name === name).length));
    const same = lifetime?.programs.find((p) => p.name === name);
    for (let i = 0; i < count; i++) {
      rows.push([count > 1 ? `${name} #${i + 1}` : name, ...report.runs.map((r) => cell(r.programs.filter((p) => p.name === name)[i])), ...(same && i === 0 ? [same.same ? 'yes' : `no (${same.detail})`] : lifetime ? [''] : [])]);
    }
  }
  if (report.exits) {
    rows.push(['PID 1', ...report.runs.map((r) => (r.lifetime!.ended ? `exit ${r.lifetime!.exitCode} ${signed(r.lifetime!.endedMs!)} ms` : 'still running')), ...(lifetime ? [lifetime.kept ? 'yes' : 'no'] : [])]);
  } else {
    rows.push(['stop time', ...report.runs.map(stopCell)]);
    rows.push(['PID 1', ...report.runs.map((r) => (r.pid1.killed ? 'SIGKILLed' : `exit ${r.pid1.exitCode}`))]);
    rows.push(['verdict', ...report.runs.map((r) => (r.passed ? 'PASS' : 'FAIL'))]);
  }
  out.push(table(rows), '');
  if (lifetime) out.push(`${lifetime.kept ? 'PASS  the fix keeps when the script ends' : 'FAIL  the fix changes when the script ends'}: ${lifetime.summary}`);
  for (const run of report.runs) {
    if (report.exits) {
      out.push(`      ${report.runs.length > 1 ? `${run.variant}: ` : ''}${run.verdict}`);
      for (const note of run.notes) out.push(`      note: ${note}`);
      continue;
    }
    const label = report.runs.length > 1 ? `${run.variant}: ` : '';
    out.push(`${run.passed ? 'PASS' : 'FAIL'}  ${label}${run.verdict}`);
    for (const p of run.programs) if (p.problem) out.push(`      ${p.name}: ${p.problem}`);
    for (const note of run.notes) out.push(`      note: ${note}`);
    if (!run.passed && run.programs.every((p) => !p.started) && run.stderr.trim()) {
      out.push('      script stderr (last lines):', ...run.stderr.trimEnd().split('\n').slice(-10).map((l) => `        ${l}`));
    }
  }
  return `${out.join('\n')}\n`;
}
