import type { Rule } from '../model.js';

/** tree-sitter-bash misses a few constructs the shell accepts; execwrap then stays out of that region. */
export const EW117: Rule = {
  id: 'EW117',
  name: 'parse-gap',
  severity: 'warning',
  description: 'Part of the script could not be parsed by execwrap (the shell accepts it): nothing at or after that line is changed.',
  fixable: false,
  message: (d) => `execwrap's parser does not understand line ${d.line} (the shell accepts it); findings after it may be incomplete and nothing at or after it is changed`,
  check(script, report) {
    if (script.parseGap === undefined) return;
    report({ start: script.parseGap, end: script.parseGap, data: { line: String(script.lines.position(script.parseGap).line) } });
  },
};
