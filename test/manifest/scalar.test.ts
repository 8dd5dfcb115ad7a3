/**
 * Every character of a decoded YAML string knows where it came from in the file: checked against the `yaml`
 * package's own value for every scalar style the issue lists, and character by character where the source spells
 * the character itself.
 */
import { describe, expect, it } from 'vitest';
import { parseDocument, Scalar, visit } from 'yaml';
import { mapScalar } from '../../src/manifest/analyze/scalar.js';

function scalars(text: string): Scalar[] {
  const doc = parseDocument(text, { keepSourceTokens: true });
  expect(doc.errors).toEqual([]);
  const found: Scalar[] = [];
  visit(doc, { Scalar: (_key, node) => void (typeof node.value === 'string' && found.push(node)) });
  return found;
}

const CASES: Record<string, string> = {
  plain: 'a: gunicorn app --bind :8000\n',
  'plain multi-line': 'a: migrate &&\n   gunicorn app\n\n   --x y\n',
  'single-quoted multi-line': "a: 'it''s here\n    and  there  \n\n    done '\n",
  'double-quoted escapes': 'a: "one \\"two\\" \\\\ \\t \\r\\n \\x41 \\u00e9 end"\n',
  'double-quoted line join': 'a: "migrate && \\\n     gunicorn app\n     --workers 2"\n',
  'double-quoted escaped space before break': 'a: "x\\ \n  y"\n',
  literal: 'a: |\n  set -e\n  migrate\n\n  exec gunicorn app\n',
  'literal strip': 'a: |-\n    nginx &\n    php-fpm -F\nb: 1\n',
  'literal keep': 'a: |+\n  one\n\n\nb: 1\n',
  'literal leading blank and more-indented': 'a: |\n\n  if true; then\n    run\n  fi\n',
  folded: 'a: >\n  migrate &&\n  gunicorn app\n\n  next paragraph\n    more indented\n  back\n',
  'folded strip': 'a: >-\n  one\n  two\n',
  'flow sequence': 'a: ["sh", "-c", "cd /app && exec node server.js", plain word, \'single q\']\n',
  'crlf literal': 'a: |\r\n  one\r\n  two\r\n',
  'crlf plain': 'a: one\r\n  two\r\n',
  'non-ascii': 'a: "café ✓ 😀 done"\nb: |\n  écho 😀\n',
};

describe('mapScalar', () => {
  for (const [name, text] of Object.entries(CASES)) {
    it(`${name}: decodes to yaml's value with exact positions`, () => {
      for (const node of scalars(text)) {
        const m = mapScalar(text, node);
        expect(m.text).toBe(node.value);
        expect(m.exact, `${name}: ${JSON.stringify(node.value)}`).toBe(true);
        expect(m.map.length).toBe(m.text.length + 1);
        for (let i = 0; i < m.text.length; i++) {
          const c = m.text[i]!;
          if (c === ' ' || c === '\n' || c === "'" || c === '"' || c === '\\' || /[\t\r\x00-\x1f]/.test(c)) continue;
          // A character spelled as itself sits at its own offset (escapes and folds point at what produced them).
          if (text[m.map[i]!] !== '\\') expect(text[m.map[i]!], `${name} char ${i}`).toBe(c);
        }
        for (let i = 1; i < m.map.length; i++) expect(m.map[i]!).toBeGreaterThanOrEqual(m.map[i - 1]!);
      }
    });
  }

  it('falls back to the scalar start (not editable) for an explicit indentation indicator', () => {
    const text = 'a: |2\n    indented\n';
    const node = scalars(text).pop();
    const m = mapScalar(text, node!);
    expect(m.text).toBe('  indented\n');
    expect(m.exact).toBe(false);
  });
});
