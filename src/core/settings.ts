import type { Finding, Severity } from './model.js';

export type RuleSetting = 'off' | Severity;

/** What a project can set in `.execwraprc.json` (or the `execwrap` key of package.json). */
export interface Settings {
  /** Per rule: `off`, or a severity that replaces the rule's own. */
  rules: Readonly<Record<string, RuleSetting>>;
  init?: 'tini' | 'dumb-init' | 'none';
  /** gitignore-style patterns, relative to `baseDir`, skipped when walking directories. */
  ignorePaths: readonly string[];
  failureThreshold?: Severity;
  /** Apply unsafe fixes too (`--unsafe-fixes`, or `"unsafeFixes": true` in the config). */
  unsafeFixes?: boolean;
  /** Fixes end the wrapper when the first program ends (`--fail-fast`), instead of when the script did. */
  failFast?: boolean;
  /**
   * Every rule ID execwrap has (filled by the app from the rule registry): an ignore comment naming another ID is
   * EW100. Without it, each analysis knows the rules of its own layer and of the layers below it.
   */
  knownRuleIds?: ReadonlySet<string>;
  /** The folder of the config file (where `ignorePaths` are anchored). */
  baseDir: string;
  /** The config file, when one was found. */
  file?: string;
}

export const DEFAULT_SETTINGS: Settings = { rules: {}, ignorePaths: [], baseDir: process.cwd() };

/** Drops findings of rules turned off and applies severity overrides; runs before a file's status is decided. */
export function applyRuleSettings(findings: Finding[], settings: Pick<Settings, 'rules'> | undefined): Finding[] {
  if (!settings || Object.keys(settings.rules).length === 0) return findings;
  const result: Finding[] = [];
  for (const finding of findings) {
    const setting = settings.rules[finding.rule];
    if (setting === 'off') continue;
    result.push(setting ? { ...finding, severity: setting } : finding);
  }
  return result;
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** `--failure-threshold`: does this finding make the exit code 1? */
export function reachesThreshold(severity: Severity, threshold: Severity): boolean {
  return RANK[severity] >= RANK[threshold];
}
