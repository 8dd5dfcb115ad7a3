/** The program table (src/analyze/programs.ts) is one entry per program, and no entry contradicts itself. */
import { describe, expect, test } from 'vitest';
import {
  allPrograms,
  CHILD_INITS,
  detachesAsDaemon,
  INIT_PROGRAMS,
  isBareInterpreter,
  isForegroundServer,
  isKnownProgram,
  PRIVILEGE_EXECERS,
  PRIVILEGE_FORKERS,
  programFacts,
} from '../../src/shell/analyze/programs.js';

/** Argument lists every program is tried with: nothing, version/help, and every foreground and daemon flag in the table. */
const SAMPLES: string[][] = [
  [], ['-v'], ['--version'], ['-h'], ['-t'], ['-g', 'daemon off;'], ['-c', '/etc/nginx.conf'], ['-F'], ['--nodaemonize'], ['-D'], ['--daemonize'],
  ['/etc/redis.conf', '--daemonize', 'yes'], ['--daemonize', 'no'], ['-d'], ['--daemon'], ['-f'], ['-n'], ['-nf'], ['-iNONE'], ['-e', '-D'],
  ['-DFOREGROUND'], ['--nodaemon'], ['-c', '/etc/supervisord.conf'], ['-u', 'memcache'], ['-l'], ['-L'],
];

describe('program table', () => {
  const programs = allPrograms();

  test('one entry per program', () => {
    const names = programs.map((p) => p.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  test('no program is started in the foreground and detaches at once', () => {
    for (const p of programs) {
      for (const args of SAMPLES) {
        if (p.foreground?.(args) && p.daemon?.detaches(args)) expect.fail(`${p.name} ${args.join(' ')}: both foreground and a daemon`);
      }
    }
  });

  test('every daemon has a foreground flag and a source', () => {
    for (const p of programs.filter((x) => x.daemon)) {
      // A supervisor is a daemon only where the script goes on past it (supervisord without -n); else a correct PID 1.
      expect(p.kind === 'daemon' || (p.kind === 'supervisor' && p.daemon!.goneOnOnly === true), `${p.name}: ${p.kind}`).toBe(true);
      expect(p.daemon!.foregroundFlag, p.name).not.toBe('');
      expect(p.daemon!.source, p.name).not.toBe('');
    }
  });

  test('inits and supervisors do not ignore SIGTERM as PID 1, and are not privilege droppers', () => {
    for (const p of programs.filter((x) => INIT_PROGRAMS.has(x.name))) {
      expect(p.ignoresTermAsPid1, p.name).toBeUndefined();
      expect(p.privilege, p.name).toBeUndefined();
    }
  });

  test('init facts only on inits, privilege facts only on privilege droppers', () => {
    for (const p of programs) {
      expect(p.init === undefined || p.kind === 'init', p.name).toBe(true);
      expect(p.privilege === undefined || p.kind === 'privilege-dropper', p.name).toBe(true);
      if (p.kind === 'privilege-dropper') expect(p.privilege, p.name).toBeDefined();
    }
  });

  test('a program execs, forks or relays: never two of them', () => {
    expect([...PRIVILEGE_EXECERS].filter((n) => PRIVILEGE_FORKERS.has(n))).toEqual([]);
  });

  test('the facts the rules rely on', () => {
    expect(CHILD_INITS.has('tini') && !CHILD_INITS.has('dumb-init')).toBe(true);
    expect(PRIVILEGE_FORKERS).toEqual(new Set(['su', 'runuser', 'doas']));
    expect(['gosu', 'su-exec', 'setpriv', 'chroot'].every((n) => PRIVILEGE_EXECERS.has(n))).toBe(true);
    expect(PRIVILEGE_EXECERS.has('sudo')).toBe(false);
    expect(['node', 'python3.11', 'php8.2', 'npm', 'ruby'].every(isBareInterpreter)).toBe(true);
    expect(['java', 'tini', 'gunicorn'].some(isBareInterpreter)).toBe(false);
    expect(isForegroundServer('php-fpm8.2', ['-F'])).toBe(true);
    expect(isForegroundServer('redis-server', ['--daemonize', 'yes'])).toBe(false);
    expect(isForegroundServer('bundle', ['exec', 'puma'])).toBe(true);
    expect(detachesAsDaemon('nginx', [])).toBe(true);
    expect(detachesAsDaemon('nginx', ['-g', 'daemon off;'])).toBe(false);
    expect(detachesAsDaemon('memcached', [])).toBe(false);
    expect(detachesAsDaemon('sshd', ['-e', '-D'])).toBe(false);
    expect(isKnownProgram('python3.12') && isKnownProgram('php-fpm81') && !isKnownProgram('start_server')).toBe(true);
    expect(programFacts('php-fpm8.2')?.name).toBe('php-fpm');
  });
});
