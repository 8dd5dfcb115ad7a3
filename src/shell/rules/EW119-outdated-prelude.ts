import { scriptRule } from '../analyze/model.js';
import { findPreludes } from '../analyze/preludes.js';
import { PRELUDE_VERSION as CURRENT, renderPrelude } from '../render/wrapper.js';

/**
 * A script an earlier execwrap fixed carries that version's prelude, with that version's defects: v2 could end the
 * script under dash while its programs ran (docs/wrapper.md F21). A prelude execwrap knows by its hash is replaced
 * with the current one (safe: v2 has v3's interface); one it does not know was edited by hand, so replacing it
 * drops those edits (unsafe). execwrap 0.1's prelude (v1) came with launch lines of its own and ended the container
 * when any one program ended; what the script did before it is not in the file, so there is no fix.
 */
export const EW119 = scriptRule({
  id: 'EW119',
  name: 'outdated-prelude',
  description: "The script carries a prelude an earlier execwrap wrote (or one edited by hand), without the current version's fixes.",
  kinds: {
    'prelude-outdated': {
      severity: 'error',
      fix: 'safe',
      fixTitle: `Replace the prelude with the current one (${CURRENT})`,
      message: (d) => `execwrap's prelude ${d.version} can end the script under dash while its programs run (a trap that runs inside another hands it a failing status: docs/wrapper.md F21); prelude ${CURRENT} does not`,
    },
    'prelude-edited': {
      severity: 'warning',
      fix: 'unsafe',
      fixTitle: `Replace the edited prelude with the current one (${CURRENT}), dropping the edits`,
      message: (d) => `execwrap's prelude${d.version ? ` ${d.version}` : ''} is not one execwrap wrote (edited by hand${d.unterminated === 'true' ? ', or cut short: no end marker' : ''}), so execwrap cannot tell what it does; the fix replaces it with prelude ${CURRENT} (an unsafe fix: it drops the edits)`,
    },
    'prelude-v1': {
      severity: 'error',
      fix: 'none',
      message: () => `execwrap 0.1's wrapper (prelude v1) ends the container as soon as any one program ends, a one-shot helper included, and stops the others; restore the lines its "# >>> execwrap launch v1" block replaced and run \`execwrap fix\` again`,
    },
  },
  check(script, report) {
    const { text, eol } = script.source;
    for (const block of findPreludes(text)) {
      if (block.state === 'current') continue;
      const at = { start: block.start, end: block.markerEnd };
      if (block.version === 'v1') {
        report({ kind: 'prelude-v1', ...at, data: {} });
        continue;
      }
      const replace = block.unterminated ? undefined : { start: block.start, end: block.end, text: renderPrelude({ shell: script.dialect }).trimEnd().replace(/\n/g, eol) };
      if (block.state === 'older') report({ kind: 'prelude-outdated', ...at, data: { version: block.knownVersion! }, ...(replace ? { fix: { edits: [replace] } } : {}) });
      else report({ kind: 'prelude-edited', ...at, data: { version: block.version, unterminated: String(block.unterminated) }, ...(replace ? { fix: { edits: [replace], applicability: 'unsafe' } } : {}) });
    }
  },
});
