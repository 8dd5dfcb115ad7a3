import { describe, expect, test } from 'vitest';
import { analyze, fix, rule } from './helpers.js';

const MULTI = { 'start.sh': '#!/bin/sh\nnginx -g "daemon off;" &\nphp-fpm -F &\nwait\n' };

describe('EW206 group-signalling-init', () => {
  test('catches dumb-init in its default group mode before a wrapper: adds --single-child', async () => {
    const text = 'FROM debian:12\nCOPY start.sh /start.sh\nENTRYPOINT ["/usr/bin/dumb-init", "/start.sh"]\n';
    expect(rule(await analyze(text, { files: MULTI }), 'EW206')[0]!.data.init).toBe('dumb-init');
    expect((await fix(text, { files: MULTI })).text).toBe('FROM debian:12\nCOPY start.sh /start.sh\nENTRYPOINT ["/usr/bin/dumb-init", "--single-child", "/start.sh"]\n');
  });

  test('catches tini -g: removes -g', async () => {
    const text = 'FROM debian:12\nCOPY start.sh /start.sh\nENTRYPOINT ["tini", "-g", "--", "/start.sh"]\n';
    expect((await fix(text, { files: MULTI })).text).toBe('FROM debian:12\nCOPY start.sh /start.sh\nENTRYPOINT ["tini", "--", "/start.sh"]\n');
  });

  test.each([
    ['dumb-init --single-child', 'ENTRYPOINT ["dumb-init", "--single-child", "/start.sh"]'],
    ['tini without -g', 'ENTRYPOINT ["tini", "--", "/start.sh"]'],
  ])('does not catch %s', async (_name, line) => {
    expect(rule(await analyze(`FROM debian:12\nCOPY start.sh /start.sh\n${line}\n`, { files: MULTI }), 'EW206')).toHaveLength(0);
  });

  test('does not catch dumb-init in front of a single program (group signalling is what it is for)', async () => {
    expect(rule(await analyze('FROM debian:12\nENTRYPOINT ["dumb-init", "node", "x.js"]\n'), 'EW206')).toHaveLength(0);
  });
});
