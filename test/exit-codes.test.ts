/**
 * README's one table of exit codes, for every command, is run: each cell has commands that must end with that
 * code (the situations the cell names), and a cell that says "never" has none. A command or code added to the
 * table without an example here fails, and so does an example that no longer exits as the table says.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from './docs/build.js';
import { needPid1 } from './harness/support.js';

const ROOT = join(import.meta.dirname, '..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const temp = mkdtempSync(join(tmpdir(), 'ew-exit-codes-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
beforeAll(() => ensureBuilt());

/** The table under "### Exit codes": command → [cell for 0, for 1, for 2]. */
function table(): Map<string, string[]> {
  const section = readme.slice(readme.indexOf('### Exit codes'));
  const rows = [...section.slice(0, section.indexOf('\n## ')).matchAll(/^\| `([a-z]+)` \| (.+) \| (.+) \| (.+) \|$/gm)];
  return new Map(rows.map((m) => [m[1]!, [m[2]!, m[3]!, m[4]!]]));
}

/** A folder with the given files (scripts get mode 755). */
function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(temp, 'repo-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text, { mode: text.startsWith('#!') ? 0o755 : 0o644 });
  return dir;
}

const DOCKERFILE = 'FROM debian:bookworm-slim\nCOPY start.sh /start.sh\nCMD ["/start.sh"]\n';
const readOnly = () => {
  const dir = mkdtempSync(join(temp, 'ro-'));
  const path = join(dir, 'start.sh');
  copyFileSync(join(ROOT, 'samples/django-gunicorn-no-exec/docker-entrypoint.sh'), path);
  chmodSync(path, 0o444);
  return path;
};
const emptyDir = () => {
  const dir = join(temp, `empty-${Math.random().toString(36).slice(2)}`);
  mkdirSync(dir);
  return dir;
};

type Example = () => string[];

/** Per command, per exit code: commands (arguments to execwrap) that end with it. */
const EXAMPLES: Record<string, [Example[], Example[], Example[]]> = {
  check: [
    [() => ['check', 'samples/exec-gunicorn-ok/start.sh'], () => ['check', '--failure-threshold', 'error', 'samples/trap-after-children/start.sh']],
    [
      () => ['check', 'samples/django-gunicorn-no-exec/docker-entrypoint.sh'],
      () => ['check', 'samples/eval-start-cmd/launcher.sh'],
      () => ['check', 'samples/syntax-error-unclosed-if'],
      () => ['check', '--failure-threshold', 'warning', 'samples/trap-after-children/start.sh'],
    ],
    [
      () => ['check', '--format', 'yaml', 'samples'],
      () => ['check', 'no/such/start.sh'],
      () => ['check', join(folder({ 'bin.sh': '#!/bin/sh\n\0\n' }), 'bin.sh')],
      () => ['check', join(folder({ 'app.py': '#!/usr/bin/env python3\nprint(1)\n' }), 'app.py')],
    ],
  ],
  fix: [
    [() => ['fix', 'samples/django-gunicorn-no-exec/docker-entrypoint.sh'], () => ['fix', '--check', 'samples/exec-gunicorn-ok/start.sh']],
    [() => ['fix', '--diff', 'samples/django-gunicorn-no-exec/docker-entrypoint.sh'], () => ['fix', '--check', 'samples/django-gunicorn-no-exec/docker-entrypoint.sh']],
    [
      () => ['fix', '--write', '--diff', 'samples/exec-gunicorn-ok/start.sh'],
      () => ['fix', 'samples/syntax-error-unclosed-if/docker-entrypoint.sh'],
      () => ['fix', 'samples/syntax-error-unclosed-if/Dockerfile'],
      () => ['fix', 'samples'],
      () => ['fix', '--write', readOnly()],
    ],
  ],
  migrate: [
    [() => ['migrate', folder({ Dockerfile: DOCKERFILE, 'start.sh': '#!/bin/sh\nexec /usr/local/bin/app\n' })]],
    [() => ['migrate', 'samples'], () => ['migrate', '--check', 'samples'], () => ['migrate', '--write', folder({ Dockerfile: DOCKERFILE, 'start.sh': '#!/bin/sh\neval "$APP"\n' })]],
    [() => ['migrate', 'no/such/dir'], () => ['migrate', '--write', '--check', 'samples'], () => {
        const script = readOnly();
        writeFileSync(join(script, '..', 'Dockerfile'), DOCKERFILE);
        return ['migrate', '--write', join(script, '..')];
      },
    ],
  ],
  scaffold: [
    [() => ['scaffold', '--dry-run', '--base', 'debian:bookworm-slim', '--proc', 'web=gunicorn app:app', '--out', emptyDir()]],
    [],
    [() => ['scaffold', '--base', 'debian:bookworm-slim'], () => ['scaffold', '--base', 'scratch', '--proc', 'web=/app'], () => ['scaffold', '--proc', 'web=a | b', '--base', 'debian:bookworm-slim']],
  ],
  verify: [
    [() => ['verify', 'samples/exec-gunicorn-ok/start.sh', '--grace', '3']],
    [() => ['verify', 'samples/django-gunicorn-no-exec/docker-entrypoint.sh', '--grace', '2']],
    [
      () => ['verify', 'samples/syntax-error-unclosed-if/docker-entrypoint.sh'],
      () => ['verify', 'no/such/start.sh'],
      () => ['verify', 'samples/exec-gunicorn-ok/start.sh', '--grace', 'soon'],
      // the engine cases (no engine, a failed build) are in test/verify/verify-engine-cli.test.ts, 0 and 1 in test/e2e;
      // an Alpine image's busybox missing on this machine is in test/verify/verify-cli.test.ts (it hides busybox)
      () => ['verify', '--engine', 'docker', emptyDir()],
    ],
  ],
};

function run(args: string[]): { code: number | null; output: string } {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'execwrap.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    input: '',
    timeout: 120_000,
    env: { ...process.env, NO_COLOR: '1' },
    maxBuffer: 1 << 26,
  });
  return { code: r.status, output: `${r.stdout.slice(-2000)}\n${r.stderr.slice(-2000)}` };
}

describe("README's exit code table", () => {
  it('has a row for every command, and this test an example for every code of every row', () => {
    const rows = table();
    expect([...rows.keys()].sort()).toEqual(['check', 'fix', 'migrate', 'scaffold', 'verify']);
    expect([...rows.keys()].sort()).toEqual(Object.keys(EXAMPLES).sort());
    for (const [command, cells] of rows) {
      cells.forEach((cell, code) => {
        if (cell.trim() === 'never') expect(EXAMPLES[command]![code], `${command}, exit ${code} is "never"`).toEqual([]);
        else expect(EXAMPLES[command]![code]!.length, `${command}, exit ${code}: an example`).toBeGreaterThan(0);
      });
    }
    const commands = [...readme.matchAll(/^### `execwrap ([a-z]+)/gm)].map((m) => m[1]);
    expect(commands.sort(), 'every command README documents is in the table').toEqual([...rows.keys()].sort());
  });

  for (const [command, byCode] of Object.entries(EXAMPLES)) {
    byCode.forEach((examples, code) => {
      it.each(examples.map((example, i) => [i, example] as const))(`${command}: exit ${code} (example %i)`, (_i, example) => {
        // verify proves a stop by running it (exit 0 or 1), in PID 1 namespaces.
        if (command === 'verify' && code < 2) needPid1();
        const args = example();
        const r = run(args);
        expect(r.code, `execwrap ${args.join(' ')}\n${r.output}`).toBe(code);
        expect(r.output, 'no crash').not.toMatch(/internal error/);
      });
    });
  }
});
