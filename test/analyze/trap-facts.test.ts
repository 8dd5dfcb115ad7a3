/**
 * Trap facts come from the commands of the handler's syntax tree: each row is a handler that must be caught (or not)
 * as forwarding, waiting and exiting. `echo "would kill nothing"` is the false positive regexes over the text made.
 */
import { describe, expect, test } from 'vitest';
import { analyze, script } from '../helpers/rule-tester.js';

interface Row {
  name: string;
  /** Lines before the trap: functions the handler calls. */
  before?: string;
  trap: string;
  forwards: boolean;
  waits: boolean;
  exits: boolean;
}

const ROWS: Row[] = [
  { name: 'echo of the word kill', trap: `trap 'echo "would kill nothing"; exit 0' TERM`, forwards: false, waits: false, exits: true },
  { name: 'kill in a comment', trap: "trap 'exit 0 # then kill the children' TERM", forwards: false, waits: false, exits: true },
  { name: 'kill $pid', trap: "trap 'kill -TERM $pid' TERM", forwards: true, waits: false, exits: false },
  { name: 'kill -0 polls', trap: "trap 'while kill -0 $pid; do sleep 1; done' TERM", forwards: false, waits: true, exits: false },
  { name: 'kill -s 0 polls', trap: "trap 'kill -s 0 $pid && sleep 1; exit 0' TERM", forwards: false, waits: true, exits: true },
  { name: 'kill -l lists signals', trap: "trap 'kill -l; exit 0' TERM", forwards: false, waits: false, exits: true },
  { name: 'kill $$ signals the shell itself', trap: "trap 'kill $$' TERM", forwards: false, waits: false, exits: false },
  { name: 'kill 0 signals the process group', trap: "trap 'kill 0' TERM", forwards: true, waits: false, exits: false },
  { name: 'kill -- -$$ signals the process group', trap: "trap 'kill -TERM -- -$$; wait' TERM", forwards: true, waits: true, exits: false },
  { name: 'kill $(jobs -p)', trap: "trap 'kill $(jobs -p); wait' TERM", forwards: true, waits: true, exits: false },
  { name: 'jobs -p | xargs kill', trap: "trap 'jobs -p | xargs kill; wait' TERM", forwards: true, waits: true, exits: false },
  { name: 'killall', trap: "trap 'killall -TERM nginx; exit 0' TERM", forwards: true, waits: false, exits: true },
  { name: 'killall -l lists signals', trap: "trap 'killall -l' TERM", forwards: false, waits: false, exits: false },
  { name: 'pkill -P $$', trap: "trap 'pkill -TERM -P $$; wait' TERM", forwards: true, waits: true, exits: false },
  { name: '/bin/kill', trap: "trap '/bin/kill $pid' TERM", forwards: true, waits: false, exits: false },
  { name: 'wait for all children', trap: "trap 'kill $pid; wait' TERM", forwards: true, waits: true, exits: false },
  { name: 'wait for one PID', trap: "trap 'kill $pid; wait $pid' TERM", forwards: true, waits: true, exits: false },
  { name: 'exit $?', trap: "trap 'kill $pid; wait $pid; exit $?' TERM", forwards: true, waits: true, exits: true },
  { name: 'exit in a subshell does not end the handler', trap: "trap '(exit 1); kill $pid' TERM", forwards: true, waits: false, exits: false },
  { name: 'wait in a command substitution does not wait', trap: "trap 'status=$(wait); kill $pid' TERM", forwards: true, waits: false, exits: false },
  { name: 'nested if', trap: `trap 'if [ -n "$pid" ]; then if true; then kill "$pid"; fi; fi; exit 0' TERM`, forwards: true, waits: false, exits: true },
  { name: 'double-quoted action', trap: 'trap "kill $pid; wait $pid" TERM', forwards: true, waits: true, exits: false },
  { name: '`trap --` before the action', trap: "trap -- 'kill $pid; wait $pid' TERM", forwards: true, waits: true, exits: false },
  {
    name: 'a function handler',
    before: 'term() {\n  echo "stopping: kill"\n  kill -TERM "$child" 2>/dev/null\n  wait "$child"\n}',
    trap: 'trap term TERM',
    forwards: true,
    waits: true,
    exits: false,
  },
  {
    name: 'a function handler calling another function',
    before: 'stop_all() {\n  pkill -P $$\n}\nterm() {\n  stop_all\n  exit 0\n}',
    trap: 'trap term TERM',
    forwards: true,
    waits: false,
    exits: true,
  },
  {
    name: 'a function handler that only echoes kill',
    before: 'term() {\n  echo "kill requested"\n  exit 0\n}',
    trap: 'trap term TERM',
    forwards: false,
    waits: false,
    exits: true,
  },
  { name: 'a function defined inside the handler is not run', trap: "trap 'f() { kill $pid; }; exit 0' TERM", forwards: false, waits: false, exits: true },
];

describe('trap facts come from the handler syntax tree', () => {
  for (const row of ROWS) {
    test(row.name, async () => {
      const report = await analyze(`#!/bin/bash\n${row.before ? `${row.before}\n` : ''}${row.trap}\nnode server.js &\npid=$!\nwait $pid\n`);
      const trap = report.script.launch.traps[0];
      expect(trap, 'the trap is found').toBeDefined();
      expect({ forwards: trap!.forwards, waits: trap!.waits, exits: trap!.exits }).toEqual({ forwards: row.forwards, waits: row.waits, exits: row.exits });
    });
  }

  test('a handler defined in a sourced file is followed', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'ew-trap-'));
    writeFileSync(join(dir, 'lib.sh'), 'term() {\n  kill -TERM "$pid"\n  wait "$pid"\n}\n');
    const text = script`
      . ./lib.sh
      trap term TERM
      node server.js &
      pid=$!
      wait $pid
    `;
    const report = await analyze(text, undefined, join(dir, 'start.sh'));
    expect(report.script.launch.traps[0]).toMatchObject({ forwards: true, waits: true, exits: false });
  });

  test('signals are read as names: quotes, SIG and numbers', async () => {
    const report = await analyze(`#!/bin/bash\ntrap 'kill $pid' "TERM" SIGINT 3 'EXIT' 0\nnode server.js &\npid=$!\nwait $pid\n`);
    expect(report.script.launch.traps[0]!.signalNames).toEqual(['TERM', 'INT', 'QUIT', 'EXIT', 'EXIT']);
  });

  test('`trap -p`, `trap -l`, `trap - TERM` and `trap "" TERM` are not handlers', async () => {
    const report = await analyze("#!/bin/bash\ntrap -p TERM\ntrap -l\ntrap - TERM\ntrap '' TERM\nnode server.js\n");
    expect(report.script.launch.traps).toEqual([]);
  });
});
