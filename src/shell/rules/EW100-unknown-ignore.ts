import type { ScriptRule } from '../analyze/model.js';

/** An ignore that names no existing rule silences nothing, usually a typo. */
export const EW100: ScriptRule = {
  id: 'EW100',
  name: 'unknown-rule-in-ignore',
  severity: 'warning',
  description: 'An `# execwrap ignore=` comment names a rule ID that does not exist.',
  fixable: false,
  message: (d) => `\`${d.id}\` in this ignore comment is not an execwrap rule; it silences nothing`,
  check(script, report) {
    for (const directive of script.ignores.directives) {
      for (const id of directive.ids) {
        if (!script.knownRuleIds.has(id)) report({ start: directive.start, end: directive.end, data: { id } });
      }
    }
  },
};

