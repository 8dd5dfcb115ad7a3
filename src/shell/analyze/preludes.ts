import { createRequire } from 'node:module';
import { OLDER_PRELUDES, PRELUDE_END, renderPrelude } from '../render/wrapper.js';

/** A prelude execwrap wrote into a script, found by its marker lines. */
export interface PreludeBlock {
  /** Offset of the marker line's first character. */
  start: number;
  /** Offset just after the end marker line's text (before its line ending); the marker's end when there is none. */
  end: number;
  /** Offset just after the marker line's text. */
  markerEnd: number;
  /** 1-based line of the marker. */
  line: number;
  /** The marker's version word (`v2`), or '' when it has none. */
  version: string;
  /**
   * How its text compares with what execwrap writes: the current prelude, an older one it knows (by hash), one it
   * does not know (edited by hand, or cut short: no end marker).
   */
  state: 'current' | 'older' | 'unknown';
  /** For an older prelude: the version whose text it is (OLDER_PRELUDES). */
  knownVersion?: string;
  /** No end marker follows: where the block ends is not known. */
  unterminated: boolean;
}

const MARKER_LINE = /^# >>> execwrap prelude(?: (v\d+))?[ \t]*\r?$/gm;

/** Every execwrap prelude in `text`, in order. */
export function findPreludes(text: string): PreludeBlock[] {
  const blocks: PreludeBlock[] = [];
  for (const match of text.matchAll(MARKER_LINE)) {
    const start = match.index;
    const markerEnd = start + match[0].replace(/\r$/, '').length;
    const line = text.slice(0, start).split('\n').length;
    const version = match[1] ?? '';
    const endMarker = new RegExp(`^${PRELUDE_END}[ \\t]*$`, 'm').exec(text.slice(start).replace(/\r(?=\n)/g, ' '));
    if (!endMarker) {
      blocks.push({ start, end: markerEnd, markerEnd, line, version, state: 'unknown', unterminated: true });
      continue;
    }
    const end = start + endMarker.index + PRELUDE_END.length;
    const body = text.slice(start, end).replace(/\r\n/g, '\n');
    // node:crypto only for a script that has a prelude: loading it costs every `check` ~3 ms of start-up.
    const { createHash } = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
    const hash = createHash('sha256').update(body).digest('hex');
    const knownVersion = Object.keys(OLDER_PRELUDES).find((v) => OLDER_PRELUDES[v]!.includes(hash));
    // Rendered only here, for a script that has a prelude: `check` of any other script never loads the template.
    const state = body === renderPrelude({ shell: 'sh' }).trimEnd() ? 'current' : knownVersion ? 'older' : 'unknown';
    blocks.push({ start, end, markerEnd, line, version, state, unterminated: false, ...(knownVersion ? { knownVersion } : {}) });
  }
  return blocks;
}
