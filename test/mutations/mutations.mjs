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
 * `npm run test:mutations -- --only <id>`, and check it reports CAUGHT. The wrapper mutations (templates/wrapper.hbs,
 * src/shell/fixes/launch-fixes.ts) are the ones to revisit when those files change.
 */

/** The forwarding wrapper every fix and scaffold writes (prelude v3). */
const WRAPPER = 'templates/wrapper.hbs';

const FUZZ_PID1 = { file: 'test/fuzz/scripts-pid1.test.ts' };
const WRAPPER_PID1 = { file: 'test/render/wrapper-pid1.test.ts' };
const SAMPLES_TERM = { file: 'test/samples-pid1.test.ts', name: 'fixed, dash: TERM reaches every program once' };
const SAMPLES_LIFETIME = { file: 'test/samples-lifetime.test.ts' };

export const MUTATIONS = [
  {
    id: 'exec-not-inserted',
    what: 'the single-program fix inserts nothing (no `exec`)',
    edits: [
      {
        file: 'src/shell/fixes/launch-fixes.ts',
        find: "return { edits: [{ start: name.startIndex, end: name.startIndex, text: 'exec ' }],",
        replace: "return { edits: [{ start: name.startIndex, end: name.startIndex, text: '' }],",
      },
    ],
    tests: [{ file: 'test/analyze/rules/EW101.test.ts' }, SAMPLES_TERM, FUZZ_PID1],
  },
  {
    id: 'term-not-forwarded',
    what: 'the wrapper never passes TERM on to the programs (other signals still go)',
    edits: [{ file: WRAPPER, find: '_ew_sent="$_ew_sent $pid:$signal"; kill -s "$signal" "$pid" || :', replace: '_ew_sent="$_ew_sent $pid:$signal"; [ "$signal" = TERM ] || kill -s "$signal" "$pid" || :' }],
    tests: [WRAPPER_PID1, FUZZ_PID1],
  },
  {
    id: 'stop-status-not-set',
    what: "the wrapper's exit status after a stop signal is not 128+n",
    edits: [{ file: WRAPPER, find: '[ "$met" = by-itself ] || [ "$mode" = main ] || status=$_ew_stop_status', replace: ':' }],
    tests: [WRAPPER_PID1, SAMPLES_TERM, FUZZ_PID1],
  },
  {
    id: 'exit-status-lost',
    what: 'the wrapper ends with 0 whatever the status (its `_ew_wait` returns 0)',
    edits: [{ file: WRAPPER, find: '  return "$status"\n', replace: '  return 0\n' }],
    tests: [WRAPPER_PID1, SAMPLES_LIFETIME, FUZZ_PID1],
  },
  {
    id: 'status-lost-after-wait',
    what: 'a program reaped after `wait -n` (or the sleeper) is recorded with status 0, not its own',
    edits: [{ file: WRAPPER, find: '_ew_ended="$_ew_ended $pid:$status"', replace: '_ew_ended="$_ew_ended $pid:0"' }],
    tests: [WRAPPER_PID1, SAMPLES_LIFETIME],
  },
  {
    id: 'chld-trap-under-bash',
    what: 'the wrapper sets its CHLD trap under bash too (set and reset while programs end, it crashes bash 5.2)',
    edits: [{ file: WRAPPER, find: `[ -n "$wait_n" ] || trap '_ew_child_end || :' CHLD`, replace: `trap '_ew_child_end || :' CHLD` }],
    tests: [{ file: 'test/render/wrapper-rounds.test.ts' }],
  },
  {
    id: 'end-missed-before-wait',
    what: 'under sh the CHLD trap is set only around the wait, after the look at the programs: an end in between is noticed a second late',
    edits: [
      { file: WRAPPER, find: `_ew_child_ended=''; [ -n "$wait_n" ] || trap '_ew_child_end || :' CHLD`, replace: `_ew_child_ended=''` },
      { file: WRAPPER, find: '    _ew_pass_on; if [ -n "$wait_n" ]', replace: `    [ -n "$wait_n" ] || trap '_ew_child_end || :' CHLD; _ew_pass_on; if [ -n "$wait_n" ]` },
      { file: WRAPPER, find: 'wait "$_ew_sleeper"; fi || :\n', replace: 'wait "$_ew_sleeper"; fi || :; [ -n "$wait_n" ] || trap - CHLD\n' },
    ],
    tests: [{ file: 'test/render/wrapper-rounds.test.ts' }],
  },
  {
    id: 'chld-trap-leaves-clock',
    what: 'the CHLD trap only sets its flag: when it runs between the test of the flag and the wait, the wait sleeps to the clock',
    edits: [{ file: WRAPPER, find: '_ew_child_end() { _ew_child_ended=1; kill "$_ew_sleeper" || :; }', replace: '_ew_child_end() { _ew_child_ended=1; }' }],
    tests: [{ file: 'test/render/wrapper-rounds.test.ts', name: 'still ends that wait at once' }],
  },
  {
    id: 'chld-trap-unguarded',
    what: "the CHLD trap's call is not guarded: a trap run inside it hands it a failing status, and set -e ends the script",
    edits: [{ file: WRAPPER, find: "trap '_ew_child_end || :' CHLD", replace: 'trap _ew_child_end CHLD' }],
    tests: [{ file: 'test/render/wrapper-pid1.test.ts', name: 'orphans ending all the time' }],
  },
  {
    id: 'stop-trap-unguarded',
    what: "the TERM trap's call is not guarded: a CHLD trap run inside it hands it the interrupted wait's 143, and set -e ends the script before the programs get TERM",
    edits: [{ file: WRAPPER, find: "trap '_ew_stop TERM 143 || :' TERM", replace: "trap '_ew_stop TERM 143' TERM" }],
    tests: [{ file: 'test/render/trap-nesting.test.ts', name: 'every trap action is its function guarded' }],
  },
  {
    id: 'stop-handler-tests',
    what: "the stop handler tests for programs with `[ -n … ] ||`, which a trap run inside it can make false: it exits while programs run",
    edits: [{ file: WRAPPER, find: `case $_ew_programs in '') exit "$2" ;; esac`, replace: '[ -n "$_ew_programs" ] || exit "$2"' }],
    tests: [{ file: 'test/render/trap-nesting.test.ts', name: 'the handlers branch with case' }],
  },
  {
    id: 'grace-not-kept',
    what: "the others' 10 s after the rule was met by itself end at once (the deadline is not kept)",
    edits: [{ file: WRAPPER, find: 'deadline=${deadline:-$((now + 11))}', replace: 'deadline=${deadline:-$((now + 0))}' }],
    tests: [{ file: 'test/render/wrapper-pid1.test.ts', name: 'a helper that ignores TERM gets 10 s' }],
  },
  {
    id: 'init-not-in-entrypoint',
    what: 'EW204 installs the init but does not put it in ENTRYPOINT',
    edits: [
      { file: 'src/dockerfile/rules/EW204-missing-init.ts', find: 'entrypoint = [...prefix, ...li.fixedArgv];', replace: 'entrypoint = [...li.fixedArgv];' },
      { file: 'src/dockerfile/rules/EW204-missing-init.ts', find: 'entrypoint = [...prefix, ...(df.base.entrypoint ?? [])];', replace: 'entrypoint = [...(df.base.entrypoint ?? [])];' },
    ],
    tests: [{ file: 'test/dockerfile/EW204.test.ts' }, { file: 'test/samples-pid1.test.ts', name: 'behind the init its fixed Dockerfile puts in ENTRYPOINT' }],
  },
  {
    id: 'signal-twice-wrapper',
    what: 'the wrapper may pass the same stop signal on twice (its once-only guard removed)',
    edits: [{ file: WRAPPER, find: 'case "$_ew_sent$_ew_ended " in *" $pid:$signal "* | *" $pid:"[0-9]*) continue ;; esac', replace: 'case "$_ew_ended " in *" $pid:"[0-9]*) continue ;; esac' }],
    tests: [WRAPPER_PID1, FUZZ_PID1],
  },
  {
    id: 'signal-twice-dumb-init',
    what: 'scaffold puts dumb-init without --single-child in front of the wrapper (every program gets TERM twice)',
    edits: [{ file: 'src/app/scaffold/render.ts', find: "return spec.procs.length > 1 ? [path, '--single-child'] : [path];", replace: 'return [path];' }],
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
    edits: [{ file: 'src/core/source.ts', find: 'column: offset - this.starts[lo]! + 1 }', replace: 'column: offset - this.starts[lo]! + 2 }' }],
    tests: [{ file: 'test/report/sarif.test.ts' }],
  },
  {
    id: 'code-cache-unchecked',
    what: "the bin hands V8 the bundle's code cache without asking it to check the checksum (a damaged cache crashed node)",
    edits: [{ file: 'bin/execwrap.js', find: "setFlagsFromString('--liftoff-only --verify-snapshot-checksum');", replace: "setFlagsFromString('--liftoff-only');" }],
    tests: [{ file: 'test/cli/code-cache.test.ts' }],
  },
  {
    id: 'grammar-parens-unrepaired',
    what: 'parentheses in `${NAME:=word}` are left to tree-sitter-bash, which rejects them (the script then needs its shell to be judged)',
    edits: [{ file: 'src/shell/parse/shell-parser.ts', find: "/[()]/.test(word) ? head + word.replace(/[()]/g, '_') : head + word", replace: 'head + word' }],
    tests: [{ file: 'test/parse/grammar-misses.test.ts' }],
  },
];
