import type { Rule } from '../../core/model.js';
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
