/**
 * `execwrap verify deploy.yaml --container web`: runs one container's command line from a Kubernetes manifest or
 * Compose file as PID 1 (with stand-ins), with the stop signal and grace period the manifest gives it.
 */
import { readFileSync } from 'node:fs';
import { baseImageInfo } from '../../dockerfile/analyze/images.js';
import { InputError, UsageError } from '../../core/errors.js';
import { fixManifest } from '../../manifest/fix-manifest.js';
import { analyzeManifest } from '../../manifest/analyze-manifest.js';
import type { ManifestOptions } from '../../manifest/analyze/model.js';
import type { AnalyzedWorkload } from '../../manifest/analyze/workload.js';
import { analyzeScript } from '../../shell/analyze-script.js';
import { decodeSource } from '../../core/source.js';
import { Collected, collectFromScript, normalizeSignal, passthroughProgram, stubsBeside, type PlanOptions, type SignalSource, type Variant, type VariantPlan, type VerifyTargetPlan } from './plan.js';

const SHELL_BINARY = { dash: ['dash'], bash: ['bash'], ash: ['busybox', 'ash'], other: ['sh'] } as const;

export async function planManifest(target: string, options: PlanOptions, flagSignal: NodeJS.Signals | undefined): Promise<VerifyTargetPlan> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(target);
  } catch {
    throw new InputError('cannot be read', target);
  }
  const source = decodeSource(target, bytes);
  const manifestOptions: ManifestOptions = { settings: options.settings };
  const report = await analyzeManifest(source, manifestOptions);
  const names = report.analyzed.containers.map((c) => c.workload.name);
  const chosen = options.container ?? (names.length === 1 ? names[0] : undefined);
  if (chosen === undefined) throw new UsageError(`${target}: name the container or service to run with --container (${names.join(', ') || 'none found'})`);
  const find = (list: AnalyzedWorkload[]) => list.find((c) => c.workload.name === chosen);
  const container = find(report.analyzed.containers);
  if (!container) throw new UsageError(`${target}: no container or service named ${chosen} (${names.join(', ')})`);
  const variants = [await variant('original', container, options, flagSignal)];
  if (options.compare) {
    const fixed = await fixManifest(source, manifestOptions);
    variants.push(await variant('fixed', find(fixed.after.analyzed.containers)!, options, flagSignal));
  }
  return { kind: 'manifest', target, container: chosen, graceSeconds: container.workload.grace.seconds, variants };
}

async function variant(name: Variant, container: AnalyzedWorkload, options: PlanOptions, flagSignal: NodeJS.Signals | undefined): Promise<VariantPlan> {
  const { workload, argv, shellStart, inline } = container;
  if (!argv || argv.length === 0) {
    throw new InputError(`${workload.name} runs its image's own command, which the manifest does not show: verify the image folder (Dockerfile) instead`, workload.name);
  }
  const out = new Collected();
  const notes: string[] = [];
  let command: string[];
  if (shellStart && inline) {
    command = [...SHELL_BINARY[shellStart.identity.kind], ...shellStart.options.map((w) => w.text.text), shellStart.script.text.text, ...shellStart.operands.map((w) => w.text.text)];
    notes.push(`\`${shellStart.shell.text.text}\` ran as ${command[0] === 'busybox' ? 'busybox ash' : command[0]}${shellStart.identity.assumed ? ' (assumed: the image is not known)' : ''}`);
    const report = inline.report ?? (await analyzeScript(decodeSource(`${workload.name} (inline)`, Buffer.from(`${inline.header}${inline.text.text}\n`)), options.settings));
    await collectFromScript(report, shellStart.operands.map((w) => w.text.text), out, options.settings);
  } else {
    command = argv.map((w) => w.text.text);
    await passthroughProgram(command, out, options.settings);
  }
  if (command.some((w) => /\$_{2,}/.test(w))) notes.push('placeholders (`{{ … }}`, `${VAR}`, `$(VAR)`) ran as empty variables');
  if (workload.image) notes.push(`ran on this machine, not in ${workload.image}`);
  const manifestSignal = workload.stopSignal ? normalizeSignal(workload.stopSignal.value) : undefined;
  const imageSignal = workload.image ? baseImageInfo(workload.image).stopSignal : undefined;
  const signal = flagSignal ?? manifestSignal ?? (imageSignal ? normalizeSignal(imageSignal) : undefined) ?? 'SIGTERM';
  const signalSource: SignalSource = flagSignal ? 'flag' : manifestSignal ? 'manifest' : imageSignal ? 'base image' : 'default';
  return { variant: name, command, place: [], cwd: '/', programs: [...out.programs.values()], execWrappers: [...out.execWrappers], stubs: stubsBeside(out, options), signal, signalSource, notes: [...notes, ...out.notes] };
}
