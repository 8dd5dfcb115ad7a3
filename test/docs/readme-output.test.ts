/**
 * Docs must say what the code does. Where README quotes execwrap's output, an HTML comment before the block says
 * how to produce it, and this test runs that and compares:
 *
 * - `<!-- test: input NAME -->`: the next block is a file NAME (in a scratch folder the commands below run in);
 * - `<!-- test: output of execwrap ARGS -->`: the next block is exactly what the command prints on stdout;
 * - `<!-- test: end of the output of execwrap ARGS -->`: stdout ends with the next block.
 *
 * ARGS naming `samples/…` run from the repository root; others in the scratch folder.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT } from './build.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const scratch = mkdtempSync(join(tmpdir(), 'ew-readme-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
beforeAll(() => ensureBuilt());

interface Quote {
  directive: string;
  block: string;
  line: number;
}

const quotes: Quote[] = [...readme.matchAll(/^<!-- test: (.+?) -->\n```[^\n]*\n([\s\S]*?)^```$/gm)].map((m) => ({
  directive: m[1]!,
  block: m[2]!,
  line: readme.slice(0, m.index).split('\n').length,
}));

function execwrap(args: string[]): string {
  const cwd = args.some((a) => a.startsWith('samples/')) ? ROOT : scratch;
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'execwrap.js'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  expect(r.status, `execwrap ${args.join(' ')}: ${r.stderr}`).not.toBe(2);
  return r.stdout;
}

describe("README's quoted output is what execwrap prints", () => {
  it('has quotes of every kind (the check is not vacuous), and no directive it does not understand', () => {
    const kinds = quotes.map((q) => /^(input|output of|end of the output of) /.exec(q.directive)?.[1]);
    expect(kinds).not.toContain(undefined);
    expect(new Set(kinds)).toEqual(new Set(['input', 'output of', 'end of the output of']));
    expect(readme.match(/<!-- test:/g)).toHaveLength(quotes.length);
  });

  // In README order: an input is written before the commands that read it.
  it.each(quotes.map((q) => [`line ${q.line}: ${q.directive}`, q] as const))('%s', (_name, quote) => {
    const input = /^input (\S+)$/.exec(quote.directive);
    if (input) {
      writeFileSync(join(scratch, input[1]!), quote.block, { mode: 0o755 });
      return;
    }
    const command = /^(output of|end of the output of) execwrap (.+)$/.exec(quote.directive)!;
    const stdout = execwrap(command[2]!.split(' '));
    if (command[1] === 'output of') expect(stdout).toBe(quote.block);
    else expect(stdout.endsWith(quote.block), `stdout ends with the quoted block; it ends with:\n${stdout.slice(-quote.block.length - 200)}`).toBe(true);
  });
});
