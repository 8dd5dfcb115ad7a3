import { fixApplicability, messageOf, type Finding, type FixApplicability, type Severity } from '../core/model.js';
import type { LineIndex } from '../core/source.js';
import { ruleById } from '../registry/index.js';

/** A finding with positions and words resolved: what every reporter formats. */
export interface ResolvedFinding {
  rule: string;
  name: string;
  /** Which of the rule's kinds of finding this is (the kinds table of its docs page): its severity and fix go with it. */
  kind: string;
  severity: Severity;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  fixable: boolean;
  /** `safe`: `execwrap fix` applies it; `unsafe`: only with `--unsafe-fixes`; null: no fix. */
  fixApplicability: FixApplicability | null;
  docs: string;
}

export { DOCS_BASE, docsUrl } from '../core/model.js';

export function resolveFinding(lines: LineIndex, finding: Finding): ResolvedFinding {
  const rule = ruleById(finding.rule);
  const start = lines.position(finding.start);
  const end = lines.position(finding.end);
  return {
    rule: finding.rule,
    name: rule.name,
    kind: finding.kind,
    severity: finding.severity,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    message: messageOf(rule, finding),
    fixable: finding.fix !== undefined,
    fixApplicability: finding.fix ? fixApplicability(finding.fix) : null,
    docs: rule.docs,
  };
}
