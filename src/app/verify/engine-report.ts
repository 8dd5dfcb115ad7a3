/** Text and JSON output of `execwrap verify --engine`. */
import type { EngineReport, EngineRun } from './engine.js';

/** Log lines shown per run in the text report (the JSON has up to LOG_LINES). */
const TEXT_LOG_LINES = 8;

export function jsonEngineReport(report: EngineReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

function secs(ms: number): string {
  const s = ms / 1000;
  return `${s >= 10 ? s.toFixed(0) : s.toFixed(1).replace(/\.0$/, '')} s`;
}

function q(word: string): string {
  return /^[A-Za-z0-9_@%+:,./=-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => `  ${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('   ')}`.trimEnd()).join('\n');
}

function beforeStop(run: EngineRun): string {
  if (run.startError) return 'did not start';
  if (run.ended) return `ended by itself after ${secs(run.ended.afterMs)}`;
  const health = run.up.by === 'healthcheck' && run.up.health ? ` (${run.up.health})` : '';
  return `still running after ${secs(run.up.ms)}${health}`;
}

function stopTime(run: EngineRun): string {
  return run.stop ? secs(run.stop.ms) : '-';
}

function exitCode(run: EngineRun): string {
  if (run.stop) return String(run.stop.exitCode);
  if (run.ended) return String(run.ended.exitCode);
  return '-';
}

function killed(run: EngineRun, grace: number): string {
  if (!run.stop) return '-';
  return run.stop.killed ? `yes, at the ${grace} s grace` : 'no';
}

export function textEngineReport(report: EngineReport): string {
  const out: string[] = [];
  const compare = report.runs.length > 1;
  const e = report.engine;
  out.push(`execwrap verify --engine ${e.name} ${report.target ?? report.runs[0]!.image}${report.dockerfile ? ` (${report.dockerfile})` : ''}`);
  const when = report.upAfterSeconds !== null ? `${report.upAfterSeconds} s after the start` : 'when the HEALTHCHECK says healthy, else 5 s after the start';
  out.push(`  ${e.name} ${e.version}${e.host ? ` at ${e.host}` : ''}; \`${e.name} stop -t ${report.graceSeconds}\` ${when}`);
  for (const run of report.runs) {
    out.push(`  ${compare ? `${run.variant}: ` : ''}${run.command.map(q).join(' ')}  (stop signal ${run.stopSignal})`);
  }
  if (report.fix) {
    out.push(`  the fix: ${report.fix.changed.length > 0 ? `execwrap migrate changed ${report.fix.changed.join(', ')} (in a temporary copy)` : 'execwrap changes nothing in this folder'}`);
    for (const note of report.fix.notes) out.push(`    note: ${note}`);
  }
  out.push('');
  const rows: string[][] = [['', ...report.runs.map((r) => (compare ? r.variant : 'result'))]];
  rows.push(['before the stop', ...report.runs.map(beforeStop)]);
  rows.push(['stop time', ...report.runs.map(stopTime)]);
  rows.push(['exit code', ...report.runs.map(exitCode)]);
  rows.push(['SIGKILLed', ...report.runs.map((r) => killed(r, report.graceSeconds))]);
  rows.push(['verdict', ...report.runs.map((r) => (r.passed ? 'PASS' : 'FAIL'))]);
  out.push(table(rows), '');
  for (const run of report.runs) {
    const label = compare ? `${run.variant}: ` : '';
    out.push(`  ${label}last log lines${run.logs.length > TEXT_LOG_LINES ? ` (${TEXT_LOG_LINES} of ${run.logs.length} shown; --format json has them all)` : ''}:`);
    if (run.logs.length === 0) out.push('    (none)');
    for (const line of run.logs.slice(-TEXT_LOG_LINES)) out.push(`    ${line}`);
  }
  out.push('');
  for (const run of report.runs) {
    out.push(`${run.passed ? 'PASS' : 'FAIL'}  ${compare ? `${run.variant}: ` : ''}${run.verdict}`);
    for (const note of run.notes) out.push(`      note: ${note}`);
  }
  return `${out.join('\n')}\n`;
}
