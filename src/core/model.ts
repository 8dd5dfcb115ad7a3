export type Severity = 'error' | 'warning' | 'info';

/** A replacement of the original text between two UTF-16 offsets. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/**
 * How sure execwrap is that a fix changes the stop and nothing else (Ruff's model). `safe` fixes are applied by
 * `fix` and `migrate`; `unsafe` ones may change something else too (what the rule's message says) and are only
 * applied with `--unsafe-fixes`, shown as suggestions otherwise.
 */
export type FixApplicability = 'safe' | 'unsafe';

/** Edits that only make sense together: applied all or none. */
export interface Fix {
  edits: TextEdit[];
  /** Absent means `safe`. */
  applicability?: FixApplicability;
  /**
   * New files the fix writes along with its edits (a start script next to a Compose file), by absolute path. Only
   * the command that applies the fix writes them; the edits alone are what the applier sees.
   */
  files?: NewFile[];
}

export interface NewFile {
  path: string;
  text: string;
  mode: number;
}

export function fixApplicability(fix: Fix): FixApplicability {
  return fix.applicability ?? 'safe';
}

/** Whether a run that applies unsafe fixes (or not) applies this one. */
export function isApplied(fix: Fix, unsafeFixes: boolean | undefined): boolean {
  return unsafeFixes === true || fixApplicability(fix) === 'safe';
}

/** What a rule found: data only; the words live in the rule's kind of finding and the reporters. */
export interface Finding {
  rule: string;
  /** Which of the rule's kinds of finding this is (ESLint's `messageId`): its message, severity and fix kind. */
  kind: string;
  severity: Severity;
  start: number;
  end: number;
  data: Record<string, string>;
  fix?: Fix;
}

/** Choices that change what a fix writes. */
export interface FixOptions {
  /** The wrapper ends when the first program ends (and stops the others), whatever the script did before. */
  failFast: boolean;
}

/** What a rule's check reports: the rule and the severity come from the rule's definition, never from the check. */
export type FindingInput<Kind extends string = string> = Omit<Finding, 'rule' | 'kind' | 'severity'> & { kind: Kind };

/** What a kind of finding carries: a fix that keeps everything but the stop (`safe`), one that may change more (`unsafe`), or none. */
export type FixKind = FixApplicability | 'none';

/**
 * One kind of finding a rule reports (ESLint's `meta.messages`, Ruff's fix title and applicability): its words,
 * its severity and the fix it carries. A finding of a kind with a fix carries one of that applicability whenever
 * execwrap can write it (the rule's page says when it cannot); a finding of a `none` kind never carries one.
 */
export interface FindingKind {
  severity: Severity;
  fix: FixKind;
  /** What the fix does, in a few words (Ruff's fix title); for kinds with a fix. */
  fixTitle?: string;
  message(data: Record<string, string>): string;
}

/** What every rule has, whatever it checks: the registry, reporters and docs need only this. */
export interface RuleMeta<Kind extends string = string> {
  /** Stable ID (`EW101`); never reused for another check. */
  id: string;
  /** Short kebab-case name, for humans and config. */
  name: string;
  /** One line for the rules table and SARIF. */
  description: string;
  /** The rule's page, made from its ID (`createRule`). */
  docs: string;
  /** Every kind of finding the rule reports; the first is its main kind, whose severity is the rule's default. */
  kinds: Readonly<Record<Kind, FindingKind>>;
  /**
   * The file could not be checked at all (it does not parse): no ignore comment or config setting silences or
   * re-grades it, since a file that was never checked must not pass as clean.
   */
  fatal?: true;
  /**
   * Its findings are about which shell can read the script, not about the stop signal: an error without a fix
   * does not make a file whose launch has a fix `unfixable`.
   */
  portability?: boolean;
}

/** A rule over some analysed subject: a script (EW1xx, src/shell), a Dockerfile (EW2xx), a manifest (EW3xx). */
export interface Rule<Subject, Kind extends string = string> extends RuleMeta<Kind> {
  check(subject: Subject, report: (finding: FindingInput<Kind>) => void): void;
}

export const DOCS_BASE = 'https://github.com/execwrap/execwrap/blob/main/docs/rules';

/** A rule's page: docs/rules/<ID>.md on the main branch. */
export function docsUrl(ruleId: string): string {
  return `${DOCS_BASE}/${ruleId}.md`;
}

/** Defines a rule (typescript-eslint's `createRule`): fills the docs URL from the ID, so no rule can forget it. */
export function createRule<Subject, Kind extends string>(definition: Omit<Rule<Subject, Kind>, 'docs'>): Rule<Subject, Kind> {
  return { ...definition, docs: docsUrl(definition.id) };
}

/** The kind a finding names, from its rule's definition. */
export function kindOf(rule: RuleMeta, kind: string): FindingKind {
  const found = (rule.kinds as Record<string, FindingKind>)[kind];
  if (!found) throw new Error(`${rule.id} has no kind of finding "${kind}"`);
  return found;
}

/**
 * A finding as the runners record it: severity from the rule's kind, never from the check. A fix that does not
 * match its kind (a fix on a `none` kind, an unsafe fix on a `safe` one) is a bug in the rule, caught here.
 */
export function findingOf(rule: RuleMeta, input: FindingInput): Finding {
  const kind = kindOf(rule, input.kind);
  if (input.fix && fixApplicability(input.fix) !== kind.fix) {
    throw new Error(`${rule.id} reported a finding of kind "${input.kind}" (fix: ${kind.fix}) with a fix that is ${fixApplicability(input.fix)}`);
  }
  return { ...input, rule: rule.id, severity: kind.severity };
}

/** The message of a finding, in its kind's words. */
export function messageOf(rule: RuleMeta, finding: Pick<Finding, 'kind' | 'data'>): string {
  return kindOf(rule, finding.kind).message(finding.data);
}

/** The rule's default severity (SARIF's `defaultConfiguration`): its main kind's. */
export function defaultSeverity(rule: RuleMeta): Severity {
  return Object.values<FindingKind>(rule.kinds)[0]!.severity;
}

/** Whether any kind of the rule's findings carries a fix. */
export function hasFixes(rule: RuleMeta): boolean {
  return Object.values<FindingKind>(rule.kinds).some((kind) => kind.fix !== 'none');
}
