import type { RuleMeta } from './analyze/model.js';
import { knownRuleIds } from './analyze/rules/EW100-unknown-ignore.js';
import { scriptRules } from './analyze/rules/index.js';
import { dockerfileRules } from './dockerfile/rules/index.js';

/** Every rule execwrap has, scripts (EW1xx) and Dockerfiles (EW2xx): what reporters and docs look up. */
export const allRules: readonly RuleMeta[] = [...scriptRules, ...dockerfileRules];

for (const rule of allRules) knownRuleIds.add(rule.id);

const byId = new Map(allRules.map((rule) => [rule.id, rule]));

export function ruleById(id: string): RuleMeta {
  const rule = byId.get(id);
  if (!rule) throw new Error(`unknown rule ${id}`);
  return rule;
}
