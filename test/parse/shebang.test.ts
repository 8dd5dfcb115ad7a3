import { describe, expect, test } from 'vitest';
import { readShebang } from '../../src/shell/parse/shebang.js';

describe('readShebang', () => {
  test('`#!/bin/sh`', () => {
    expect(readShebang('#!/bin/sh\nexec "$@"\n', false)).toEqual({ dialect: 'sh', shell: 'sh', line: '#!/bin/sh', start: 0, end: 9, problems: [] });
  });

  test('`#!/bin/bash`', () => {
    expect(readShebang('#!/bin/bash\n', false)).toMatchObject({ dialect: 'bash', shell: 'bash', problems: [] });
  });

  test('`#!/usr/bin/env bash`', () => {
    expect(readShebang('#!/usr/bin/env bash\n', false)).toMatchObject({ dialect: 'bash', shell: 'bash', line: '#!/usr/bin/env bash', problems: [] });
  });

  test('`#! /usr/bin/env bash` (space after #!)', () => {
    expect(readShebang('#! /usr/bin/env bash\nexec "$@"\n', false)).toMatchObject({ dialect: 'bash', shell: 'bash', start: 0, end: 20, problems: [] });
  });

  test('`#!/usr/bin/env -S bash -e`', () => {
    expect(readShebang('#!/usr/bin/env -S bash -e\n', false)).toMatchObject({ dialect: 'bash', shell: 'bash', problems: [] });
  });

  test('`#!/usr/bin/env sh` and VAR= assignments to env', () => {
    expect(readShebang('#!/usr/bin/env sh\n', false)).toMatchObject({ dialect: 'sh', shell: 'sh', problems: [] });
    expect(readShebang('#!/usr/bin/env LC_ALL=C bash\n', false)).toMatchObject({ dialect: 'bash', shell: 'bash', problems: [] });
  });

  test('`#!/bin/bash -e` with an option', () => {
    expect(readShebang('#!/bin/bash -e\n', false)).toMatchObject({ dialect: 'bash', shell: 'bash', problems: [] });
  });

  test('dash, ash and busybox are sh; zsh and ksh are bash-like', () => {
    expect(readShebang('#!/bin/dash\n', false)).toMatchObject({ dialect: 'sh', shell: 'dash' });
    expect(readShebang('#!/bin/ash\n', false)).toMatchObject({ dialect: 'sh', shell: 'ash' });
    expect(readShebang('#!/bin/busybox sh\n', false)).toMatchObject({ dialect: 'sh', shell: 'busybox' });
    expect(readShebang('#!/bin/ksh\n', false)).toMatchObject({ dialect: 'bash', shell: 'ksh' });
  });

  test('`#!/bin bash` is malformed; the dialect is guessed from the words', () => {
    expect(readShebang('#!/bin bash\nexec "$@"\n', false)).toEqual({
      dialect: 'bash',
      shell: 'bash',
      line: '#!/bin bash',
      start: 0,
      end: 11,
      problems: ['malformed'],
    });
    expect(readShebang('#!/bin sh\n', false)).toMatchObject({ dialect: 'sh', shell: 'sh', problems: ['malformed'] });
  });

  test('`#!/usr/bin/dumb-init /bin/sh`: init in the shebang, the shell after it decides', () => {
    expect(readShebang('#!/usr/bin/dumb-init /bin/sh\n', false)).toMatchObject({ dialect: 'sh', shell: 'sh', problems: ['init-in-shebang'] });
    expect(readShebang('#!/sbin/tini -- /bin/bash\n', false)).toMatchObject({ dialect: 'bash', shell: 'bash', problems: ['init-in-shebang'] });
  });

  test('blank line first: not-first, and the dialect falls back to sh', () => {
    expect(readShebang('\n#!/bin/bash\nexec "$@"\n', false)).toEqual({
      dialect: 'sh',
      shell: 'bash',
      line: '#!/bin/bash',
      start: 1,
      end: 12,
      problems: ['not-first'],
    });
  });

  test('a BOM before the shebang: not-first', () => {
    expect(readShebang('#!/bin/bash\n', true)).toMatchObject({ dialect: 'sh', problems: ['not-first'] });
  });

  test('python shebang → not-shell', () => {
    expect(readShebang('#!/usr/bin/python3\nprint(1)\n', false).problems).toEqual(['not-shell']);
    expect(readShebang('#!/usr/bin/env node\n', false).problems).toEqual(['not-shell']);
  });

  test('no shebang → missing, analysed as sh', () => {
    expect(readShebang('set -e\nexec "$@"\n', false)).toEqual({ dialect: 'sh', problems: ['missing'] });
    expect(readShebang('', false)).toEqual({ dialect: 'sh', problems: ['missing'] });
    expect(readShebang('# start the app\n#!/bin/bash\n', false)).toEqual({ dialect: 'sh', problems: ['missing'] });
  });

  test('CRLF shebang: the \\r is not part of the line', () => {
    expect(readShebang('#!/bin/bash\r\nexec "$@"\r\n', false)).toMatchObject({ dialect: 'bash', shell: 'bash', line: '#!/bin/bash', end: 11, problems: [] });
  });

  test('`#!` with nothing after it', () => {
    expect(readShebang('#!\nexec "$@"\n', false).problems).toEqual(['not-shell']);
  });
});
