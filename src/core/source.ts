import { InputError } from './errors.js';

export type LineEnding = '\n' | '\r\n';

/** A decoded text file plus everything needed to write it back exactly as it came. */
export interface SourceFile {
  path: string;
  /** Text without the byte order mark; offsets everywhere are UTF-16 indices into this string. */
  text: string;
  bom: boolean;
  /** The file's dominant line ending; generated lines use it so a CRLF file stays CRLF. */
  eol: LineEnding;
  /** True when LF and CRLF lines are both present. */
  mixedEol: boolean;
  finalNewline: boolean;
}

/** Larger files are not start scripts; refusing them keeps a mistaken path from eating memory. */
export const MAX_SOURCE_BYTES = 4 * 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function decodeSource(path: string, bytes: Uint8Array): SourceFile {
  if (bytes.length > MAX_SOURCE_BYTES) {
    throw new InputError(`file is ${bytes.length} bytes, larger than the ${MAX_SOURCE_BYTES} bytes a start script can be`, path);
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    throw new InputError('file is binary (it contains a NUL byte)', path, lineOfByte(bytes, nul));
  }
  let decoded: string;
  try {
    decoded = utf8.decode(bytes);
  } catch {
    throw new InputError('file is not valid UTF-8', path, lineOfByte(bytes, firstInvalidUtf8(bytes)));
  }
  const bom = decoded.charCodeAt(0) === 0xfeff;
  const text = bom ? decoded.slice(1) : decoded;
  const crlf = countMatches(text, /\r\n/g);
  const lf = countMatches(text, /\n/g) - crlf;
  return {
    path,
    text,
    bom,
    eol: crlf > lf ? '\r\n' : '\n',
    mixedEol: crlf > 0 && lf > 0,
    finalNewline: text.endsWith('\n'),
  };
}

/** Inverse of decodeSource for a (possibly edited) text of the same file. */
export function encodeSource(source: Pick<SourceFile, 'bom'>, text: string): Buffer {
  return Buffer.from(source.bom ? `\ufeff${text}` : text, 'utf8');
}

function countMatches(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

function lineOfByte(bytes: Uint8Array, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  // Binary search on the longest valid prefix; decoding is the only reliable validator we have.
  let lo = 0;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  return lo;
}

/** Converts UTF-16 offsets to 1-based line and column, computed once per file. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line - 1, this.starts.length - 1))]!;
  }
}
