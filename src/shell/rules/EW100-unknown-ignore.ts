import { scriptRule } from '../analyze/model.js';

/** An ignore that names no existing rule silences nothing, usually a typo. */
export const EW100 = scriptRule({
  id: 'EW100',
  name: 'unknown-rule-in-ignore',
  description: 'An `# execwrap ignore=` comment names a rule ID that does not exist.',
  kinds: {
    'unknown-id': {
      severity: 'warning',
      fix: 'none',
      message: (d) => `\`${d.id}\` in this ignore comment is not an execwrap rule; it silences nothing`,
    },
  },
  check(script, report) {
    for (const finding of unknownIgnoreIds(script.ignores.directives, script.knownRuleIds)) report(finding);
  },
});

/** The IDs in ignore comments that name no known rule: scripts, Dockerfiles and manifests share the comments and this check. */
export function unknownIgnoreIds(
  directives: readonly { start: number; end: number; ids: readonly string[] }[],
  known: ReadonlySet<string>,
): { kind: 'unknown-id'; start: number; end: number; data: { id: string } }[] {
  return directives.flatMap((directive) =>
    directive.ids.filter((id) => !known.has(id)).map((id) => ({ kind: 'unknown-id' as const, start: directive.start, end: directive.end, data: { id } })),
  );
}
