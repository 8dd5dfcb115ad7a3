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

/** What a rule found: data only; the words live in the rule's message and the reporters. */
export interface Finding {
  rule: string;
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

export type FindingInput = Omit<Finding, 'rule' | 'severity'> & { severity?: Severity };

/** What every rule has, whatever it checks: the registry, reporters and docs need only this. */
export interface RuleMeta {
  /** Stable ID (`EW101`); never reused for another check. */
  id: string;
  /** Short kebab-case name, for humans and config. */
  name: string;
  severity: Severity;
  /** One line for the rules table and SARIF. */
  description: string;
  /** Whether findings of this rule usually carry a fix. */
  fixable: boolean;
  /** How its fixes are applied when it has them (default `safe`); `unsafe` ones need `--unsafe-fixes`. */
  fixApplicability?: FixApplicability;
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
  message(data: Record<string, string>): string;
}

/** A rule over some analysed subject: a script (EW1xx, src/shell), a Dockerfile (EW2xx), a manifest (EW3xx). */
export interface Rule<Subject> extends RuleMeta {
  check(subject: Subject, report: (finding: FindingInput) => void): void;
}
