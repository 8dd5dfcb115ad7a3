/**
 * The scaffold matrix the tests cover: every base × process count, every base × init, and every process count ×
 * init × shell combination, in 14 cases (not the full 48) to keep goldens and PID 1 runs affordable.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Pid1Shell } from '../../src/app/verify/pid1.js';
import { buildSpec, type Family, type ScaffoldFlags, type ScaffoldSpec } from '../../src/app/scaffold/model.js';
import { renderScaffold, type ScaffoldFile } from '../../src/app/scaffold/render.js';

/** Stand-in programs: the first word of each --proc command is installed as a stand-in by the harness. */
export const PROCS = ['web=web-server --port 8080 --greeting "hello world"', "worker=queue-worker -c 2 --queue \"it's\""];
export const PROGRAMS = ['web-server', 'queue-worker'];

export interface Case {
  name: string;
  flags: ScaffoldFlags;
}

function kase(base: string, n: 1 | 2, init: 'tini' | 'dumb-init' | 'none', shell: 'sh' | 'bash', extra: Partial<ScaffoldFlags> = {}): Case {
  const short = base.split(':')[0]!.replace(/[^a-z0-9]+/g, '');
  const more = Object.keys(extra).sort().join('-');
  return { name: `${short}-${n}-${init}-${shell}${more ? `-${more}` : ''}`, flags: { proc: PROCS.slice(0, n), base, init, shell, ...extra } };
}

export const CASES: Case[] = [
  kase('debian:bookworm-slim', 1, 'tini', 'sh'),
  kase('debian:bookworm-slim', 1, 'dumb-init', 'sh'),
  kase('debian:bookworm-slim', 2, 'dumb-init', 'bash', { user: 'app', k8s: true }),
  kase('debian:bookworm-slim', 2, 'none', 'sh'),
  kase('ubuntu:24.04', 1, 'dumb-init', 'bash'),
  kase('ubuntu:24.04', 1, 'none', 'bash'),
  kase('ubuntu:24.04', 2, 'tini', 'sh', { user: 'app' }),
  kase('alpine:3.20', 1, 'none', 'sh', { user: 'app' }),
  kase('alpine:3.20', 2, 'tini', 'sh'),
  kase('alpine:3.20', 2, 'dumb-init', 'sh', { stopSignal: 'SIGQUIT' }),
  kase('alpine:3.20', 2, 'tini', 'bash'),
  kase('rockylinux:9', 1, 'tini', 'bash'),
  kase('rockylinux:9', 2, 'none', 'bash', { user: 'app' }),
  kase('rockylinux:9', 2, 'dumb-init', 'sh', { workdir: '/srv/app', k8s: true }),
  kase('debian:bookworm-slim', 2, 'tini', 'sh', { failFast: true }),
  kase('alpine:3.20', 2, 'dumb-init', 'bash', { failFast: true }),
];

/** What `/bin/sh` is in each family's images: Debian/Ubuntu dash, Alpine busybox ash, RHEL bash. */
export function pid1Shell(spec: ScaffoldSpec): Pid1Shell {
  if (spec.shell === 'bash') return 'bash';
  const sh: Record<Family, Pid1Shell> = { debian: 'dash', alpine: 'busybox', rhel: 'bash' };
  return sh[spec.base.family];
}

export interface Rendered {
  spec: ScaffoldSpec;
  files: ScaffoldFile[];
  dir: string;
  file(path: string): ScaffoldFile;
}

const scratch = mkdtempSync(join(tmpdir(), 'execwrap-scaffold-test-'));

/** Renders a case and writes it to a fresh directory. */
export async function renderCase(c: Case): Promise<Rendered> {
  const spec = buildSpec(c.flags);
  const files = await renderScaffold(spec);
  const dir = mkdtempSync(join(scratch, `${c.name}-`));
  for (const f of files) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.content, { mode: f.mode });
  }
  return {
    spec,
    files,
    dir,
    file: (path) => {
      const found = files.find((f) => f.path === path);
      if (!found) throw new Error(`${c.name}: no ${path}`);
      return found;
    },
  };
}

/** The generated ENTRYPOINT, as JSON. */
export function entrypointOf(dockerfile: string): string[] {
  const line = dockerfile.split('\n').find((l) => l.startsWith('ENTRYPOINT '));
  if (!line) throw new Error('no ENTRYPOINT');
  return JSON.parse(line.slice('ENTRYPOINT '.length)) as string[];
}
