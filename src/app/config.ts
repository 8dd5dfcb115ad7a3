import { dirname } from 'node:path';
import { lilconfig } from 'lilconfig';
import { UsageError } from '../core/errors.js';
import { allRuleIds, allRules } from '../registry/index.js';
import type { RuleSetting, Settings } from '../core/settings.js';

const SEVERITIES = ['error', 'warning', 'info'];
const RULE_SETTINGS = ['off', ...SEVERITIES];
const INITS = ['tini', 'dumb-init', 'none'];
const KEYS = new Set(['rules', 'init', 'ignorePaths', 'failureThreshold', 'unsafeFixes', 'failFast']);

/** A config file that cannot be used: exit code 2, naming the file and the bad key. */
export class ConfigError extends UsageError {
  override name = 'ConfigError';
}

/**
 * Finds `.execwraprc.json`, or an `execwrap` key in package.json, upward from `from` (lilconfig's search:
 * the nearest directory that has either wins), and validates it.
 */
export async function loadSettings(from: string): Promise<Settings> {
  const explorer = lilconfig('execwrap', { searchPlaces: ['package.json', '.execwraprc.json'] });
  let found;
  try {
    found = await explorer.search(from);
  } catch (error) {
    throw new ConfigError(`cannot read the execwrap config: ${(error as Error).message}`);
  }
  // The analyses learn every rule ID from here, so an ignore naming a rule of another layer is not EW100.
  if (!found || found.isEmpty) return { rules: {}, ignorePaths: [], baseDir: from, knownRuleIds: allRuleIds };
  return { ...validateSettings(found.config as unknown, found.filepath), knownRuleIds: allRuleIds };
}

export function validateSettings(config: unknown, file: string): Settings {
  const fail = (key: string, why: string): never => {
    throw new ConfigError(`${file}: "${key}" ${why}`);
  };
  if (typeof config !== 'object' || config === null || Array.isArray(config)) fail('(root)', 'must be an object');
  const object = config as Record<string, unknown>;
  for (const key of Object.keys(object)) if (!KEYS.has(key)) fail(key, `is not a setting (known: ${[...KEYS].join(', ')})`);

  const rules: Record<string, RuleSetting> = {};
  if (object.rules !== undefined) {
    if (typeof object.rules !== 'object' || object.rules === null || Array.isArray(object.rules)) fail('rules', 'must be an object of rule ID to "off", "error", "warning" or "info"');
    const known = new Map(allRules.flatMap((r) => [[r.id, r.id], [r.name, r.id]] as const));
    const fatal = new Set(allRules.filter((r) => r.fatal).map((r) => r.id));
    for (const [key, value] of Object.entries(object.rules as Record<string, unknown>)) {
      const id = known.get(key) ?? known.get(key.toUpperCase());
      if (!id) fail(`rules.${key}`, 'is not an execwrap rule ID or name');
      if (typeof value !== 'string' || !RULE_SETTINGS.includes(value)) fail(`rules.${key}`, `must be one of ${RULE_SETTINGS.join(', ')}`);
      if (fatal.has(id!)) fail(`rules.${key}`, 'cannot be turned off or re-graded: it marks a file execwrap could not check (skip the file with ignorePaths instead)');
      rules[id!] = value as RuleSetting;
    }
  }
  if (object.init !== undefined && (typeof object.init !== 'string' || !INITS.includes(object.init))) fail('init', `must be one of ${INITS.join(', ')}`);
  if (object.failureThreshold !== undefined && (typeof object.failureThreshold !== 'string' || !SEVERITIES.includes(object.failureThreshold))) {
    fail('failureThreshold', `must be one of ${SEVERITIES.join(', ')}`);
  }
  if (object.unsafeFixes !== undefined && typeof object.unsafeFixes !== 'boolean') fail('unsafeFixes', 'must be true or false');
  if (object.failFast !== undefined && typeof object.failFast !== 'boolean') fail('failFast', 'must be true or false');
  let ignorePaths: string[] = [];
  if (object.ignorePaths !== undefined) {
    if (!Array.isArray(object.ignorePaths) || object.ignorePaths.some((p) => typeof p !== 'string')) fail('ignorePaths', 'must be an array of path patterns');
    ignorePaths = object.ignorePaths as string[];
  }
  return {
    rules,
    ignorePaths,
    baseDir: dirname(file),
    file,
    ...(object.init !== undefined ? { init: object.init as Settings['init'] } : {}),
    ...(object.failureThreshold !== undefined ? { failureThreshold: object.failureThreshold as Settings['failureThreshold'] } : {}),
    ...(object.unsafeFixes !== undefined ? { unsafeFixes: object.unsafeFixes as boolean } : {}),
    ...(object.failFast !== undefined ? { failFast: object.failFast as boolean } : {}),
  };
}
