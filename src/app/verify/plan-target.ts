/**
 * What `verify` runs for a target: a script, an image folder, or a manifest's container. Dispatches to the planners,
 * which share their parts through plan.ts.
 */
import { statSync } from 'node:fs';
import { InputError, UsageError } from '../../core/errors.js';
import { isComposeName, isYamlName } from '../../manifest/analyze/detect.js';
import { normalizeSignal, planImage, planScript, type PlanOptions, type VerifyTargetPlan } from './plan.js';

function isManifestName(path: string): boolean {
  return isComposeName(path) || isYamlName(path);
}

/** Plans a verify run of a script, an image folder or a manifest's container. Throws InputError/UsageError for what cannot run (exit 2). */
export async function planVerify(target: string, options: PlanOptions): Promise<VerifyTargetPlan> {
  let info;
  try {
    info = statSync(target);
  } catch {
    throw new InputError('no such file or directory', target);
  }
  const flagSignal = options.signal !== undefined ? normalizeSignal(options.signal) : undefined;
  if (options.signal !== undefined && !flagSignal) throw new UsageError(`--signal ${options.signal}: not a signal name (TERM, SIGQUIT, 15, …)`);
  if (info.isDirectory()) return planImage(target, options, flagSignal);
  if (options.container !== undefined || isManifestName(target)) return (await import('./manifest-plan.js')).planManifest(target, options, flagSignal);
  return planScript(target, options, flagSignal);
}

