/**
 * The mutations `npm run test:mutations` applies (test/mutations/run.mjs), as data: each breaks one behaviour
 * execwrap promises, and names the behaviour tests that should catch it.
 *
 *   id      short name, for `--only`
 *   what    the behaviour broken, as the table prints it
 *   edits   [{ file, find, replace, count? }]: `find` is exact text that must occur `count` times (default 1) in
 *           `file`; the runner stops with an error naming the mutation when it does not, so a rewritten file
 *           cannot silently turn a mutation into a no-op
 *   tests   [{ file, name? }]: test files to run (never golden tests: golden comparisons are switched off during a
 *           mutation run, EXECWRAP_MUTATIONS_IGNORE_GOLDENS=1, so only behaviour assertions count); `name` is a
 *           vitest -t pattern to run part of a file
 *
 * Updating after a rewrite: when a `find` text is gone, the runner says which mutation and file. Look up where the
 * behaviour now lives, copy the new exact text into `find` (and the broken version into `replace`), run
 * `npm run test:mutations -- --only <id>`, and check it reports CAUGHT. The wrapper mutations (templates/wrapper-*.hbs,
 * templates/launch-lines.hbs, src/fix/launch-fixes.ts) are the ones to revisit when those files change.
 */

const WRAPPERS = ['templates/wrapper-sh.hbs', 'templates/wrapper-bash.hbs'];

/** The same edit in both wrapper templates. */
const inBothWrappers = (find, replace) => WRAPPERS.map((file) => ({ file, find, replace }));

const FUZZ_PID1 = { file: 'test/fuzz/scripts-pid1.test.ts' };
const WRAPPER_PID1 = { file: 'test/render/wrapper-pid1.test.ts' };

export const MUTATIONS = [
  {
    id: 'exec-not-inserted',
    what: 'the single-program fix inserts nothing (no `exec`)',
    edits: [
      {
        file: 'src/fix/launch-fixes.ts',
        find: "return { edits: [{ start: name.startIndex, end: name.startIndex, text: 'exec ' }] };",
        replace: "return { edits: [{ start: name.startIndex, end: name.startIndex, text: '' }] };",
      },
    ],
    tests: [{ file: 'test/analyze/rules/EW101.test.ts' }, { file: 'test/samples-pid1.test.ts', name: 'fixed, dash: TERM reaches every program once' }, FUZZ_PID1],
  },
  {
    id: 'term-not-forwarded',
    what: 'the wrapper does not forward TERM (nor INT, HUP) to the programs',
    edits: inBothWrappers('*) _ew_kill "$_ew_hp" TERM ;;', '*) : ;;'),
    tests: [WRAPPER_PID1, FUZZ_PID1],
  },
  {
    id: 'stop-status-not-set',
    what: "the wrapper's exit status after a stop signal is not set (128+n)",
    edits: inBothWrappers('then _ew_status=$((128 + _ew_signum)); fi', 'then :; fi'),
    tests: [WRAPPER_PID1, FUZZ_PID1],
  },
  {
    id: 'status-line-not-written',
    what: 'the fixer never writes the status line (`exit "$_ew_status"` after _ew_supervise)',
    edits: [{ file: 'templates/launch-lines.hbs', find: '{{#if exitWhenDone}}\nexit "$_ew_status"\n{{/if}}\n', replace: '' }],
    tests: [{ file: 'test/samples-pid1.test.ts', name: 'fixed, dash: TERM reaches every program once|fail fast' }, FUZZ_PID1],
  },
  {
    id: 'fail-fast-status-lost',
    what: "bash wrapper (wait -n): the status of the program that exited first is lost (ends 0)",
    edits: [{ file: 'templates/wrapper-bash.hbs', find: '_ew_failed=$_ew_mp _ew_status=$_ew_mrc', replace: '_ew_failed=$_ew_mp _ew_status=0' }],
    tests: [WRAPPER_PID1, { file: 'test/samples-pid1.test.ts', name: 'fail fast' }],
  },
  {
    id: 'init-not-in-entrypoint',
    what: 'EW204 installs the init but does not put it in ENTRYPOINT',
    edits: [
      { file: 'src/dockerfile/rules/EW204-missing-init.ts', find: 'entrypoint = [...prefix, ...li.fixedArgv];', replace: 'entrypoint = [...li.fixedArgv];' },
      { file: 'src/dockerfile/rules/EW204-missing-init.ts', find: 'entrypoint = [...prefix, ...(df.base.entrypoint ?? [])];', replace: 'entrypoint = [...(df.base.entrypoint ?? [])];' },
    ],
    tests: [{ file: 'test/dockerfile/EW204.test.ts' }, { file: 'test/samples-pid1.test.ts', name: 'behind the init the fixed Dockerfile names' }],
  },
  {
    id: 'signal-twice-wrapper',
    what: 'the wrapper may deliver a stop signal twice (its once-only guard removed)',
    edits: inBothWrappers('  case "$_ew_sent " in *" $1:$2 "*) return 0 ;; esac\n', ''),
    tests: [WRAPPER_PID1, FUZZ_PID1],
  },
  {
    id: 'signal-twice-dumb-init',
    what: 'scaffold puts dumb-init without --single-child in front of the wrapper (every program gets TERM twice)',
    edits: [{ file: 'src/scaffold/render.ts', find: "return spec.procs.length > 1 ? [path, '--single-child'] : [path];", replace: 'return [path];' }],
    tests: [{ file: 'test/scaffold/pid1.test.ts' }],
  },
  {
    id: 'sarif-region-end',
    what: 'SARIF region off by one (endColumn, in the SARIF writer)',
    edits: [{ file: 'src/report/sarif.ts', find: 'endColumn: resolved.endColumn }', replace: 'endColumn: resolved.endColumn + 1 }' }],
    tests: [{ file: 'test/report/sarif.test.ts' }],
  },
  {
    id: 'sarif-region-column',
    what: 'SARIF region off by one (columns, in the position function every report shares)',
    edits: [{ file: 'src/parse/source.ts', find: 'column: offset - this.starts[lo]! + 1 }', replace: 'column: offset - this.starts[lo]! + 2 }' }],
    tests: [{ file: 'test/report/sarif.test.ts' }],
  },
];
