import { describe, expect, test } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { decodeSource, encodeSource, LineIndex } from '../../src/core/source.js';

const bytes = (text: string) => new TextEncoder().encode(text);

function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError');
}

describe('decodeSource', () => {
  test('plain LF file with a final newline', () => {
    expect(decodeSource('a.sh', bytes('#!/bin/sh\nexec "$@"\n'))).toEqual({
      path: 'a.sh',
      text: '#!/bin/sh\nexec "$@"\n',
      bom: false,
      eol: '\n',
      mixedEol: false,
      finalNewline: true,
    });
  });

  test('no final newline', () => {
    const s = decodeSource('a.sh', bytes('#!/bin/sh\nexec "$@"'));
    expect(s.finalNewline).toBe(false);
    expect(s.text).toBe('#!/bin/sh\nexec "$@"');
  });

  test('UTF-8 BOM is stripped and remembered; encodeSource puts it back', () => {
    const raw = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('#!/bin/sh\nexec "$@"\n')]);
    const s = decodeSource('a.sh', raw);
    expect(s.bom).toBe(true);
    expect(s.text).toBe('#!/bin/sh\nexec "$@"\n');
    expect(s.text.charCodeAt(0)).toBe(0x23);
    expect([...encodeSource(s, s.text)]).toEqual([...raw]);
  });

  test('CRLF file', () => {
    const s = decodeSource('a.sh', bytes('#!/bin/sh\r\nset -e\r\nexec "$@"\r\n'));
    expect(s).toMatchObject({ eol: '\r\n', mixedEol: false, finalNewline: true, bom: false });
    expect(s.text).toBe('#!/bin/sh\r\nset -e\r\nexec "$@"\r\n');
  });

  test('mixed endings: the dominant one wins, mixedEol is set', () => {
    expect(decodeSource('a.sh', bytes('a\r\nb\r\nc\n'))).toMatchObject({ eol: '\r\n', mixedEol: true });
    expect(decodeSource('a.sh', bytes('a\r\nb\nc\n'))).toMatchObject({ eol: '\n', mixedEol: true });
  });

  test('a tie between CRLF and LF keeps LF', () => {
    expect(decodeSource('a.sh', bytes('a\r\nb\n'))).toMatchObject({ eol: '\n', mixedEol: true });
  });

  test('a lone CR is not a line ending', () => {
    expect(decodeSource('a.sh', bytes('a\rb\n'))).toMatchObject({ eol: '\n', mixedEol: false });
  });

  test('empty file', () => {
    expect(decodeSource('a.sh', new Uint8Array())).toMatchObject({ text: '', eol: '\n', mixedEol: false, finalNewline: false, bom: false });
  });

  test('non-ASCII text is decoded, not mangled', () => {
    const text = '#!/bin/sh\n# Запуск сервера 🚀 起動\nexec "$@"\n';
    expect(decodeSource('a.sh', bytes(text)).text).toBe(text);
  });

  test('NUL byte → InputError with the line of the NUL', () => {
    const raw = bytes('#!/bin/sh\necho hi\nx\0y\n');
    const error = inputError(() => decodeSource('bin.sh', raw));
    expect(error.line).toBe(3);
    expect(error.path).toBe('bin.sh');
    expect(error.message).toBe('bin.sh:3: file is binary (it contains a NUL byte)');
  });

  test('NUL on the first line', () => {
    expect(inputError(() => decodeSource('b', new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]))).line).toBe(1);
  });

  test('invalid UTF-8 → InputError with the line of the bad byte', () => {
    const raw = new Uint8Array([...bytes('#!/bin/sh\n# caf'), 0xe9, ...bytes('\nexec "$@"\n')]); // Latin-1 é
    const error = inputError(() => decodeSource('latin1.sh', raw));
    expect(error.reason).toBe('file is not valid UTF-8');
    expect(error.line).toBe(2);
  });

  test('invalid UTF-8 further down, after valid multi-byte text', () => {
    const raw = new Uint8Array([...bytes('#!/bin/sh\n# ✓ ok\necho ok\n'), 0xc3, 0x28, 0x0a]);
    expect(inputError(() => decodeSource('x.sh', raw)).line).toBe(4);
  });

  test('a truncated multi-byte sequence at the end of the file', () => {
    const raw = new Uint8Array([...bytes('#!/bin/sh\necho '), 0xf0, 0x9f, 0x9a]);
    expect(inputError(() => decodeSource('x.sh', raw)).line).toBe(2);
  });
});

describe('LineIndex', () => {
  test('1-based lines and columns', () => {
    const index = new LineIndex('ab\ncd\n\nef');
    expect(index.position(0)).toEqual({ line: 1, column: 1 });
    expect(index.position(1)).toEqual({ line: 1, column: 2 });
    expect(index.position(2)).toEqual({ line: 1, column: 3 }); // the \n itself
    expect(index.position(3)).toEqual({ line: 2, column: 1 });
    expect(index.position(6)).toEqual({ line: 3, column: 1 });
    expect(index.position(7)).toEqual({ line: 4, column: 1 });
    expect(index.position(9)).toEqual({ line: 4, column: 3 }); // end of text
  });

  test('lineStart is the inverse of position for line starts, and clamps', () => {
    const text = 'ab\ncd\n\nef';
    const index = new LineIndex(text);
    expect([1, 2, 3, 4].map((l) => index.lineStart(l))).toEqual([0, 3, 6, 7]);
    expect(index.lineStart(0)).toBe(0);
    expect(index.lineStart(99)).toBe(7);
  });

  test('columns count UTF-16 code units: an emoji is two, an accented letter one', () => {
    const text = 'echo "🚀x"\nécho y\n';
    const index = new LineIndex(text);
    expect(index.position(text.indexOf('x')).column).toBe(9); // e c h o ␠ " 🚀(2) x
    expect(index.position(text.indexOf('y'))).toEqual({ line: 2, column: 6 });
  });

  test('CJK and Cyrillic are one unit each', () => {
    const text = '# 起動 Запуск\nexec x\n';
    const index = new LineIndex(text);
    expect(index.position(text.indexOf('З')).column).toBe(6);
    expect(index.position(text.indexOf('exec'))).toEqual({ line: 2, column: 1 });
  });

  test('CRLF: the \\r belongs to the line it ends', () => {
    const text = 'a\r\nb\r\n';
    const index = new LineIndex(text);
    expect(index.position(1)).toEqual({ line: 1, column: 2 });
    expect(index.position(3)).toEqual({ line: 2, column: 1 });
  });
});
