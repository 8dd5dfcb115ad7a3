/**
 * Text decoded from a YAML scalar (and then from Compose's interpolation and word splitting), with the source
 * offset of every character, so that a finding inside an inline script points at the right line and column of the
 * manifest, and an `exec ` inserted into the script lands at the right place in the YAML text.
 */
export interface MappedText {
  text: string;
  /** `map[i]`: source offset of character i; `map[text.length]`: the source offset just after the last one. */
  map: number[];
  /**
   * Characters that stand for something else (a `{{ … }}` placeholder, a variable the kubelet or Compose fills in):
   * never edited, and an insertion right before one is refused.
   */
  frozen?: boolean[];
  /** False when the per-character mapping could not be made exact: every position is then the scalar's start, and nothing is edited. */
  exact: boolean;
}

export function mapped(text: string, map: number[], exact = true, frozen?: boolean[]): MappedText {
  return { text, map, exact, ...(frozen ? { frozen } : {}) };
}

/** A text whose characters all sit at one source offset: positions are approximate and nothing is editable. */
export function approximate(text: string, at: number, end = at): MappedText {
  return { text, map: [...Array.from({ length: text.length }, () => at), end], exact: false };
}

/** The source offset for a position in the text (0 ≤ index ≤ length). */
export function sourceOffset(m: MappedText, index: number): number {
  return m.map[Math.max(0, Math.min(index, m.text.length))]!;
}

/** The source offset where text inserted before character `index` goes, or undefined where that cannot be done. */
export function insertionOffset(m: MappedText, index: number): number | undefined {
  if (!m.exact || index < 0 || index > m.text.length) return undefined;
  // Not inside a placeholder, and not right before one either: `{{ .Values.command }}` may render to several commands.
  if (m.frozen?.[index]) return undefined;
  return m.map[index];
}

/** Builds a MappedText character by character. */
export class MappedBuilder {
  private text = '';
  private readonly map: number[] = [];
  private readonly frozen: boolean[] = [];
  private anyFrozen = false;

  push(chars: string, offset: number, frozen = false): void {
    for (const char of chars) {
      // Characters outside the BMP are two UTF-16 units; both map to the same source offset.
      for (let i = 0; i < char.length; i++) {
        this.text += char[i];
        this.map.push(offset);
        this.frozen.push(frozen);
      }
    }
    if (frozen) this.anyFrozen = true;
  }

  /** Copies characters [from, to) of another mapped text. */
  copy(from: MappedText, start: number, end: number): void {
    for (let i = start; i < end; i++) {
      this.text += from.text[i];
      this.map.push(from.map[i]!);
      const frozen = from.frozen?.[i] ?? false;
      this.frozen.push(frozen);
      if (frozen) this.anyFrozen = true;
    }
  }

  get length(): number {
    return this.text.length;
  }

  done(end: number, exact = true): MappedText {
    return mapped(this.text, [...this.map, end], exact, this.anyFrozen ? this.frozen : undefined);
  }
}

/** Characters [start, end) of a mapped text as a mapped text of their own. */
export function slice(m: MappedText, start: number, end = m.text.length): MappedText {
  return {
    text: m.text.slice(start, end),
    map: m.map.slice(start, end + 1),
    exact: m.exact,
    ...(m.frozen ? { frozen: m.frozen.slice(start, end) } : {}),
  };
}

/**
 * Replaces the spans that something other than the shell fills in before the shell runs (a Helm `{{ … }}`, a
 * Terraform `${…}`, the kubelet's `$(VAR)`, Compose's `${VAR}`) with a variable expansion of the same length
 * (`$____`): the shell analysis then reads an unknown word there, offsets stay as they are, and the span is frozen.
 */
export function maskSpans(m: MappedText, spans: readonly { start: number; end: number }[]): MappedText {
  if (spans.length === 0) return m;
  const chars = m.text.split('');
  const frozen = m.frozen ? [...m.frozen] : Array.from({ length: m.text.length }, () => false);
  for (const { start, end } of spans) {
    for (let i = start; i < end; i++) {
      chars[i] = i === start ? '$' : '_';
      frozen[i] = true;
    }
  }
  return { text: chars.join(''), map: m.map, exact: m.exact, frozen };
}

/** Spans of `{{ … }}` (Helm, Go templates) and `${…}` (Terraform) left in a file. */
export function templateSpans(text: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  for (const match of text.matchAll(/\{\{.*?\}\}/gs)) spans.push({ start: match.index, end: match.index + match[0].length });
  return spans;
}

/** Spans of `$(VAR)` that the kubelet replaces with the container's variable before the shell sees it (`$$(VAR)` is an escape). */
export function kubeletSpans(text: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  for (const match of text.matchAll(/(\$*)\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g)) {
    if (match[1]!.length % 2 === 1) continue; // `$$(VAR)` stays `$(VAR)` for the shell
    const start = match.index + match[1]!.length;
    spans.push({ start, end: match.index + match[0].length });
  }
  return spans;
}

/**
 * Terraform-style `${var.image}`, `${ local.x }`, `${jsonencode(…)}` spans. A shell's own `${NAME}`, `${NAME:-x}` is
 * left alone: Terraform references have a dot or a call after the first name, shell parameters never do.
 */
export function interpolationSpans(text: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  for (const match of text.matchAll(/\$\{(?:\s|[A-Za-z_][A-Za-z0-9_-]*[.(])[^}\n]*\}/g)) {
    // `$${x}` escapes in Terraform: the shell then sees `${x}`.
    if (match.index > 0 && text[match.index - 1] === '$') continue;
    spans.push({ start: match.index, end: match.index + match[0].length });
  }
  return spans;
}
