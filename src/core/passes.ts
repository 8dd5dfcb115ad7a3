import { isApplied, type Finding, type Fix } from './model.js';
import { applyFixes } from './apply.js';

/** Fixes can enable others (a wrapper makes a `trap` line relevant); bounded like ESLint's passes. */
const MAX_PASSES = 5;

/**
 * Applies every fix a report carries, analyses the result again and repeats until nothing changes or the
 * pass limit is reached. Shared by scripts and Dockerfiles: one loop, one applier.
 */
export async function fixInPasses<R extends { findings: Finding[] }>(
  text: string,
  first: R,
  analyze: (text: string) => Promise<R>,
  /** Apply unsafe fixes too (`--unsafe-fixes`); otherwise only safe ones. */
  unsafeFixes = false,
): Promise<{ text: string; after: R }> {
  let report = first;
  let current = text;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const fixes = report.findings.map((f) => f.fix).filter((f): f is Fix => f !== undefined && isApplied(f, unsafeFixes));
    if (fixes.length === 0) break;
    const result = applyFixes(current, fixes);
    if (result.applied === 0 || result.text === current) break;
    current = result.text;
    report = await analyze(current);
  }
  return { text: current, after: report };
}
