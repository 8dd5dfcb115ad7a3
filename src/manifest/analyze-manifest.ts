/**
 * Kubernetes manifests and Compose files: finds what runs as PID 1 in every container and service, analyses inline
 * `sh -c` scripts with the shell analysis (positions mapped into the YAML), and runs the EW3xx rules.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { posix } from 'node:path';
import { isIgnored, readLineIgnores } from '../core/ignores.js';
import { runRules, sortFindings } from '../core/rule-runner.js';
import { analyzeScript, statusOf, type FileStatus, type ScriptReport, SCRIPT_RULE_IDS } from '../shell/analyze-script.js';
import { EW100, unknownIgnoreIds } from '../shell/rules/EW100-unknown-ignore.js';
import { findingOf, type Finding } from '../core/model.js';
import { applyRuleSettings } from '../core/settings.js';
import { baseImageInfo } from '../dockerfile/analyze/images.js';
import { parseDockerfile } from '../dockerfile/analyze/parse.js';
import { InputError } from '../core/errors.js';
import { decodeSource, LineIndex, type SourceFile } from '../core/source.js';
import { manifestKind } from './analyze/detect.js';
import type { BuiltImage, ManifestKind, ManifestOptions, Workload } from './analyze/model.js';
import type { AnalyzedManifest } from './analyze/analyzed.js';
import { parseManifest } from './analyze/read.js';
import { dockerfileRules } from '../dockerfile/rules/index.js';
import { manifestRules } from './rules/index.js';
import { planStartScript } from './analyze/start-script.js';
import { analyzeWorkload, passThroughFindings, type AnalyzedWorkload } from './analyze/workload.js';

/** One container or service, as reports list it. */
export interface ContainerSummary {
  owner: string;
  name: string;
  role: Workload['role'];
  line: number;
  image: string | null;
  /** The argv PID 1 runs as the manifest writes it (null: the image's own ENTRYPOINT/CMD). */
  command: string[] | null;
  /** For an inline `sh -c` script: its shell (`dash`, `bash`, `ash`), launcher and whether the shell was assumed. */
  shell: string | null;
  shellAssumed: boolean;
  launcher: string | null;
}

export interface ManifestReport {
  source: SourceFile;
  lines: LineIndex;
  kind: ManifestKind;
  findings: Finding[];
  status: FileStatus;
  containers: ContainerSummary[];
  analyzed: AnalyzedManifest;
}

export async function analyzeManifest(source: SourceFile, options: ManifestOptions = {}): Promise<ManifestReport> {
  const analyzed = await analyzeManifestModel(source, options);
  const findings = runManifestRules(analyzed);
  return {
    source,
    lines: analyzed.lines,
    kind: analyzed.parsed.kind,
    findings,
    status: statusOf(findings),
    containers: analyzed.containers.map((c) => summary(analyzed, c)),
    analyzed,
  };
}

export async function analyzeManifestModel(source: SourceFile, options: ManifestOptions = {}): Promise<AnalyzedManifest> {
  const kind = manifestKind(source.path, source.text);
  if (!kind) throw new InputError('not a Kubernetes manifest (apiVersion and kind) or a Compose file (services:)', source.path);
  const lines = new LineIndex(source.text);
  const parsed = parseManifest(source, lines, kind);
  const built = new Map<Workload, BuiltImage>();
  for (const workload of parsed.workloads) {
    const image = builtImage(source, workload, options);
    if (image) built.set(workload, image);
  }
  const containers: AnalyzedWorkload[] = [];
  for (const workload of parsed.workloads) {
    const label = `${source.path} (${workload.role === 'service' ? 'service' : 'container'} ${workload.name})`;
    const container = await analyzeWorkload(workload, { settings: options.settings, label, builtFrom: (w) => built.get(w) });
    container.script = await boundScript(container, options);
    if (!container.script) delete container.script;
    if (workload.kind === 'compose' && container.inline?.report?.launcher === 'multi' && !container.inline.report.script.launch.ok) {
      container.startScript = await planStartScript(source, container);
    }
    containers.push(container);
  }
  return { source, lines, parsed, containers, built, options };
}

/** A Compose bind mount that puts a start script from the repository where the command runs it. */
async function boundScript(container: AnalyzedWorkload, options: ManifestOptions): Promise<{ file: string; report?: ScriptReport } | undefined> {
  const { argv, shellStart, workload } = container;
  if (shellStart || !argv || argv.length === 0 || workload.binds.size === 0) return undefined;
  const first = argv[0]!.text.text;
  const path = ['sh', 'bash', 'dash', 'ash'].includes(posix.basename(first)) && argv[1] ? argv[1].text.text : first;
  const file = workload.binds.get(path);
  const pending = file !== undefined ? options.pendingFiles?.get(file) : undefined;
  if (file !== undefined && pending !== undefined) {
    return { file, report: await analyzeScript(decodeSource(file, Buffer.from(pending, 'utf8')), options.settings) };
  }
  if (!file || !existsSync(file)) return undefined;
  const report = await options.analyzeScript?.(file);
  return { file, ...(report ? { report } : {}) };
}

/**
 * The Dockerfiles manifests build their images from, parsed once: several manifests (and each fix pass of one) read
 * the same few. Plain JavaScript objects, so a small bounded memo is enough.
 */
const parsedDockerfiles = new Map<string, ReturnType<typeof parseDockerfile>>();
function parsedDockerfile(text: string): ReturnType<typeof parseDockerfile> {
  let parsed = parsedDockerfiles.get(text);
  if (!parsed) {
    parsed = parseDockerfile(text, new LineIndex(text));
    if (parsedDockerfiles.size >= 64) parsedDockerfiles.delete(parsedDockerfiles.keys().next().value!);
    parsedDockerfiles.set(text, parsed);
  }
  return parsed;
}

function builtImage(source: SourceFile, workload: Workload, options: ManifestOptions): BuiltImage | undefined {
  let found: { dockerfile: string; context: string } | undefined;
  if (workload.build) found = { dockerfile: resolve(workload.build.context, workload.build.dockerfile), context: workload.build.context };
  else if (workload.image) found = options.findDockerfile?.(workload.image);
  if (!found) return undefined;
  const base = source.path === '-' || source.path === '<stdin>' ? process.cwd() : dirname(resolve(source.path));
  const display = relative(base, found.dockerfile).split('\\').join('/');
  const image: BuiltImage = { ...found, display };
  if (!existsSync(found.dockerfile)) return image;
  try {
    const text = decodeSource(found.dockerfile, readFileSync(found.dockerfile)).text;
    const parsed = parsedDockerfile(text);
    const final = parsed.stages[parsed.stages.length - 1];
    if (!final) return image;
    const chain = [final];
    for (let stage = final; stage.parent !== undefined && chain.length <= parsed.stages.length; ) {
      stage = parsed.stages[stage.parent]!;
      chain.unshift(stage);
    }
    image.baseImage = chain[0]!.image;
    const entrypointLine = chain.flatMap((s) => s.instructions).filter((i) => i.keyword === 'ENTRYPOINT').pop();
    if (entrypointLine) {
      const argv = /^\s*\[/.test(entrypointLine.rest) ? safeJson(entrypointLine.rest) : undefined;
      if (argv) image.entrypoint = argv;
    } else {
      // A base image's own ENTRYPOINT that execs its arguments (`exec "$@"`) leaves the command line to them.
      const info = baseImageInfo(image.baseImage);
      if (info.entrypoint) image.entrypoint = info.passthrough ? [] : info.entrypoint;
    }
  } catch {
    // An unreadable Dockerfile is reported where the Dockerfile itself is checked.
  }
  return image;
}

function safeJson(text: string): string[] | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : undefined;
  } catch {
    return undefined;
  }
}

function runManifestRules(manifest: AnalyzedManifest): Finding[] {
  const findings: Finding[] = [];
  const ranges = manifest.parsed.workloads.flatMap((w) => {
    const [start, end] = w.map.range ?? [0, 0];
    const fields = [w.entrypoint, w.cmd].filter((f) => f !== undefined).map((f) => ({ start: f.key.range?.[0] ?? start, end: f.value?.range?.[1] ?? end }));
    const preStop = w.preStop?.node.range ? [{ start: w.preStop.node.range[0], end: w.preStop.node.range[1] }] : [];
    return [{ start: w.anchor.start, end }, ...fields, ...preStop];
  });
  ranges.sort((a, b) => a.start - b.start);
  const ignores = readLineIgnores(manifest.source.text, ranges);
  findings.push(...runRules(manifestRules, manifest, { ignores }));
  // The inline script's own findings, at their places in the manifest.
  for (const container of manifest.containers) {
    if (!container.shellStart || !container.inline) continue;
    for (const finding of passThroughFindings(container.shellStart, container.inline)) if (!isIgnored(ignores, finding.rule, finding.start)) findings.push(finding);
  }
  const known = manifest.options.settings?.knownRuleIds ?? MANIFEST_LAYER_RULE_IDS;
  for (const input of unknownIgnoreIds(ignores.directives, known)) findings.push(findingOf(EW100, input));
  return applyRuleSettings(sortFindings(findings), manifest.options.settings);
}

/** The IDs a manifest's ignore comments may name when the caller knows no more rules than these. */
const MANIFEST_LAYER_RULE_IDS: ReadonlySet<string> = new Set([...SCRIPT_RULE_IDS, ...dockerfileRules.map((r) => r.id), ...manifestRules.map((r) => r.id)]);

function summary(manifest: AnalyzedManifest, container: AnalyzedWorkload): ContainerSummary {
  const { workload, shellStart, inline } = container;
  return {
    owner: workload.owner,
    name: workload.name,
    role: workload.role,
    line: manifest.lines.position(workload.anchor.start).line,
    image: workload.image ?? null,
    command: container.argv ? container.argv.map((w) => w.text.text) : null,
    shell: shellStart ? shellStart.identity.kind : null,
    shellAssumed: shellStart?.identity.assumed ?? false,
    launcher: inline?.report?.launcher ?? container.script?.report?.launcher ?? null,
  };
}
