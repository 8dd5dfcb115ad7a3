import type { RuleMeta } from '../core/model.js';
import { scriptRules } from '../shell/rules/index.js';
import { dockerfileRules } from '../dockerfile/rules/index.js';
import { manifestRules } from '../manifest/rules/index.js';

/** Every rule execwrap has, scripts (EW1xx), Dockerfiles (EW2xx) and manifests (EW3xx): what reporters and docs look up. */
export const allRules: readonly RuleMeta[] = [...scriptRules, ...dockerfileRules, ...manifestRules];

/** Every rule ID: what an ignore comment may name (handed down to the analyses through the settings). */
export const allRuleIds: ReadonlySet<string> = new Set(allRules.map((rule) => rule.id));

const byId = new Map(allRules.map((rule) => [rule.id, rule]));

export function ruleById(id: string): RuleMeta {
  const rule = byId.get(id);
  if (!rule) throw new Error(`unknown rule ${id}`);
  return rule;
}
