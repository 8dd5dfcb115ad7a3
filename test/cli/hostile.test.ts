/**
 * Hostile and broken input: each must give exit 2, a message naming the file (and line where there is one), and
 * leave every file unchanged. And `--write` must be atomic and keep mode and ownership.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyPlan, planMigration } from '../../src/app/migrate.js';
import { InputError } from '../../src/core/errors.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'execwrap.js');
const FIXABLE = '#!/bin/sh\nset -e\nmkdir -p /run/app\nnode /srv/server.js\n';

function execwrap(args: string[], options: { cwd?: string; as?: string } = {}) {
  const argv = options.as ? ['setpriv', `--reuid=${options.as}`, `--regid=${options.as}`, '--clear-groups', process.execPath, BIN, ...args] : [process.execPath, BIN, ...args];
  // setpriv takes numeric ids; 65534 is nobody (and nogroup) on Debian.
  const r = spawnSync(argv[0]!, argv.slice(1), { cwd: options.cwd ?? ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'execwrap-hostile-'));
  chmodSync(dir, 0o755);
  return dir;
}

/** Runs `execwrap fix --write` on the file and checks the refusal: exit 2, file named, bytes unchanged. */
function expectRefused(path: string, reason: RegExp) {
  const before = readFileSync(path);
  for (const args of [['check', path], ['fix', '--write', path]]) {
    const r = execwrap(args);
    expect(r.code, args.join(' ')).toBe(2);
    expect(r.stderr).toContain(path);
    expect(r.stderr).toMatch(reason);
  }
  expect(Buffer.compare(readFileSync(path), before)).toBe(0);
}

describe('hostile input', () => {
  it('a binary file (NUL bytes): refused with the line of the first NUL', () => {
    const path = join(scratch(), 'start.sh');
    writeFileSync(path, Buffer.concat([Buffer.from('#!/bin/sh\necho hi\n'), Buffer.from([0, 1, 2]), Buffer.from('\nexec app\n')]));
    expectRefused(path, /:3: file is binary/);
  });

  it('a 10 MB file: refused without reading it into the analysis', () => {
    const path = join(scratch(), 'start.sh');
    writeFileSync(path, `#!/bin/sh\n${'# padding padding padding padding padding padding padding padding\n'.repeat(160_000)}exec app\n`);
    expect(statSync(path).size).toBeGreaterThan(10_000_000);
    expectRefused(path, /larger than the \d+ bytes a start script can be/);
  });

  it('invalid UTF-8: refused with the line', () => {
    const path = join(scratch(), 'start.sh');
    writeFileSync(path, Buffer.concat([Buffer.from('#!/bin/sh\n# caf'), Buffer.from([0xe9]), Buffer.from('\nexec app\n')]));
    expectRefused(path, /:2: file is not valid UTF-8/);
  });

  it('a directory given as a file', () => {
    const dir = scratch();
    const r = execwrap(['fix', '--write', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${dir}: is a directory`);
  });

  it('an unreadable file (as an unprivileged user): permission denied, file named', () => {
    const dir = scratch();
    const path = join(dir, 'start.sh');
    writeFileSync(path, FIXABLE);
    chmodSync(path, 0o000);
    if (process.getuid?.() !== 0) {
      expectRefused(path, /permission denied/);
      return;
    }
    const r = execwrap(['fix', '--write', path], { as: '65534', cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${path}: permission denied`);
    chmodSync(path, 0o644);
    expect(readFileSync(path, 'utf8')).toBe(FIXABLE);
  });

  it('a file that changes between planning and writing is not overwritten (migrate --write)', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'start.sh'), FIXABLE, { mode: 0o755 });
    writeFileSync(join(dir, 'Dockerfile'), 'FROM debian:bookworm-slim\nCOPY start.sh /start.sh\nCMD ["/start.sh"]\n');
    const plan = await planMigration(dir, { init: 'tini' });
    expect(plan.changes.map((c) => c.file.relative)).toContain('start.sh');
    const edited = `${FIXABLE}# edited by someone else meanwhile\n`;
    writeFileSync(join(dir, 'start.sh'), edited);
    const failed = await applyPlan(plan);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toBeInstanceOf(InputError);
    expect(failed[0]!.message).toBe('start.sh: changed while execwrap was planning; not written');
    expect(plan.changes.find((c) => c.file.relative === 'start.sh')!.row.notChanged).toBe('changed while execwrap was planning; not written');
    expect(readFileSync(join(dir, 'start.sh'), 'utf8')).toBe(edited);
  });
});

describe('--write', () => {
  it('keeps mode and ownership', () => {
    const dir = scratch();
    const path = join(dir, 'start.sh');
    writeFileSync(path, FIXABLE);
    chmodSync(path, 0o750);
    const root = process.getuid?.() === 0;
    if (root) chownSync(path, 65534, 65534);
    expect(execwrap(['fix', '--write', path]).code).toBe(0);
    const info = statSync(path);
    expect(info.mode & 0o7777).toBe(0o750);
    if (root) expect([info.uid, info.gid]).toEqual([65534, 65534]);
    expect(readFileSync(path, 'utf8')).toBe(FIXABLE.replace('node /srv', 'exec node /srv'));
  });

  it('is atomic: a writer killed at any moment leaves the old file or the new one, never a mix', async () => {
    const dir = scratch();
    const target = join(dir, 'start.sh');
    const oldText = `#!/bin/sh\n${'# old\n'.repeat(200_000)}`;
    const newText = `#!/bin/sh\n${'# new\n'.repeat(400_000)}`;
    writeFileSync(target, oldText);
    const writer = join(dir, 'writer.mjs');
    writeFileSync(
      writer,
      `import { writeFileAtomic } from ${JSON.stringify(join(ROOT, 'dist', 'app', 'files.js'))};\n` +
        `process.stdout.write('go\\n');\nawait writeFileAtomic(${JSON.stringify(target)}, Buffer.from(${JSON.stringify(newText)}));\n`,
    );
    for (let round = 0; round < 12; round++) {
      writeFileSync(target, oldText);
      const child = spawn(process.execPath, [writer], { stdio: ['ignore', 'pipe', 'ignore'] });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      await new Promise((resolve) => setTimeout(resolve, round * 2));
      child.kill('SIGKILL');
      await exited;
      const now = readFileSync(target, 'utf8');
      expect(now === oldText || now === newText, `round ${round}: ${now.length} bytes`).toBe(true);
    }
    // Temporary files of killed writers may remain beside it, never in its place.
    expect(readdirSync(dir).filter((f) => f === 'start.sh')).toHaveLength(1);
  });
});
