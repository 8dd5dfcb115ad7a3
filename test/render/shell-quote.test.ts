import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { needPrograms } from '../harness/support.js';
import { jsonArray, shellJoin, shellQuote } from '../../src/shell/render/shell-quote.js';

const WORDS = [
  'plain',
  '',
  ' ',
  "it's",
  "''",
  '"double"',
  '$(id -u)',
  '`uname`',
  '${HOME}',
  '$HOME',
  'a\nb',
  'tab\there',
  'back\\slash',
  'glob*?[a]',
  '~',
  '~root',
  'a=b',
  '-n',
  '--bind=0.0.0.0:8080',
  'daemon off;',
  'x && y || z | w & v',
  '!event',
  '{a,b}',
  '#comment',
  'Привет мир',
  '日本語',
  '🚀 emoji',
  "mixed 'single' and \"double\" $(x) `y` \\ ; end",
];

const SHELLS: [string, string[]][] = [
  ['sh', ['sh']],
  ['dash', ['dash']],
  ['bash', ['bash']],
  ['busybox ash', ['busybox', 'ash']],
];

describe('shellQuote', () => {
  test('leaves safe words bare and quotes the rest', () => {
    expect(shellQuote('nginx')).toBe('nginx');
    expect(shellQuote('/usr/sbin/nginx')).toBe('/usr/sbin/nginx');
    expect(shellQuote('0.0.0.0:8080')).toBe('0.0.0.0:8080');
    expect(shellQuote('')).toBe("''");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote('daemon off;')).toBe("'daemon off;'");
    expect(shellQuote('a=b')).toBe("'a=b'");
    expect(shellQuote('~')).toBe("'~'");
    expect(shellQuote('$(id)')).toBe("'$(id)'");
  });

  for (const [label, argv] of SHELLS) {
    test(`round-trips every word through ${label}`, () => {
      needPrograms(argv[0]!);
      const cmd = `printf '%s\\0' ${shellJoin(WORDS)}`;
      const r = spawnSync(argv[0]!, [...argv.slice(1), '-c', cmd], { encoding: 'utf8', env: { HOME: '/nonexistent', PATH: process.env.PATH ?? '' } });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout.split('\0').slice(0, -1)).toEqual(WORDS);
    });
  }

  test('a quoted first word is never an assignment or a reserved word', () => {
    const r = spawnSync('sh', ['-c', `${shellQuote('a=b')} 2>/dev/null; echo "rc=$? a=\${a-unset}"`], { encoding: 'utf8' });
    expect(r.stdout.trim()).toBe('rc=127 a=unset');
  });
});

describe('jsonArray', () => {
  test('writes Dockerfile exec form', () => {
    expect(jsonArray(['nginx', '-g', 'daemon off;'])).toBe('["nginx", "-g", "daemon off;"]');
    expect(jsonArray([])).toBe('[]');
    expect(jsonArray(['say "hi"', 'back\\slash', 'Привет', 'a\nb'])).toBe('["say \\"hi\\"", "back\\\\slash", "Привет", "a\\nb"]');
  });
  test('round-trips through JSON.parse', () => {
    expect(JSON.parse(jsonArray(WORDS))).toEqual(WORDS);
  });
});
