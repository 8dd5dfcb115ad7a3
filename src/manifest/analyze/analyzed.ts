import { createRule, type Rule } from '../../core/model.js';
import type { LineIndex, SourceFile } from '../../core/source.js';
import type { BuiltImage, ManifestOptions, ParsedManifest, Workload } from './model.js';
import type { AnalyzedWorkload } from './workload.js';

/** A manifest after analysis: what every EW3xx rule reads. */
export interface AnalyzedManifest {
  source: SourceFile;
  lines: LineIndex;
  parsed: ParsedManifest;
  containers: AnalyzedWorkload[];
  built: Map<Workload, BuiltImage>;
  options: ManifestOptions;
}

/** A manifest rule: the same shape as script and Dockerfile rules. */
export type ManifestRule = Rule<AnalyzedManifest>;

/** Defines a manifest rule (EW3xx): `createRule` with the subject fixed, so the check's parameters are typed. */
export function manifestRule<Kind extends string>(definition: Omit<Rule<AnalyzedManifest, Kind>, 'docs'>): Rule<AnalyzedManifest, Kind> {
  return createRule(definition);
}
