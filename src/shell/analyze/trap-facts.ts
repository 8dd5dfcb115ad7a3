/**
 * What a trap handler does at the stop, read from the commands of its syntax tree (never from its text: `echo "would
 * kill nothing"` runs `echo`). The action string is parsed as shell; a command that names a function of the script or
 * of a file it sources is followed into that function's body (each function once).
 *
 * - forwards: it runs `kill`, `killall` or `pkill` with a signal other than 0 and a target other than the shell itself
 *   (`kill $pid`, `kill $(jobs -p)`, `kill 0`, `kill -- -$$`, `pkill -P $$`, `jobs -p | xargs kill`);
 * - waits: it runs `wait` (for every child or one PID), or polls with `kill -0`;
 * - exits: it runs `exit` (or `exit $?`) in the shell itself, not in a subshell, pipeline or command substitution.
 */
import { parseShellFragment, type Node } from '../parse/shell-parser.js';
import { basename, commandArguments, commandName, literalWord } from '../parse/nodes.js';

export interface HandlerFacts {
  forwards: boolean;
  waits: boolean;
  exits: boolean;
}

/** A function the handler may call, by name: its `function_definition` node, or undefined for anything else. */
export type FunctionLookup = (name: string) => Node | undefined;

/** The parts of a `trap ACTION SIGNAL…` command; undefined for `trap`, `trap -p`, `trap -l`, `trap - TERM`, `trap '' TERM`. */
export interface TrapParts {
  /** The action word as written. */
  action: Node;
  /** The action with its quotes removed (the text of the word when it expands at run time). */
  actionText: string;
  /** Signal words as written (`TERM`, `"SIGTERM"`, `15`). */
  signals: Node[];
  /** The same signals without quotes or `SIG` prefix, numbers as names (`TERM`, `EXIT`); case as written. */
  signalNames: string[];
}

const SIGNAL_NUMBERS: Record<string, string> = { '0': 'EXIT', '1': 'HUP', '2': 'INT', '3': 'QUIT', '9': 'KILL', '10': 'USR1', '12': 'USR2', '15': 'TERM', '28': 'WINCH' };

/** `SIGTERM`, `'TERM'`, `15` → `TERM`; `0` and `EXIT` → `EXIT`. */
export function trapSignalName(word: string): string {
  const bare = word.replace(/^(['"])(.*)\1$/, '$2');
  return SIGNAL_NUMBERS[bare] ?? bare.replace(/^SIG(?=[A-Za-z])/, '');
}

/** Reads a `trap` command: its action and signals, past a leading `--`. */
export function trapParts(command: Node): TrapParts | undefined {
  if (commandName(command) !== 'trap') return undefined;
  let args = commandArguments(command);
  if (args[0] && literalWord(args[0]) === '--') args = args.slice(1);
  if (args.length < 2) return undefined;
  const action = args[0]!;
  const actionText = literalWord(action) ?? action.text.replace(/^['"]|['"]$/g, '');
  if (actionText === '-' || actionText === '' || /^-[lp]$/.test(actionText)) return undefined;
  const signals = args.slice(1);
  return { action, actionText, signals, signalNames: signals.map((s) => trapSignalName(literalWord(s) ?? s.text)) };
}

/** The facts of a trap's action string (`'kill -TERM $pid; wait $pid'`, or a function name), parsed as shell. */
export function trapFacts(handler: string, lookup: FunctionLookup): HandlerFacts {
  const tree = parseShellFragment(handler);
  try {
    return nodeFacts(tree.rootNode, lookup);
  } finally {
    tree.delete();
  }
}

/** The facts of the commands under a node (a parsed action, a function body), following calls into functions. */
export function nodeFacts(root: Node, lookup: FunctionLookup): HandlerFacts {
  const facts: HandlerFacts = { forwards: false, waits: false, exits: false };
  const seen = new Set<string>();
  const visit = (node: Node, inSubshell: boolean): void => {
    // A function defined inside the handler runs only when called; its call is followed below.
    if (node.type === 'function_definition') return;
    if (node.type === 'command') commandFacts(node, inSubshell, facts);
    const name = node.type === 'command' ? commandName(node) : undefined;
    const definition = name !== undefined ? lookup(name) : undefined;
    const key = `${name}:${inSubshell}`;
    if (definition && !seen.has(key)) {
      seen.add(key);
      const body = definition.childForFieldName('body');
      if (body) visit(body, inSubshell);
    }
    const nested = inSubshell || SUBSHELL_TYPES.has(node.type) || (node.type === 'pipeline' && node.namedChildCount > 1);
    for (const child of node.namedChildren) if (child) visit(child, nested);
  };
  visit(root, false);
  return facts;
}

/** Nodes whose commands run in a child shell: an `exit` or `wait` there does not end or wait in the handler's shell. */
const SUBSHELL_TYPES: ReadonlySet<string> = new Set(['subshell', 'command_substitution', 'process_substitution']);

function commandFacts(command: Node, inSubshell: boolean, facts: HandlerFacts): void {
  const name = commandName(command);
  if (name === undefined) return;
  const args = commandArguments(command).map((a) => literalWord(a) ?? a.text);
  let effect: KillEffect | undefined;
  if (name === 'xargs') {
    // `jobs -p | xargs kill`: the program xargs runs is its first word that is not an option.
    const program = args.find((a) => !a.startsWith('-'));
    if (program !== undefined && KILLERS.has(basename(program))) effect = 'forward';
  } else if (KILLERS.has(basename(name))) effect = killEffect(basename(name), args);
  if (effect === 'forward') facts.forwards = true;
  else if (effect === 'poll') facts.waits = true;
  else if (name === 'wait' && !inSubshell) facts.waits = true;
  else if (name === 'exit' && !inSubshell) facts.exits = true;
}

const KILLERS: ReadonlySet<string> = new Set(['kill', 'killall', 'pkill']);

type KillEffect = 'forward' | 'poll' | 'none';

/**
 * What a `kill`/`killall`/`pkill` does: sends a stop signal on (`forward`), only tests whether a process is alive
 * (signal 0: `poll`), or neither (`kill -l` lists signal names; `kill $$` signals the shell itself; no target).
 */
function killEffect(program: string, args: string[]): KillEffect {
  if (program !== 'kill') {
    // killall and pkill select processes by name, user or parent (`pkill -P $$`); `killall -l` lists signal names.
    if (program === 'killall' && args.some((a) => a === '-l' || a === '--list')) return 'none';
    const signal = args.find((a, i) => /^-\d+$/.test(a) || ((args[i - 1] === '-s' || args[i - 1] === '--signal') && /^\d+$/.test(a)));
    if (signal !== undefined && isSignalZero(signal.replace(/^-/, ''))) return 'poll';
    return args.length > 0 ? 'forward' : 'none';
  }
  let signal: string | undefined;
  let i = 0;
  for (; i < args.length; i += 1) {
    const arg = args[i]!;
    if (arg === '--') {
      i += 1;
      break;
    }
    if (arg === '-l' || arg === '-L' || arg === '--list' || arg === '--table') return 'none';
    if (arg === '-s' || arg === '-n' || arg === '--signal') signal = args[(i += 1)];
    else if (arg.startsWith('--signal=')) signal = arg.slice('--signal='.length);
    else if (signal === undefined && /^-(?:[A-Za-z][A-Za-z0-9+-]*|\d+)$/.test(arg)) signal = arg.slice(1);
    else break; // a target (`-$$`, a process group, after the signal)
  }
  if (signal !== undefined && isSignalZero(signal)) return 'poll';
  const targets = args.slice(i);
  if (targets.length === 0 || targets.every((t) => SELF.test(t))) return 'none';
  return 'forward';
}

/** Signal 0 (`kill -0`, `kill -s 0`): only tests whether the process exists. */
function isSignalZero(signal: string): boolean {
  return /^(?:SIG)?0$/i.test(signal);
}

/** `$$`: the shell itself (PID 1), not its children; `-$$` (its process group) does reach them. */
const SELF = /^"?\$(?:\$|\{\$\})"?$/;
