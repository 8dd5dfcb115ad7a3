/**
 * Several programs in one Compose `sh -c`: the unsafe fix moves the script into a start script next to the Compose
 * file, with execwrap's forwarding wrapper (written by the script fixer, so whatever wrapper `execwrap fix` writes is
 * the one used), bind-mounts it into the container and runs it instead of the inline script.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { isMap, isScalar, isSeq, Scalar } from 'yaml';
import type { TextEdit } from '../../core/model.js';
import { fixScript } from '../../shell/fix-script.js';
import { decodeSource, type SourceFile } from '../../core/source.js';
import { insertFirstKey } from './edits.js';
import type { CommandWord } from './model.js';
import type { AnalyzedWorkload, StartScriptPlan } from './workload.js';

/** Where the start script is mounted in the container. */
export const MOUNT_DIR = '/execwrap';


export async function planStartScript(source: SourceFile, container: AnalyzedWorkload): Promise<StartScriptPlan> {
  const { workload, shellStart: start, inline } = container;
  if (!start || !inline?.report) return { why: 'the script could not be read' };
  if (source.path === '-' || source.path === '<stdin>') return { why: 'the Compose file came from standard input, so there is no folder to write the start script to' };
  if (start.shell.field !== start.script.field || start.cWord.field !== start.script.field) return { why: 'the shell and its script are split over `entrypoint` and `command`' };
  if (start.operands.length > 0) return { why: 'words after the script set `$0` and the arguments, which a start script would see differently' };
  if (inline.text.frozen?.some(Boolean) || !inline.text.exact) return { why: 'Compose fills variables into the script (`${VAR}`), which it would not do in a file' };
  const name = `${workload.name.replace(/[^A-Za-z0-9_.-]/g, '-')}-start.sh`;
  const path = join(dirname(resolve(source.path)), name);
  const target = `${MOUNT_DIR}/${name}`;
  const dialect = start.identity.kind === 'bash' ? 'bash' : 'sh';
  const setLine = scriptOptions(start.options, start.cWord);
  const eol = source.eol;
  const body = inline.text.text.endsWith('\n') ? inline.text.text : `${inline.text.text}\n`;
  const original = `#!/bin/${dialect}\n# Moved here by execwrap from ${source.path.split('/').pop()} (service ${workload.name}): the forwarding\n# wrapper below passes the stop signal to every program.\n${setLine}${body}`.replace(/\n/g, eol);
  const fixed = await fixScript(decodeSource(path, Buffer.from(original, 'utf8')), { rules: {}, unsafeFixes: true });
  if (!fixed.after.script.launch.ok || fixed.after.findings.some((f) => f.severity === 'error')) return { why: 'execwrap cannot write a forwarding wrapper for this script' };
  if (existsSync(path) && readFileSync(path, 'utf8') !== fixed.text) return { why: `${name} already exists next to the Compose file` };
  const command = commandEdit(source, start.shell, start.cWord, start.script, target);
  if (!command) return { why: 'the command is written in a way execwrap does not edit' };
  const mount = mountEdit(source, container, `./${name}:${target}:ro`);
  if (!mount) return { why: '`volumes:` is written in a way execwrap does not edit' };
  return { edits: [command, mount], file: { path, text: fixed.text, mode: 0o755 }, name };
}

/** `-e`, `-eu`, `-o pipefail` before the script become a `set` line in the start script. */
function scriptOptions(options: CommandWord[], cWord: CommandWord): string {
  const words: string[] = [];
  for (const word of options) {
    const text = word === cWord ? word.text.text.replace('c', '') : word.text.text;
    if (text === '--' || text === '-' || text === '' || /^-m*$/.test(text)) continue;
    words.push(text);
  }
  return words.length > 0 ? `set ${words.join(' ')}\n` : '';
}

/** Replaces `-c` and the script by the start script's path, in the list's own style; a string form is rewritten whole. */
function commandEdit(source: SourceFile, shell: CommandWord, cWord: CommandWord, script: CommandWord, target: string): TextEdit | undefined {
  const field = script.field;
  if (field.form === 'string') {
    const node = field.value as Scalar;
    const [start, end] = node.range ?? [0, 0];
    return { start, end, text: `${shell.text.text} ${target}` };
  }
  if (field.form !== 'list' || !isSeq(field.value)) return undefined;
  const [start] = cWord.node.range ?? [];
  let end = script.node.range?.[1];
  if (start === undefined || end === undefined) return undefined;
  if (script.node.type === Scalar.BLOCK_LITERAL || script.node.type === Scalar.BLOCK_FOLDED) {
    while (end > start && (source.text[end - 1] === '\n' || source.text[end - 1] === '\r' || source.text[end - 1] === ' ')) end--;
  }
  const quote = cWord.node.type === Scalar.QUOTE_DOUBLE ? '"' : cWord.node.type === Scalar.QUOTE_SINGLE ? "'" : '';
  return { start, end, text: `${quote}${target}${quote}` };
}

/** A bind mount of the start script: an item appended to a block `volumes:` list, or a new `volumes:` key. */
function mountEdit(source: SourceFile, container: AnalyzedWorkload, entry: string): TextEdit | undefined {
  const { workload } = container;
  const volumes = workload.volumes;
  if (!volumes) {
    const first = insertFirstKey(source, workload.map, 'volumes', '');
    if (!first) return undefined;
    const indent = /^ */.exec(first.text)![0];
    return { ...first, text: `${indent}volumes:${source.eol}${indent}  - ${entry}${source.eol}` };
  }
  const value = volumes.value;
  if (!isSeq(value) || value.flow || value.items.length === 0) return undefined;
  const last = value.items[value.items.length - 1] as { range?: [number, number, number] } | undefined;
  const first = value.items[0] as { range?: [number, number, number] } | undefined;
  if (!last?.range || !first?.range) return undefined;
  const firstLine = source.text.lastIndexOf('\n', first.range[0] - 1) + 1;
  const prefix = source.text.slice(firstLine, first.range[0]);
  if (!/^ *- +$/.test(prefix)) return undefined;
  const lineEnd = source.text.indexOf('\n', last.range[1] - 1);
  const at = lineEnd === -1 ? source.text.length : lineEnd + 1;
  if (isMap(last) || (isScalar(last) && last.type !== Scalar.PLAIN && last.type !== Scalar.QUOTE_DOUBLE && last.type !== Scalar.QUOTE_SINGLE)) return undefined;
  const lead = lineEnd === -1 ? source.eol : '';
  return { start: at, end: at, text: `${lead}${prefix}${entry}${source.eol}` };
}

