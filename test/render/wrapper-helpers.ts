/** Shared helpers for the wrapper PID 1 tests: build a wrapped start script, run it, check what programs got. */
import { expect } from 'vitest';
import { describeRun, type Pid1Result, type Pid1Shell, type RunAsPid1Options } from '../../src/app/verify/pid1.js';
import { runAsPid1 } from '../harness/support.js';
import { renderLaunchLines, renderPrelude, type ShellDialect, type WaitRule } from '../../src/shell/render/wrapper.js';

export interface Variant {
  label: string;
  dialect: ShellDialect;
  shell: Pid1Shell;
  set: string;
  init?: string[];
}

/** The shells and inits the wrapper is proven under (wrapper-pid1.test.ts) and its controls fail under. */
export const VARIANTS: Variant[] = [
  { label: 'dash / set -eu', dialect: 'sh', shell: 'dash', set: 'set -eu' },
  { label: 'busybox ash / set -euf, IFS=:', dialect: 'sh', shell: 'busybox', set: 'set -euf\nIFS=:' },
  { label: 'bash as sh / set -eu', dialect: 'sh', shell: 'bash', set: 'set -eu' },
  { label: "bash / set -euo pipefail, IFS=$'\\n\\t'", dialect: 'bash', shell: 'bash', set: "set -euo pipefail\nIFS=$'\\n\\t'" },
  { label: 'dash / tini --', dialect: 'sh', shell: 'dash', set: 'set -eu', init: ['tini', '--'] },
  { label: 'bash / tini --', dialect: 'bash', shell: 'bash', set: 'set -euo pipefail', init: ['tini', '--'] },
  { label: 'busybox ash / dumb-init --single-child', dialect: 'sh', shell: 'busybox', set: 'set -eu', init: ['dumb-init', '--single-child'] },
  { label: 'bash / dumb-init --single-child', dialect: 'bash', shell: 'bash', set: 'set -euo pipefail', init: ['dumb-init', '--single-child'] },
];

export const TWO = [{ command: "nginx -g 'daemon off;'" }, { command: 'php-fpm -F >>/var/log/php-fpm.log 2>&1' }];

/**
 * A start script the way execwrap writes it: header, prelude, setup lines, each launch followed by ` &` and the line
 * handing its PID over, then the wait (`main`: for the last launch, as for `A & … exec B`), then trailing lines.
 */
export function wrapped(v: Variant, o: { setup?: string; launches?: { command: string }[]; until?: WaitRule; trailing?: string } = {}): string {
  const lines = renderLaunchLines();
  const until = o.until ?? 'all';
  return [
    `#!/bin/${v.dialect}`,
    '# test start script',
    v.set,
    renderPrelude({ shell: v.dialect }).trimEnd(),
    'mkdir -p /run/php /var/log',
    'cat > /etc/execwrap-test.conf <<EOF',
    'listen = 9000',
    'EOF',
    o.setup ?? ': setup done',
    ...(o.launches ?? TWO).flatMap((l) => [`${l.command} &`, lines.started]),
    lines.wait(until, until === 'main' ? ['"$!"'] : [], until === 'main' ? 'exec' : until === 'first' ? 'wait -n' : 'wait'),
    o.trailing ?? '',
  ].join('\n') + '\n';
}

export async function run(v: Variant, o: Partial<RunAsPid1Options> & { script: string }): Promise<Pid1Result> {
  return runAsPid1({ shell: v.shell, init: v.init, programs: ['nginx', 'php-fpm'], waitFor: ['nginx', 'php-fpm'], ...o });
}

export function signalsOf(r: Pid1Result, name: string): string[] {
  const p = r.programs.filter((x) => x.name === name && !x.daemon);
  expect(p.length, `${name} should have run once\n${describeRun(r)}`).toBe(1);
  return p[0]!.signals.map((s) => s.sig);
}

/** Every listed program got exactly `sigs` and exited by itself within 1 s after its own shutdown. */
export function expectGraceful(r: Pid1Result, expected: Record<string, string[]>, shutdownMs = 100): void {
  const info = describeRun(r);
  expect(r.killed, info).toBe(false);
  expect(r.leftover, info).toEqual([]);
  for (const [name, sigs] of Object.entries(expected)) {
    expect(signalsOf(r, name), `${name}\n${info}`).toEqual(sigs);
    const p = r.programs.find((x) => x.name === name)!;
    expect(p.exit, `${name} exited by itself\n${info}`).not.toBeNull();
    expect(p.exit!.ms - p.signals[0]!.ms, `${name} shutdown time\n${info}`).toBeLessThan(shutdownMs + 1000);
  }
}

/** When a program ended by itself (ms after the reference time); fails when it did not. */
export function endOf(r: Pid1Result, name: string): number {
  const p = r.programs.find((x) => x.name === name && !x.daemon);
  expect(p?.exit, `${name} ended by itself\n${describeRun(r)}`).toBeTruthy();
  return p!.exit!.ms;
}
