/**
 * The registry is the one source of every rule's metadata: these checks keep each definition complete, so the
 * generated tables, the SARIF descriptors and the messages have something true to say.
 */
import { describe, expect, it } from 'vitest';
import { createRule, docsUrl, findingOf, type FindingKind } from '../../src/core/model.js';
import { allRuleIds, allRules } from '../../src/registry/index.js';

describe('the rule registry', () => {
  it('lists each rule once, in ID order, every ID in its family (EW1xx scripts, EW2xx Dockerfiles, EW3xx manifests)', () => {
    const ids = allRules.map((r) => r.id);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(allRules.map((r) => r.name)).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^EW[123]\d\d$/);
    expect([...allRuleIds]).toEqual(ids);
  });

  describe.each(allRules.map((r) => [r.id, r] as const))('%s', (_id, rule) => {
    const kinds = Object.entries<FindingKind>(rule.kinds);

    it('has a kebab-case name, a one-line description and its docs URL made from the ID', () => {
      expect(rule.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(rule.description).not.toMatch(/\n/);
      expect(rule.description.endsWith('.')).toBe(true);
      expect(rule.docs).toBe(docsUrl(rule.id));
    });

    it('declares at least one kind of finding, each with a kebab-case name, a severity, a fix kind and a message', () => {
      expect(kinds.length).toBeGreaterThan(0);
      for (const [name, kind] of kinds) {
        expect(name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
        expect(['error', 'warning', 'info']).toContain(kind.severity);
        expect(['safe', 'unsafe', 'none']).toContain(kind.fix);
        // Ruff's fix title: a kind with a fix says what it does; one without has nothing to title.
        if (kind.fix === 'none') expect(kind.fixTitle, `${name}: no fix, no fix title`).toBeUndefined();
        else expect(kind.fixTitle, `${name}: a fix title`).toMatch(/^[A-Z]/);
        expect(typeof kind.message).toBe('function');
      }
    });
  });

  it('a finding takes its severity from its kind, and a fix that is not its kind\'s is refused', () => {
    const rule = createRule<string, 'loud' | 'quiet'>({
      id: 'EW199',
      name: 'example',
      description: 'An example.',
      kinds: {
        loud: { severity: 'error', fix: 'safe', fixTitle: 'Fix it', message: () => 'loud' },
        quiet: { severity: 'info', fix: 'none', message: () => 'quiet' },
      },
      check() {},
    });
    expect(rule.docs).toBe(docsUrl('EW199'));
    const edits = [{ start: 0, end: 0, text: 'x' }];
    expect(findingOf(rule, { kind: 'quiet', start: 0, end: 1, data: {} }).severity).toBe('info');
    expect(findingOf(rule, { kind: 'loud', start: 0, end: 1, data: {}, fix: { edits } })).toMatchObject({ rule: 'EW199', kind: 'loud', severity: 'error' });
    expect(() => findingOf(rule, { kind: 'quiet', start: 0, end: 1, data: {}, fix: { edits } })).toThrow(/kind "quiet" \(fix: none\) with a fix that is safe/);
    expect(() => findingOf(rule, { kind: 'loud', start: 0, end: 1, data: {}, fix: { edits, applicability: 'unsafe' } })).toThrow(/with a fix that is unsafe/);
    expect(() => findingOf(rule, { kind: 'other', start: 0, end: 1, data: {} })).toThrow(/has no kind of finding "other"/);
  });
});
