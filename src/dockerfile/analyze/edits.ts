import type { TextEdit } from '../../core/model.js';
import { jsonArray } from '../../shell/render/shell-quote.js';
import type { AnalyzedDockerfile, LaunchInstr } from './model.js';
import { endOfLine, type Instr } from './parse.js';
import { renderInstruction } from './render.js';

/** Where new lines go at the end of the final stage (after its last instruction), and what must precede them. */
export function finalStageEnd(df: AnalyzedDockerfile): { at: number; prefix: string } {
  const last = df.final.instructions[df.final.instructions.length - 1]!;
  const at = endOfLine(df.source.text, last.end);
  const text = df.source.text;
  return { at, prefix: at === text.length && !text.endsWith('\n') ? df.source.eol : '' };
}

/** Start of the line an instruction begins on (so inserted lines keep the instruction's indentation intact). */
export function lineStartOf(df: AnalyzedDockerfile, instr: Instr): number {
  return df.lines.lineStart(df.lines.position(instr.start).line);
}

/**
 * Where a new line goes before `instr` without separating it from the comment lines written right above it
 * (`# drop root for the app` then `USER app`). An execwrap directive stays next to its instruction too, since
 * it applies to the next one.
 */
export function beforeAttachedComments(df: AnalyzedDockerfile, instr: Instr): number {
  let line = df.lines.position(instr.start).line;
  while (line > 1) {
    const start = df.lines.lineStart(line - 1);
    const text = df.source.text.slice(start, df.lines.lineStart(line)).trim();
    if (!text.startsWith('#')) break;
    line--;
  }
  return df.lines.lineStart(line);
}

/**
 * Gives an ENTRYPOINT/CMD a new exec form: in place when it is in the final stage, else as a new line at the end of
 * the final stage (earlier stages are never edited; the final stage's instruction overrides the inherited one).
 */
export function setLaunch(df: AnalyzedDockerfile, li: LaunchInstr, argv: readonly string[]): TextEdit {
  if (li.inFinal) return { start: li.instr.argsStart, end: li.instr.end, text: jsonArray(argv) };
  const { at, prefix } = finalStageEnd(df);
  return { start: at, end: at, text: prefix + renderInstruction(li.keyword, argv, df.source.eol) };
}
