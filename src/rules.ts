import type { RuleMeta } from './analyze/model.js';
import { scriptRules } from './analyze/rules/index.js';
import { dockerfileRules } from './dockerfile/rules/index.js';
import { manifestRules } from './manifest/rules/index.js';

/** Every rule execwrap has, scripts (EW1xx), Dockerfiles (EW2xx) and manifests (EW3xx): what reporters and docs look up. */
export const allRules: readonly RuleMeta[] = [...scriptRules, ...dockerfileRules, ...manifestRules];

/** Every rule ID: what the runners check ignore comments against (EW100), handed down through the settings. */
export const knownRuleIds: ReadonlySet<string> = new Set(allRules.map((rule) => rule.id));

const byId = new Map(allRules.map((rule) => [rule.id, rule]));

export function ruleById(id: string): RuleMeta {
  const rule = byId.get(id);
  if (!rule) throw new Error(`unknown rule ${id}`);
  return rule;
}
