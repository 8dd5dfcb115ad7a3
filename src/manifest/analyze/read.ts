/**
 * Reads a Kubernetes manifest (any number of documents: Helm and kustomize output) or a Compose file with the `yaml`
 * package's document API, and collects what runs in each container: the command line (with where every word is
 * written), the stop signal, the grace period, the preStop hook, how the image is built.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node as YamlNode, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { InputError } from '../../core/errors.js';
import type { LineIndex, SourceFile } from '../../core/source.js';
import { approximate, interpolationSpans, kubeletSpans, MappedBuilder, maskSpans, templateSpans, type MappedText } from './mapped-text.js';
import type { CommandField, ManifestKind, ParsedManifest, PreStop, Workload } from './model.js';
import { mapScalar } from './scalar.js';

export const KUBERNETES_DEFAULT_GRACE = 30;
export const COMPOSE_DEFAULT_GRACE = 10;

/** Parses the text; throws InputError (file and line) when it is not YAML that execwrap can read. */
export function parseManifest(source: SourceFile, lines: LineIndex, kind: ManifestKind): ParsedManifest {
  const documents = parseAllDocuments(source.text, { keepSourceTokens: true, merge: true, uniqueKeys: false, strict: false });
  const list = Array.isArray(documents) ? documents : [];
  for (const doc of list) {
    const error = doc.errors[0];
    if (error) {
      const line = lines.position(error.pos[0]).line;
      const template = /\{\{/.test(source.text) ? ' (a Helm template? check its output: `helm template … | execwrap check -`)' : '';
      throw new InputError(`not valid YAML: ${error.message.split('\n')[0]}${template}`, source.path, line);
    }
  }
  const reader = new Reader(source, kind);
  const workloads: Workload[] = [];
  for (const [index, doc] of list.entries()) {
    const root = doc.contents;
    if (!isMap(root)) continue;
    if (kind === 'kubernetes') workloads.push(...reader.kubernetes(doc, root, index));
    else workloads.push(...reader.compose(doc, root, index));
  }
  return { kind, documents: list, workloads };
}

class Reader {
  private readonly baseDir: string;

  constructor(
    private readonly source: SourceFile,
    private readonly kind: ManifestKind,
  ) {
    this.baseDir = source.path === '-' || source.path === '<stdin>' ? process.cwd() : dirname(resolve(source.path));
  }

  kubernetes(doc: Document, root: YAMLMap, index: number): Workload[] {
    const kind = text(get(doc, root, 'kind')) ?? '';
    if (kind === 'List') {
      const items = get(doc, root, 'items');
      return isSeq(items) ? items.items.flatMap((item) => (isMap(item) ? this.kubernetes(doc, item, index) : [])) : [];
    }
    const metadata = get(doc, root, 'metadata');
    const name = text(isMap(metadata) ? get(doc, metadata, 'name') : undefined) ?? '?';
    const paths: string[][] =
      kind === 'Pod'
        ? [['spec']]
        : kind === 'CronJob'
          ? [['spec', 'jobTemplate', 'spec', 'template', 'spec']]
          : kind === 'PodTemplate'
            ? [['template', 'spec']]
            : [['spec', 'template', 'spec'], ['spec', 'jobTemplate', 'spec', 'template', 'spec']];
    for (const path of paths) {
      const spec = path.reduce<YamlNode | undefined>((node, key) => (isMap(node) ? get(doc, node, key) : undefined), root);
      if (isMap(spec) && get(doc, spec, 'containers') !== undefined) return this.pod(doc, spec, `${kind}/${name}`, index);
    }
    return [];
  }

  private pod(doc: Document, spec: YAMLMap, owner: string, index: number): Workload[] {
    const graceNode = get(doc, spec, 'terminationGracePeriodSeconds');
    const graceValue = isScalar(graceNode) ? Number(graceNode.value) : NaN;
    const grace = Number.isFinite(graceValue)
      ? { seconds: graceValue, node: graceNode!, source: 'manifest' as const }
      : { seconds: KUBERNETES_DEFAULT_GRACE, source: 'default' as const };
    const sharedPid = truthy(get(doc, spec, 'hostPID')) ? 'hostPID' : truthy(get(doc, spec, 'shareProcessNamespace')) ? 'shareProcessNamespace' : undefined;
    const result: Workload[] = [];
    for (const [field, role] of [['initContainers', 'initContainer'], ['containers', 'container']] as const) {
      const list = get(doc, spec, field);
      if (!isSeq(list)) continue;
      for (const item of list.items) {
        const container = isAlias(item) ? item.resolve(doc) : item;
        if (!isMap(container)) continue;
        const nameNode = get(doc, container, 'name');
        const lifecycle = get(doc, container, 'lifecycle');
        const stopSignal = isMap(lifecycle) ? get(doc, lifecycle, 'stopSignal') : undefined;
        const preStop = isMap(lifecycle) ? this.preStop(doc, get(doc, lifecycle, 'preStop')) : undefined;
        const entrypoint = this.field(doc, container, 'command', 'ENTRYPOINT');
        const cmd = this.field(doc, container, 'args', 'CMD');
        result.push({
          kind: 'kubernetes',
          owner,
          name: text(nameNode) ?? '?',
          role,
          documentIndex: index,
          map: container,
          anchor: rangeOf(nameNode ?? container),
          ...(text(get(doc, container, 'image')) !== undefined ? { image: text(get(doc, container, 'image'))! } : {}),
          ...(entrypoint ? { entrypoint } : {}),
          ...(cmd ? { cmd } : {}),
          ...(sharedPid ? { sharedPid } : {}),
          ...(isScalar(stopSignal) && text(stopSignal) ? { stopSignal: { value: text(stopSignal)!, node: stopSignal } } : {}),
          grace,
          ...(preStop ? { preStop } : {}),
          binds: new Map(),
        });
      }
    }
    return result;
  }

  private preStop(doc: Document, node: YamlNode | undefined): PreStop | undefined {
    if (!isMap(node)) return undefined;
    const sleep = get(doc, node, 'sleep');
    if (isMap(sleep)) {
      const seconds = Number(text(get(doc, sleep, 'seconds')));
      return Number.isFinite(seconds) ? { sleepSeconds: seconds, node } : { node };
    }
    const exec = get(doc, node, 'exec');
    const command = isMap(exec) ? get(doc, exec, 'command') : undefined;
    if (!isSeq(command)) return { node };
    const words = command.items.map((item) => text((isAlias(item) ? item.resolve(doc) : item) as YamlNode | undefined) ?? '');
    const sleepAt = words[0]?.split('/').pop() === 'sleep' ? words.slice(0, 2).join(' ') : /^(?:[\w/]*\/)?(?:ba|da|a)?sh$/.test(words[0] ?? '') ? words[words.indexOf('-c') + 1] ?? '' : '';
    const match = /^\s*(?:exec\s+)?(?:\/[\w/]*\/)?sleep\s+(\d+(?:\.\d+)?)(s|m)?\b/.exec(sleepAt);
    if (!match) return { node };
    return { sleepSeconds: Number(match[1]) * (match[2] === 'm' ? 60 : 1), node };
  }

  compose(doc: Document, root: YAMLMap, index: number): Workload[] {
    const services = get(doc, root, 'services');
    if (!isMap(services)) return [];
    const result: Workload[] = [];
    for (const pair of services.items as Pair<YamlNode, YamlNode>[]) {
      const service = isAlias(pair.value) ? pair.value.resolve(doc) : pair.value;
      if (!isMap(service) || !isScalar(pair.key)) continue;
      const name = String(pair.key.value);
      const graceNode = get(doc, service, 'stop_grace_period');
      const graceSeconds = isScalar(graceNode) ? composeDuration(String(graceNode.value)) : undefined;
      const initNode = get(doc, service, 'init');
      const stopSignal = get(doc, service, 'stop_signal');
      const pid = text(get(doc, service, 'pid'));
      const entrypoint = this.field(doc, service, 'entrypoint', 'ENTRYPOINT');
      const cmd = this.field(doc, service, 'command', 'CMD');
      const build = this.build(doc, get(doc, service, 'build'));
      const volumesPair = pairOf(doc, service, 'volumes');
      result.push({
        kind: 'compose',
        owner: 'services',
        name,
        role: 'service',
        documentIndex: index,
        map: service,
        anchor: rangeOf(pair.key),
        ...(text(get(doc, service, 'image')) !== undefined ? { image: text(get(doc, service, 'image'))! } : {}),
        ...(entrypoint ? { entrypoint } : {}),
        ...(cmd ? { cmd } : {}),
        ...(pid === 'host' ? { sharedPid: 'pid: host' } : {}),
        ...(initNode !== undefined ? { composeInit: { value: truthy(initNode), node: initNode } } : {}),
        ...(isScalar(stopSignal) && text(stopSignal) ? { stopSignal: { value: text(stopSignal)!, node: stopSignal } } : {}),
        grace: graceSeconds !== undefined ? { seconds: graceSeconds, node: graceNode!, source: 'manifest' } : { seconds: COMPOSE_DEFAULT_GRACE, source: 'default' },
        ...(build ? { build } : {}),
        binds: this.binds(doc, volumesPair?.value),
        ...(volumesPair && isScalar(volumesPair.key) && volumesPair.value ? { volumes: { key: volumesPair.key, value: volumesPair.value } } : {}),
      });
    }
    return result;
  }

  private build(doc: Document, node: YamlNode | undefined): { context: string; dockerfile: string } | undefined {
    if (node === undefined) return undefined;
    if (isScalar(node)) return { context: resolve(this.baseDir, String(node.value)), dockerfile: 'Dockerfile' };
    if (!isMap(node)) return undefined;
    const context = text(get(doc, node, 'context')) ?? '.';
    if (/^[a-z]+:\/\//i.test(context) || context.startsWith('git@')) return undefined; // a remote context: not in this repository
    return { context: resolve(this.baseDir, context), dockerfile: text(get(doc, node, 'dockerfile')) ?? 'Dockerfile' };
  }

  /** Files bind-mounted into the container (`./start.sh:/start.sh:ro`, or the long form), by container path. */
  private binds(doc: Document, node: YamlNode | null | undefined): Map<string, string> {
    const binds = new Map<string, string>();
    if (!isSeq(node)) return binds;
    for (const item of node.items) {
      const entry = isAlias(item) ? item.resolve(doc) : item;
      if (isScalar(entry)) {
        const [from, to] = String(entry.value).split(':');
        if (from && to && /^[./~]/.test(from) && !from.startsWith('~')) binds.set(to, isAbsolute(from) ? from : resolve(this.baseDir, from));
      } else if (isMap(entry) && text(get(doc, entry, 'type')) === 'bind') {
        const from = text(get(doc, entry, 'source'));
        const to = text(get(doc, entry, 'target'));
        if (from && to) binds.set(to, isAbsolute(from) ? from : resolve(this.baseDir, from));
      }
    }
    return binds;
  }

  private field(doc: Document, map: YAMLMap, name: string, replaces: 'ENTRYPOINT' | 'CMD'): CommandField | undefined {
    const pair = pairOf(doc, map, name);
    if (!pair || !isScalar(pair.key)) return undefined;
    const value = pair.value === null ? null : isAlias(pair.value) ? (pair.value.resolve(doc) ?? null) : pair.value;
    const base = { name, replaces, key: pair.key, value } as const;
    if (value === null || (isScalar(value) && (value.value === null || value.value === ''))) return { ...base, form: 'empty', words: [] };
    if (isSeq(value)) {
      if (value.items.length === 0) return { ...base, form: 'empty', words: [] };
      const result: CommandField = { ...base, form: 'list', words: [] };
      for (const [item, raw] of value.items.entries()) {
        const node = isAlias(raw) ? raw.resolve(doc) : raw;
        if (!isScalar(node)) return { ...base, form: 'other', words: [] };
        result.words.push({ text: this.prepare(node), node, field: result, item });
      }
      return result;
    }
    if (isScalar(value) && this.kind === 'compose' && typeof value.value === 'string') {
      const split = splitShellWords(this.prepare(value));
      if (!split) return { ...base, form: 'other', words: [] };
      const result: CommandField = { ...base, form: 'string', words: [] };
      result.words = split.words.map((word) => ({ text: word, node: value, field: result, item: 0 }));
      if (split.stoppedAt !== undefined) result.droppedFrom = split.stoppedAt;
      return result;
    }
    return { ...base, form: 'other', words: [] };
  }

  /** The scalar's text as the runtime hands it on: with what Compose, the kubelet or a template fills in masked. */
  private prepare(node: Scalar): MappedText {
    const raw = typeof node.value === 'string' ? mapScalar(this.source.text, node) : approximate(String(node.value), node.range?.[0] ?? 0, node.range?.[1] ?? 0);
    if (this.kind === 'compose') return composeInterpolate(raw);
    const spans = [...templateSpans(raw.text), ...kubeletSpans(raw.text), ...interpolationSpans(raw.text)].sort((a, b) => a.start - b.start);
    const disjoint = spans.filter((span, i) => !spans.slice(0, i).some((other) => other.end > span.start));
    return maskSpans(raw, disjoint);
  }
}

/**
 * Compose fills in `${VAR}`, `${VAR:-default}` and `$VAR` from the environment before anything else sees the value,
 * and turns `$$` into `$`: the shell gets the result. Variables become a masked `$____` of the same length.
 */
export function composeInterpolate(m: MappedText): MappedText {
  const out = new MappedBuilder();
  const { text } = m;
  for (let i = 0; i < text.length; ) {
    if (text[i] === '$' && text[i + 1] === '$') {
      out.copy(m, i, i + 1);
      i += 2;
      continue;
    }
    const braced = text[i] === '$' && text[i + 1] === '{' ? /^\$\{[^}]*\}/.exec(text.slice(i)) : null;
    const bare = text[i] === '$' && !braced ? /^\$[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i)) : null;
    const variable = braced ?? bare;
    if (variable) {
      for (let k = 0; k < variable[0].length; k++) out.push(k === 0 ? '$' : '_', m.map[i + k]!, true);
      i += variable[0].length;
      continue;
    }
    out.copy(m, i, i + 1);
    i++;
  }
  return out.done(m.map[text.length]!, m.exact);
}

/**
 * Splits Compose's string form into words the way compose-go does (go-shellwords): blanks separate words, quotes and
 * backslashes work as in sh, and an unquoted `;`, `&`, `|`, `<` or `>` ends the command: the rest is dropped, not run.
 */
export function splitShellWords(m: MappedText): { words: MappedText[]; stoppedAt?: { offset: number; text: string } } | undefined {
  const words: MappedText[] = [];
  let current: MappedBuilder | undefined;
  let quote: '' | "'" | '"' = '';
  const { text } = m;
  const finish = (at: number) => {
    if (current) words.push(current.done(m.map[at]!, m.exact));
    current = undefined;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && quote !== "'") {
      if (i + 1 >= text.length) return undefined;
      current ??= new MappedBuilder();
      current.copy(m, i + 1, i + 2);
      i++;
      continue;
    }
    if (quote) {
      if (c === quote) quote = '';
      else current!.copy(m, i, i + 1);
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      finish(i);
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      current ??= new MappedBuilder();
      continue;
    }
    if (c === ';' || c === '&' || c === '|' || c === '<' || c === '>') {
      finish(i);
      return { words, stoppedAt: { offset: m.map[i]!, text: text.slice(i).trim() } };
    }
    current ??= new MappedBuilder();
    current.copy(m, i, i + 1);
  }
  if (quote) return undefined;
  finish(text.length);
  return { words };
}

/** A key's value in a mapping, following `<<: *anchor` merge keys and aliases. */
export function get(doc: Document, map: YAMLMap, key: string): YamlNode | undefined {
  const pair = pairOf(doc, map, key);
  if (!pair) return undefined;
  const value = pair.value;
  if (value === null) return undefined;
  return isAlias(value) ? ((value.resolve(doc) as YamlNode | undefined) ?? undefined) : value;
}

export function pairOf(doc: Document, map: YAMLMap, key: string, seen = new Set<YAMLMap>()): Pair<YamlNode, YamlNode | null> | undefined {
  if (seen.has(map)) return undefined;
  seen.add(map);
  const items = map.items as Pair<YamlNode, YamlNode | null>[];
  const own = items.find((p) => isScalar(p.key) && p.key.value === key);
  if (own) return own;
  for (const pair of items) {
    if (!isScalar(pair.key) || (pair.key.value !== '<<' && typeof pair.key.value !== 'symbol')) continue;
    const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
    for (const source of sources) {
      const target = isAlias(source) ? source.resolve(doc) : source;
      if (isMap(target)) {
        const found = pairOf(doc, target, key, seen);
        if (found) return found;
      }
    }
  }
  return undefined;
}

export function text(node: YamlNode | null | undefined): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
  return String(node.value);
}

function truthy(node: YamlNode | undefined): boolean {
  return isScalar(node) && (node.value === true || node.value === 'true');
}

function rangeOf(node: YamlNode): { start: number; end: number } {
  const [start, end] = node.range ?? [0, 0];
  return { start, end };
}

/** Compose durations: `10s`, `1m30s`, `1h`, `500ms`, or a number of seconds. */
export function composeDuration(value: string): number | undefined {
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value);
  let total = 0;
  let rest = value.trim();
  if (rest === '') return undefined;
  while (rest !== '') {
    const match = /^(\d+(?:\.\d+)?)(ms|us|µs|ns|h|m|s)/.exec(rest);
    if (!match) return undefined;
    const n = Number(match[1]);
    total += match[2] === 'h' ? n * 3600 : match[2] === 'm' ? n * 60 : match[2] === 's' ? n : match[2] === 'ms' ? n / 1000 : 0;
    rest = rest.slice(match[0].length);
  }
  return total;
}
