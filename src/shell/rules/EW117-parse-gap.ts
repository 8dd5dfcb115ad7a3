import { scriptRule } from '../analyze/model.js';

/** tree-sitter-bash misses a few constructs the shell accepts; execwrap then stays out of that region. */
export const EW117 = scriptRule({
  id: 'EW117',
  name: 'parse-gap',
  description: 'Part of the script could not be parsed by execwrap (the shell accepts it): nothing at or after that line is changed, and a launch there is unknown.',
  kinds: {
    'parse-gap': {
      severity: 'warning',
      fix: 'none',
      message: (d) =>
        `execwrap's parser does not understand line ${d.line} (the shell accepts it); findings after it may be incomplete and nothing at or after it is changed`,
    },
    // When the launch itself is in the unread part, the script's verdict rests on this: an error, not a warning.
    'launch-unread': {
      severity: 'error',
      fix: 'none',
      message: (d) =>
        `execwrap's parser does not understand line ${d.line} (the shell accepts it), and the launch comes at or after it: whether the stop signal reaches the programs is unknown; nothing at or after that line is changed`,
    },
  },
  check(script, report) {
    if (script.parseGap === undefined) return;
    const unread = script.launch.unknown.some((u) => u.reason === 'unread');
    report({
      kind: unread ? 'launch-unread' : 'parse-gap',
      start: script.parseGap,
      end: script.parseGap,
      data: { line: String(script.lines.position(script.parseGap).line), ...(unread ? { launch: 'true' } : {}) },
    });
  },
});
