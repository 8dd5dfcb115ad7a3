/**
 * The isolation of a PID 1 run: the sh script that becomes the namespace's PID 1, builds an overlay over the real
 * filesystem, fresh /proc, private /dev/shm and network, then execs chroot into it; and whether that works here.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Pid1Shell } from './types.js';

export class Pid1IsolationError extends Error {
  constructor(message: string) {
    super(`execwrap PID 1 harness: cannot isolate the run, refusing to run it: ${message}`);
    this.name = 'Pid1IsolationError';
  }
}


/** Quotes a word for the generated sh script (the harness's own; generated start-script code uses src/shell/render/shell-quote.ts). */
export function q(word: string): string {
  return /^[A-Za-z0-9_@%+:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export function which(cmd: string): string | null {
  const r = spawnSync('sh', ['-c', `command -v ${q(cmd)}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() || null : null;
}

interface Mount {
  point: string;
  fstype: string;
  ro: boolean;
}

function unescapeMountinfo(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
}

function readMounts(): Mount[] {
  const out: Mount[] = [];
  for (const line of readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
    if (!line) continue;
    const [pre, post] = line.split(' - ');
    if (!pre || !post) continue;
    const f = pre.split(' ');
    const opts = (f[5] ?? '').split(',');
    out.push({ point: unescapeMountinfo(f[4] ?? ''), fstype: post.split(' ')[0] ?? '', ro: opts.includes('ro') });
  }
  return out;
}

const VIRTUAL_ROOTS = ['/proc', '/sys', '/dev'];
function under(path: string, root: string): boolean {
  return path === root || path.startsWith(root === '/' ? '/' : root + '/');
}

/** Real writable mounts other than `/` that need their own overlay (a separate /tmp, /work, /home ...). */
function extraMounts(): string[] {
  const seen = new Map<string, Mount>();
  for (const m of readMounts()) seen.set(m.point, m); // the last mount on a point is the visible one
  const points = [...seen.values()]
    .filter((m) => m.point !== '/' && !m.ro && !VIRTUAL_ROOTS.some((r) => under(m.point, r)))
    .filter((m) => !/[\s,:\\]/.test(m.point))
    .map((m) => m.point)
    .sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
  return points;
}

/** The sh script that becomes the namespace's PID 1, isolates, then execs chroot → [init] shell script. */
export function setupScript(p: { scratch: string; outDir: string; marker: string; absStandins: [string, string][]; cwd?: string }): string {
  const R = `${p.scratch}/root`;
  const lines = [
    'set -eu',
    // The run's PATH starts with the stand-ins (a script may start `sh -c …` or call `mount`): the isolation itself
    // uses the system's programs, and the run gets its PATH back at the exec below.
    'run_path=$PATH',
    'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    `S=${q(p.scratch)}`,
    'fail() { echo "isolation: $*" >&2; exit 121; }',
    'mount -t tmpfs -o mode=0755 execwrap-scratch "$S" || fail "tmpfs on $S"',
    'mkdir -p "$S/u/root" "$S/w/root" "$S/root"',
    'mount -t overlay execwrap-root -o "lowerdir=/,upperdir=$S/u/root,workdir=$S/w/root" "$S/root" || fail "overlay of /"',
  ];
  extraMounts().forEach((point, i) => {
    lines.push(
      `mkdir -p "$S/u/m${i}" "$S/w/m${i}"`,
      // A mount can vanish between reading mountinfo and here (a container engine's overlays come and go): one
      // that is gone needs no cover.
      `if [ -d ${q(R + point)} ]; then mount -t overlay execwrap-m${i} -o "lowerdir=${point},upperdir=$S/u/m${i},workdir=$S/w/m${i}" ${q(R + point)} 2>/dev/null || { mount --bind ${q(point)} ${q(R + point)} && mount -o remount,bind,ro ${q(R + point)}; } 2>/dev/null || [ ! -d ${q(point)} ] || fail "cannot cover ${point}"; fi`,
    );
  });
  lines.push(
    `mount -t proc proc "$S/root/proc" || fail "mount /proc"`,
    `mount --rbind /dev "$S/root/dev" || fail "bind /dev"`,
    `mount -t tmpfs -o mode=1777 shm "$S/root/dev/shm" || fail "private /dev/shm"`,
    `mount -t sysfs -o ro sysfs "$S/root/sys" 2>/dev/null || mount -t tmpfs -o ro,mode=0755 nosys "$S/root/sys" || fail "/sys"`,
    `mkdir -p ${q(R + p.outDir)}`,
    `mount --bind ${q(p.outDir)} ${q(R + p.outDir)} || fail "bind the log dir"`,
  );
  for (const [target, source] of p.absStandins) {
    lines.push(`mkdir -p ${q(R + dirname(target))}`, `rm -f ${q(R + target)}`, `cp ${q(source)} ${q(R + target)}`, `chmod 0755 ${q(R + target)}`);
  }
  // Prove the real filesystem is not reachable for writes: a probe written through the new root must not appear on the host.
  lines.push(
    `probe=${q(p.scratch)}/root${q(join(p.outDir, '..', 'isolation-probe'))}`,
    'echo probe > "$probe"',
    `if [ -e ${q(join(p.outDir, '..', 'isolation-probe'))} ]; then fail "overlay writes reach the real filesystem"; fi`,
    `: > ${q(p.marker)}`,
  );
  if (p.cwd && p.cwd !== '/') lines.push(`mkdir -p ${q(R + p.cwd)}`);
  lines.push(
    'cd "$S/root"',
    'chroot=$(command -v chroot)',
    'PATH=$run_path',
    p.cwd && p.cwd !== '/' ? `exec "$chroot" "$S/root" /bin/sh -c 'cd "$1" && shift && exec "$@"' sh ${q(p.cwd)} "$@"` : 'exec "$chroot" "$S/root" "$@"',
  );
  return lines.join('\n') + '\n';
}

let supportCache: { ok: true } | { ok: false; reason: string } | undefined;

/**
 * Whether isolated PID 1 runs work here (root, unshare, overlayfs, chroot): does one real isolated run.
 * Synchronous and cached. EXECWRAP_PID1_FORCE_UNAVAILABLE=1 pretends it does not (to check the skip path).
 */
export function pid1Support(): { ok: true } | { ok: false; reason: string } {
  if (supportCache) return supportCache;
  supportCache = probeSupport();
  return supportCache;
}

function probeSupport(): { ok: true } | { ok: false; reason: string } {
  if (process.env.EXECWRAP_PID1_FORCE_UNAVAILABLE) return { ok: false, reason: 'EXECWRAP_PID1_FORCE_UNAVAILABLE is set' };
  if (process.platform !== 'linux') return { ok: false, reason: `not Linux (${process.platform})` };
  for (const bin of ['unshare', 'chroot', 'mount', 'sh']) {
    if (!which(bin)) return { ok: false, reason: `\`${bin}\` not found in PATH` };
  }
  const dir = mkdtempSync(join(tmpdir(), 'execwrap-pid1-probe-'));
  try {
    const scratch = join(dir, 'ns');
    const outDir = join(dir, 'out');
    mkdirSync(scratch);
    mkdirSync(outDir);
    const marker = join(outDir, 'isolated');
    writeFileSync(join(dir, 'setup.sh'), setupScript({ scratch, outDir, marker, absStandins: [] }));
    const r = spawnSync(
      'unshare',
      ['--pid', '--fork', '--mount', '--net', '--propagation', 'private', 'sh', join(dir, 'setup.sh'), 'sh', '-c', 'echo $$; : > /probe-write'],
      { encoding: 'utf8', timeout: 10_000 },
    );
    if (r.error) return { ok: false, reason: `unshare failed to run: ${r.error.message}` };
    if (r.status !== 0 || r.stdout.trim() !== '1' || !existsSync(marker)) {
      return { ok: false, reason: `isolated run failed (status ${r.status}): ${(r.stderr || r.stdout).trim().slice(0, 400)}` };
    }
    if (existsSync('/probe-write')) return { ok: false, reason: 'a write inside the namespace reached the real /' };
    return { ok: true };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function shellArgv(shell: Pid1Shell): string[] {
  if (shell === 'busybox') return ['busybox', 'ash'];
  return [shell];
}
