/**
 * Valid shell tree-sitter-bash 0.25 rejects (shell-parser.ts, repairGrammarMisses): the parse goes on past it, node
 * positions and texts are the script's own, and the script's shell is not asked whether the script is broken.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { parseShell } from '../../src/shell/parse/shell-parser.js';
import { analyze } from '../helpers/rule-tester.js';

const withoutShells = () => {
  const path = process.env.PATH;
  process.env.PATH = '/nonexistent';
  return () => void (process.env.PATH = path);
};

describe('parentheses in the word of ${NAME:=word} and its kin', () => {
  let restore: (() => void) | undefined;
  afterEach(() => restore?.());

  for (const expansion of ['"${FLASK_APP:=app:create_app()}"', '${APP:-main(1)}', '"${OPTS:+(options: ${OPTS})}"', '${OPTS:+(options: $OPTS)}', '${W-(w)}', '${X:?(unset)}']) {
    test(`catches: \`: ${expansion}\` parses, and the command after it is read`, async () => {
      const text = `#!/bin/sh\n: ${expansion}\nexec gunicorn app\n`;
      const tree = await parseShell(text);
      try {
        expect(tree.rootNode.hasError).toBe(false);
        expect(tree.rootNode.text).toBe(text);
        expect(tree.rootNode.namedChildren.map((node) => node?.text)).toContain(`: ${expansion}`);
      } finally {
        tree.delete();
      }
    });
  }

  test('the script is analysed without its shell (before, with no bash on the machine, it was reported broken)', async () => {
    restore = withoutShells();
    const report = await analyze('#!/bin/bash\n: "${FLASK_APP:=app:create_app()}"\nexec gunicorn "$FLASK_APP"\n');
    expect({ launcher: report.launcher, status: report.status }).toEqual({ launcher: 'single', status: 'ok' });
  });

  test('does not catch: a parenthesis outside the expansion is still an error', async () => {
    const tree = await parseShell('#!/bin/sh\necho ${X:=a(b)} )\nexec app\n');
    try {
      expect(tree.rootNode.hasError).toBe(true);
    } finally {
      tree.delete();
    }
  });
});
