/** Text and JSON output of `execwrap verify`. */
import { resolve } from 'node:path';
import type { VerifyTargetPlan } from './plan.js';
import type { ProgramOutcome, VariantResult } from './run.js';

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
}

export function buildReport(plan: VerifyTargetPlan, runs: VariantResult[], options: { real: boolean; graceSeconds: number }): VerifyReport {
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
  };
}

export function jsonVerifyReport(report: VerifyReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

function ms(n: number): string {
  return n >= 10_000 ? `${(n / 1000).toFixed(0)} s` : n >= 1000 ? `${(n / 1000).toFixed(1).replace(/\.0$/, '')} s` : `${n} ms`;
}

/** One table cell: what a program got and how it ended. */
function cell(p: ProgramOutcome | undefined): string {
  if (!p) return '-';
  if (!p.started) return 'not started';
  const got = p.signals === null ? '' : p.signals.length === 0 ? 'no signal; ' : `${p.signals.map((s) => `${s.signal.replace(/^SIG/, '')} +${s.ms} ms`).join(', ')}; `;
  switch (p.end) {
    case 'exited':
      return `${got}${p.exitCode !== null ? `exited ${p.exitCode}` : 'ended'} +${p.endedMs} ms`;
    case 'killed':
      return `${got}SIGKILLed at the deadline`;
    case 'gone':
      return `${got}killed with PID 1`;
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
  out.push(`  signal ${first.signal} (${first.signalSource === 'default' ? 'default' : first.signalSource === 'flag' ? '--signal' : first.signalSource}), grace ${report.graceSeconds} s, ${report.mode === 'real' ? 'real programs' : 'stand-ins for the programs'}`);
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
  const rows: string[][] = [['program', ...report.runs.map((r) => (report.runs.length > 1 ? r.variant : 'result'))]];
  for (const name of names) {
    const count = Math.max(...report.runs.map((r) => r.programs.filter((p) => p.name === name).length));
    for (let i = 0; i < count; i++) {
      rows.push([count > 1 ? `${name} #${i + 1}` : name, ...report.runs.map((r) => cell(r.programs.filter((p) => p.name === name)[i]))]);
    }
  }
  rows.push(['stop time', ...report.runs.map(stopCell)]);
  rows.push(['PID 1', ...report.runs.map((r) => (r.pid1.killed ? 'SIGKILLed' : `exit ${r.pid1.exitCode}`))]);
  rows.push(['verdict', ...report.runs.map((r) => (r.passed ? 'PASS' : 'FAIL'))]);
  out.push(table(rows), '');
  for (const run of report.runs) {
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
