import type { Rule } from '../model.js';

/** An ignore that names no existing rule silences nothing, usually a typo. */
export const EW100: Rule = {
  id: 'EW100',
  name: 'unknown-rule-in-ignore',
  severity: 'warning',
  description: 'An `# execwrap ignore=` comment names a rule ID that does not exist.',
  fixable: false,
  message: (d) => `\`${d.id}\` in this ignore comment is not an execwrap rule; it silences nothing`,
  check(script, report) {
    // Imported lazily to avoid a cycle: the registry lists this rule too.
    for (const directive of script.ignores.directives) {
      for (const id of directive.ids) {
        if (!knownRuleIds.has(id)) report({ start: directive.start, end: directive.end, data: { id } });
      }
    }
  },
};

/** Filled by the registry once every rule is loaded. */
export const knownRuleIds = new Set<string>();
