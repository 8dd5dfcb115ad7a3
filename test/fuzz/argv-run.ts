/**
 * Runs many argvs for real, the way a container runtime starts PID 1 (no shell of ours in between: bash runs
 * `"${argv[@]}"` from a NUL-separated file), with stand-in programs that print their argv, two environment
 * variables and their pid/ppid. Batched in a few long-lived bash loops: ~2 ms a run instead of ~10 ms per node spawn.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DF_PROGRAMS } from './gen/dockerfile.js';

const ARGDUMP = [
  '#!/bin/sh',
  'printf "pid=%s ppid=%s\\n" "$$" "$PPID"',
  'printf "program=%s\\n" "${0##*/}"',
  'for a in "$@"; do printf "[%s]\\n" "$a"; done',
  'printf "FOO=%s NAME=%s\\n" "${FOO-unset}" "${NAME-unset}"',
  '',
].join('\n');

export interface ArgvRun {
  /** Everything the stand-in printed after its pid line (argv, env), or the error output when it did not run. */
  dump: string;
  /** pid of the process the runner started (argv[0]). */
  spawned: number;
  /** pid and ppid the stand-in saw (NaN when it did not run). */
  pid: number;
  ppid: number;
  exitCode: number;
}

let fixture: { dir: string; bin: string; cwd: string } | undefined;

/** The stand-ins (one per program name) and a working directory with files for globs to match. */
function setup(): { dir: string; bin: string; cwd: string } {
  if (fixture) return fixture;
  const dir = mkdtempSync(join(tmpdir(), 'execwrap-fuzz-argv-'));
  const bin = join(dir, 'bin');
  const cwd = join(dir, 'cwd');
  mkdirSync(bin);
  mkdirSync(cwd);
  for (const name of DF_PROGRAMS) {
    writeFileSync(join(bin, name), ARGDUMP);
    chmodSync(join(bin, name), 0o755);
  }
  for (const f of ['a.conf', 'b.conf', 'notes.txt']) writeFileSync(join(cwd, f), '');
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  fixture = { dir, bin, cwd };
  return fixture;
}

export const RUN_ENV = { HOME: '/home/x', PORT: '8080', LANG: 'C.UTF-8' };

export async function runArgvBatch(argvs: readonly (readonly string[])[], workers = 2): Promise<ArgvRun[]> {
  const { bin, cwd } = setup();
  const work = mkdtempSync(join(tmpdir(), 'execwrap-fuzz-runs-'));
  try {
    argvs.forEach((argv, i) => writeFileSync(join(work, `${i}.argv`), argv.map((a) => `${a}\0`).join('')));
    const loop = [
      'while IFS= read -r i; do',
      '  mapfile -d "" -t a < "$1/$i.argv"',
      '  "${a[@]}" >"$1/$i.out" 2>"$1/$i.err" </dev/null & c=$!',
      '  rc=0; wait "$c" || rc=$?',
      '  printf "%s %s\\n" "$c" "$rc" >"$1/$i.pid"',
      'done < "$2"',
    ].join('\n');
    const jobs: Promise<void>[] = [];
    for (let w = 0; w < workers; w++) {
      const mine = argvs.map((_, i) => i).filter((i) => i % workers === w);
      if (mine.length === 0) continue;
      const list = join(work, `list-${w}`);
      writeFileSync(list, mine.map((i) => `${i}\n`).join(''));
      jobs.push(
        new Promise<void>((resolve, reject) => {
          const child = spawn('bash', ['-c', loop, 'run', work, list], {
            cwd,
            env: { ...RUN_ENV, PATH: `${bin}:/usr/local/bin:/usr/bin:/bin` },
            stdio: ['ignore', 'inherit', 'inherit'],
          });
          child.on('error', reject);
          child.on('close', () => resolve());
        }),
      );
    }
    await Promise.all(jobs);
    return argvs.map((_, i) => {
      const read = (ext: string): string => {
        try {
          return readFileSync(join(work, `${i}.${ext}`), 'utf8');
        } catch {
          return '';
        }
      };
      const [spawned, rc] = read('pid').trim().split(' ').map(Number);
      const out = read('out');
      const first = /^pid=(\d+) ppid=(\d+)\n/.exec(out);
      return {
        dump: first ? out.slice(first[0].length) : `did not run the stand-in: ${read('err').trim() || out.trim() || '(no output)'}`,
        spawned: spawned ?? NaN,
        pid: first ? Number(first[1]) : NaN,
        ppid: first ? Number(first[2]) : NaN,
        exitCode: rc ?? NaN,
      };
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
