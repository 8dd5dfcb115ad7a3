import { describe, expect, test } from 'vitest';
import { analyze, rule } from './helpers.js';

const TRAP_TERM_ONLY = '#!/bin/sh\nterm() { kill -TERM "$n" "$p"; wait "$n"; wait "$p"; exit 0; }\ntrap term TERM INT\nnginx -g "daemon off;" &\nn=$!\nphp-fpm -F &\np=$!\nwait\n';
const TRAP_QUIT = TRAP_TERM_ONLY.replace('trap term TERM INT', 'trap term TERM INT QUIT');
const UNFIXED_MULTI = '#!/bin/sh\nnginx -g "daemon off;" &\nphp-fpm -F &\nwait\n';

describe('EW205 stop-signal-not-forwarded', () => {
  test('catches a nginx base (SIGQUIT) with a hand-written trap that forwards only TERM and INT', async () => {
    const report = await analyze('FROM nginx:1.27\nCOPY start.sh /start.sh\nENTRYPOINT ["/start.sh"]\n', { files: { 'start.sh': TRAP_TERM_ONLY } });
    const [f] = rule(report, 'EW205');
    expect(f!.data).toMatchObject({ signal: 'QUIT', why: 'traps', script: '/start.sh' });
    expect(f!.data.traps.split(' ').sort()).toEqual(['INT', 'TERM']);
    expect(report.lines.position(f!.start).line).toBe(1);
  });

  test('catches an explicit STOPSIGNAL that execwrap\'s wrapper does not forward', async () => {
    const report = await analyze('FROM php:8.3-fpm\nCOPY start.sh /start.sh\nSTOPSIGNAL SIGUSR1\nCMD ["/start.sh"]\n', { files: { 'start.sh': UNFIXED_MULTI } });
    const [f] = rule(report, 'EW205');
    expect(f!.data).toMatchObject({ signal: 'USR1', why: 'wrapper' });
    expect(report.lines.position(f!.start).line).toBe(3);
  });

  test.each([
    ['a trap that forwards QUIT', 'FROM nginx:1.27\n', TRAP_QUIT],
    ['a script that execwrap will wrap (its wrapper forwards QUIT)', 'FROM php:8.3-fpm-alpine\n', UNFIXED_MULTI],
    ['a script that execs its program', 'FROM nginx:1.27\n', '#!/bin/sh\nexec nginx -g "daemon off;"\n'],
    ['STOPSIGNAL SIGTERM', 'FROM debian:12\nSTOPSIGNAL SIGTERM\n', TRAP_TERM_ONLY],
    ['a base that stops with TERM', 'FROM debian:12\n', TRAP_TERM_ONLY],
  ])('does not catch %s', async (_name, head, script) => {
    const report = await analyze(`${head}COPY start.sh /start.sh\nCMD ["/start.sh"]\n`, { files: { 'start.sh': script } });
    expect(rule(report, 'EW205')).toHaveLength(0);
  });
});
