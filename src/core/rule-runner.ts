/** The one rule runner: scripts, Dockerfiles and manifests run their rules through it. */
import { isIgnored, type IgnoreDirectives } from './ignores.js';
import { findingOf, type Finding, type Rule } from './model.js';

export interface RuleRunOptions {
  /** Findings an ignore comment names are dropped. */
  ignores: IgnoreDirectives;
  /** A last look at each finding no ignore dropped: keep it, change it, or drop it (undefined). */
  keep?: (finding: Finding) => Finding | undefined;
}

/** Runs rules over one analysed subject; each finding gets its kind's severity. Sorted by position, then rule. */
export function runRules<Subject>(rules: readonly Rule<Subject>[], subject: Subject, options: RuleRunOptions): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    rule.check(subject, (input) => {
      if (isIgnored(options.ignores, rule.id, input.start)) return;
      const finding = options.keep ? options.keep(findingOf(rule, input)) : findingOf(rule, input);
      if (finding) findings.push(finding);
    });
  }
  return sortFindings(findings);
}

/** The order every report lists findings in: by position, then rule ID. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => a.start - b.start || a.rule.localeCompare(b.rule));
}

