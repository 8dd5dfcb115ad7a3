/**
 * .pre-commit-hooks.yaml: the hooks are run the way pre-commit runs them (the entry split like shlex, `args`, then
 * several file names in one call), with `execwrap` on PATH pointing at the local build.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT } from './build.js';
import { parseYaml, type Yaml } from './yaml.js';

type Hook = { [key: string]: Yaml };
const hooks = parseYaml(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
const hook = (id: string) => hooks.find((h) => h.id === id)!;

const temp = mkdtempSync(join(tmpdir(), 'ew-pre-commit-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

// What `language: node` gives the hook: an `execwrap` command on PATH (here: the local build).
const binDir = join(temp, 'bin');
mkdirSync(binDir, { recursive: true });
writeFileSync(join(binDir, 'execwrap'), `#!/bin/sh\nexec node ${JSON.stringify(join(ROOT, 'bin', 'execwrap.js'))} "$@"\n`);
chmodSync(join(binDir, 'execwrap'), 0o755);

/** POSIX shlex.split for the quoting the hooks use (single and double quotes, whitespace). */
function shlexSplit(text: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      word = (word ?? '') + text.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      let s = '';
      for (; text[j] !== '"'; j++) s += text[j] === '\\' && /["\\$`]/.test(text[j + 1]!) ? text[++j] : text[j];
      word = (word ?? '') + s;
      i = j;
    } else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else {
      word = (word ?? '') + c;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

function runHook(id: string, files: string[], args: string[] = []) {
  const [command, ...rest] = shlexSplit(hook(id).entry as string);
  return spawnSync(command!, [...rest, ...args, ...files], {
    cwd: temp,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${binDir}${delimiter}${process.env.PATH}`, NO_COLOR: '1' },
  });
}

/** pre-commit's `files` is a Python regex; a leading (?i) becomes the i flag here. */
function filesRegex(id: string): RegExp {
  const source = hook(id).files as string;
  return source.startsWith('(?i)') ? new RegExp(source.slice(4), 'i') : new RegExp(source);
}

beforeAll(() => ensureBuilt(), 180_000);

describe('.pre-commit-hooks.yaml', () => {
  it('has execwrap-check and execwrap-fix, node hooks running execwrap', () => {
    expect(hooks.map((h) => h.id)).toEqual(['execwrap-check', 'execwrap-fix']);
    expect(hook('execwrap-check').entry).toBe('execwrap check');
    expect(hook('execwrap-fix').entry).toContain('execwrap fix --write');
    for (const h of hooks) expect(h.language).toBe('node');
    // One process, files in turn: a Dockerfile and the script it runs are never rewritten at the same time.
    expect(hook('execwrap-fix').require_serial).toBe(true);
  });

  it.each(['execwrap-check', 'execwrap-fix'])('%s: files matches the scripts and Dockerfiles execwrap checks', (id) => {
    const files = filesRegex(id);
    for (const path of ['start.sh', 'docker/entrypoint.bash', 'bin/run.SH', 'x.ash', 'x.dash', 'Dockerfile', 'api/Dockerfile.prod', 'api.Dockerfile', 'dockerfile', 'Containerfile', 'web.containerfile']) {
      expect(files.test(path), path).toBe(true);
    }
    for (const path of ['README.md', 'Dockerfile.dockerignore', '.dockerignore', 'src/dockerfile-parser.ts', 'start.sh.orig', 'Dockerfile-dev', 'package.json']) {
      expect(files.test(path), path).toBe(false);
    }
  });

  it('execwrap-check: several files in one call, exit 1 when one is not ok', () => {
    writeFileSync(join(temp, 'ok.sh'), '#!/bin/sh\nexec node server.js\n');
    writeFileSync(join(temp, 'bad.sh'), '#!/bin/sh\ncd /app\nnode server.js\n');
    const good = runHook('execwrap-check', ['ok.sh']);
    expect(good.stderr).toBe('');
    expect(good.status).toBe(0);
    const bad = runHook('execwrap-check', ['ok.sh', 'bad.sh']);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('EW101');
  });

  it('execwrap-fix: every file of one call is fixed in place, options from args go to each', () => {
    mkdirTemp('proj');
    writeFileSync(join(temp, 'proj', 'start.sh'), '#!/bin/sh\ncd /app\nnode server.js\n');
    writeFileSync(join(temp, 'proj', 'run.sh'), '#!/bin/sh\nexec gunicorn app.wsgi\n');
    writeFileSync(join(temp, 'proj', 'Dockerfile'), 'FROM python:3.12-slim\nCMD python app.py\n');
    const run = runHook('execwrap-fix', ['proj/start.sh', 'proj/run.sh', 'proj/Dockerfile'], ['--init=dumb-init']);
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(join(temp, 'proj', 'start.sh'), 'utf8')).toBe('#!/bin/sh\ncd /app\nexec node server.js\n');
    expect(readFileSync(join(temp, 'proj', 'run.sh'), 'utf8')).toBe('#!/bin/sh\nexec gunicorn app.wsgi\n');
    const dockerfile = readFileSync(join(temp, 'proj', 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain('CMD ["python", "app.py"]');
    expect(dockerfile).toContain('dumb-init');
    // Running it again changes nothing.
    const again = runHook('execwrap-fix', ['proj/start.sh', 'proj/Dockerfile'], ['--init=dumb-init']);
    expect(again.status).toBe(0);
    expect(readFileSync(join(temp, 'proj', 'Dockerfile'), 'utf8')).toBe(dockerfile);
  });

  it('execwrap-fix: a file that cannot be fixed (syntax error) fails the hook, the others are still fixed', () => {
    mkdirTemp('broken');
    writeFileSync(join(temp, 'broken', 'a.sh'), '#!/bin/sh\nif true; then\n');
    writeFileSync(join(temp, 'broken', 'b.sh'), '#!/bin/sh\nnode server.js\n');
    const run = runHook('execwrap-fix', ['broken/a.sh', 'broken/b.sh']);
    expect(run.status).toBe(2);
    expect(readFileSync(join(temp, 'broken', 'b.sh'), 'utf8')).toBe('#!/bin/sh\nexec node server.js\n');
  });
});

function mkdirTemp(name: string): void {
  mkdirSync(join(temp, name), { recursive: true });
}
