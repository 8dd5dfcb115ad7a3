/**
 * Edits a manifest as text at source positions (the `yaml` package gives the positions): a new key in a block
 * mapping, in the mapping's own indentation and the file's line ending. Everything else stays byte for byte.
 */
import { createRequire } from 'node:module';
import type { Pair, Scalar, YAMLMap } from 'yaml';
import type { TextEdit } from '../../core/model.js';
import type { SourceFile } from '../../core/source.js';

/**
 * yaml's isScalar, loaded when first used: this module comes with the rule registry, which every command loads, and
 * the yaml package is most of a script check's start-up. The map given here was made by that package already.
 */
let yamlIsScalar: ((node: unknown) => node is Scalar) | undefined;
function isScalar(node: unknown): node is Scalar {
  yamlIsScalar ??= (createRequire(import.meta.url)('yaml') as typeof import('yaml')).isScalar;
  return yamlIsScalar(node);
}

/** `key: value` as the first key of a block mapping; undefined for a flow mapping (`{…}`) or an unusual layout. */
export function insertFirstKey(source: SourceFile, map: YAMLMap, key: string, value: string): TextEdit | undefined {
  if (map.flow) return undefined;
  const first = (map.items as Pair[])[0];
  if (!first || !isScalar(first.key) || !first.key.range) return undefined;
  const keyStart = first.key.range[0];
  const lineStart = source.text.lastIndexOf('\n', keyStart - 1) + 1;
  const indent = source.text.slice(lineStart, keyStart);
  if (!/^ *$/.test(indent)) return undefined; // `- name: web` (the map starts after a dash) or a tab
  return { start: lineStart, end: lineStart, text: `${indent}${key}: ${value}${source.eol}` };
}
