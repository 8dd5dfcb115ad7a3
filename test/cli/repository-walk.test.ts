/**
 * What a directory walk judges, and how: only start scripts are judged as start scripts (pattern 13), the build
 * context is found where the COPY lines need it (14), templates and files that only look like Dockerfiles are
 * skipped, never edited (16, 17), and a start script in another language is judged as the program it is (17).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it, test } from 'vitest';
import { isStartScriptName } from '../../src/app/start-scripts.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'execwrap.js');

function execwrap(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A repository in a temp folder: `{ 'docker/start.sh': '#!/bin/sh\n…' }`; files starting with `#!` are executable. */
function repo(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'execwrap-walk-'));
  mkdirSync(join(dir, '.git'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
    if (text.startsWith('#!')) chmodSync(join(dir, name), 0o755);
  }
  return dir;
}

function checked(dir: string, ...flags: string[]): string[] {
  const r = execwrap(['check', '--format', 'json', ...flags, '.'], dir);
  return (JSON.parse(r.stdout) as { files: { path: string }[] }).files.map((f) => f.path);
}

const NODE_APP = 'FROM node:20-slim\nCOPY start.sh /start.sh\nCMD ["/start.sh"]\n';

describe('start scripts by name (measured on the 75 corpus start scripts: 64 named like this)', () => {
  test.each([
    'docker-entrypoint.sh', 'entrypoint.sh', 'backend-entrypoint.sh', 'docker-php-entrypoint', 'start.sh', 'startup.sh', 'start-kafka.sh',
    'start-finalExec', 'run.sh', 'run', 'boot.sh', 'cmd.sh', 'httpd-foreground', 'docker/entrypoint.sh', 'scripts/start.sh',
  ])('%s is a start script', (path) => expect(isStartScriptName(path)).toBe(true));
  test.each([
    'scripts/deploy.sh', 'tools/run-tests.sh', 'run-tests.sh', 'run-hooks.sh', '.husky/pre-commit', 'docker-php-ext-configure', 'bootstrap.sh', '10-init.sh',
    'build.sh', '.test/run.sh', 'test/start.sh', 'tests/fixtures/entrypoint.sh', '.github/workflows/start.sh', 'build/run.sh', 'hack/start-cluster.sh',
  ])('%s is not, by its name alone', (path) => expect(isStartScriptName(path)).toBe(false));
});

describe('check over a directory judges start scripts only', () => {
  const files = {
    Dockerfile: NODE_APP,
    'start.sh': '#!/bin/sh\nexec node server.js\n',
    'scripts/deploy.sh': '#!/bin/sh\nset -e\ndocker push registry/app:latest\nkubectl set image deployment/app app=registry/app:latest\n',
    '.husky/pre-commit': '#!/bin/sh\nnpx lint-staged\n',
    'tools/run-tests.sh': '#!/bin/sh\nnpm test\n',
    'docker/jenkins.sh': '#!/bin/bash\njava -jar /usr/share/jenkins/jenkins.war\n',
    'docker/Dockerfile': 'FROM eclipse-temurin:21-jre\nCOPY jenkins.sh /usr/local/bin/jenkins.sh\nENTRYPOINT ["/usr/local/bin/jenkins.sh"]\n',
  };

  it('skips build and hook scripts, and reports none of them', () => {
    const dir = repo(files);
    const paths = checked(dir);
    expect(paths).toEqual(['Dockerfile', 'docker/Dockerfile', 'docker/jenkins.sh', 'start.sh']);
    const r = execwrap(['check', '.'], dir);
    expect(r.stdout).not.toMatch(/deploy\.sh|pre-commit|run-tests/);
  });

  it('judges a script a Dockerfile runs whatever its name (jenkins.sh)', () => {
    const r = execwrap(['check', '.'], repo(files));
    expect(r.stdout).toMatch(/docker\/jenkins\.sh {2}bash, single launcher, fixable/);
  });

  it('--verbose lists what was skipped, and why', () => {
    const r = execwrap(['check', '-v', '.'], repo(files));
    expect(r.stderr).toContain("execwrap: skipped scripts/deploy.sh: not a start script: no Dockerfile here runs it and its name is not an entrypoint's (--all-scripts checks it)");
    expect(r.stderr).toContain('execwrap: skipped .husky/pre-commit:');
    expect(execwrap(['check', '.'], repo(files)).stderr).toBe('');
  });

  it('--all-scripts judges every shell script; a script named on the command line is always judged', () => {
    const dir = repo(files);
    expect(checked(dir, '--all-scripts')).toContain('scripts/deploy.sh');
    const named = execwrap(['check', 'scripts/deploy.sh'], dir);
    expect(named.code).toBe(1);
    expect(named.stdout).toMatch(/EW101/);
  });

  it('a start script a Dockerfile runs that does not parse is named, with its own error, whatever its name', () => {
    const dir = repo({ Dockerfile: 'FROM debian:12\nCOPY weird.sh /weird.sh\nCMD ["/weird.sh"]\n', 'weird.sh': '#!/bin/sh\nif true; then\n  echo\n' });
    const r = execwrap(['check', '.'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^weird\.sh +sh, unknown launcher, unfixable\n +4:\d+ +error .*EW118/m);
    expect(r.stdout).toMatch(/EW208/);
  });

  it('migrate checks entrypoint-named scripts no Dockerfile runs, and leaves other scripts out', () => {
    const dir = repo({ ...files, 'legacy/docker-entrypoint.sh': '#!/bin/sh\nnode server.js\n' });
    const r = execwrap(['migrate', '-v', '.'], dir);
    expect(r.stderr).toMatch(/legacy\/docker-entrypoint\.sh +fixable +single +not changed: no Dockerfile here runs it/);
    expect(r.stderr).not.toMatch(/^scripts\/deploy\.sh /m);
    expect(r.stderr).toContain('execwrap: skipped scripts/deploy.sh: not a start script');
  });
});

describe('templates and files that only look like Dockerfiles', () => {
  const template = '{{ def alpine: env.variant == "alpine" -}}\nFROM php:{{ env.version }}-fpm\nCOPY docker-entrypoint.sh /usr/local/bin/\nCMD ["php-fpm"]\n';

  it('a template is skipped with a note, never edited, and is not an error', () => {
    const dir = repo({ 'Dockerfile.template': template, 'Dockerfile.jinja2': '{{ docker.from("php", "8.4") }}\n\nRUN {{ docker.cleanup() }}\n' });
    const check = execwrap(['check', '.'], dir);
    expect(check.code).toBe(0);
    expect(check.stderr).toContain('execwrap: note: Dockerfile.template: skipped: a template, not a Dockerfile (line 1:');
    expect(check.stderr).toContain('execwrap: note: Dockerfile.jinja2: skipped: a template');
    const migrate = execwrap(['migrate', '--write', '.'], dir);
    expect(migrate.code).toBe(0);
    expect(migrate.stderr).toMatch(/Dockerfile\.template +skipped +- +skipped: a template/);
    expect(readFileSync(join(dir, 'Dockerfile.template'), 'utf8')).toBe(template);
  });

  it('a FROM with a placeholder (`FROM ubuntu:%%SUITE%%`) is a template too', () => {
    const r = execwrap(['check', '.'], repo({ 'Dockerfile.template': 'FROM ubuntu:%%SUITE%%\nCMD ["mysqld"]\n' }));
    expect(r.stderr).toContain("skipped: a template, not a Dockerfile (line 1: `FROM ubuntu:%%SUITE%%`)");
  });

  it('named on the command line, a template is refused with the reason (exit 2)', () => {
    const r = execwrap(['fix', 'Dockerfile.template'], repo({ 'Dockerfile.template': template }));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Dockerfile\.template:1: a template, not a Dockerfile/);
  });

  it('`{{ … }}` inside a RUN line of a real Dockerfile is text, not a template', () => {
    const r = execwrap(['check', '--format', 'json', '.'], repo({ Dockerfile: "FROM debian:12\nRUN docker inspect --format '{{.State}}' x || true\nCMD node server.js\n" }));
    expect((JSON.parse(r.stdout) as { files: { findings: { rule: string }[] }[] }).files[0]!.findings.map((f) => f.rule)).toContain('EW201');
  });

  it('`Dockerfile.py` is not a Dockerfile: passed over (listed by --verbose), not an error', () => {
    const r = execwrap(['check', '-v', '.'], repo({ 'bin/Dockerfile.py': '#!/usr/bin/env python\nprint("FROM alpine")\n', 'dockerfile.js': 'console.log(1)\n' }));
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('execwrap: skipped bin/Dockerfile.py: not a Dockerfile: a .py file');
    expect(r.stderr).toContain('execwrap: skipped dockerfile.js: not a Dockerfile: a .js file');
  });

  it('a walked `entrypoint.sh` that is a Python file is passed over; named, it is refused', () => {
    const dir = repo({ 'entrypoint.sh': '#!/usr/bin/env python3\nprint("hi")\n' });
    expect(execwrap(['check', '.'], dir).code).toBe(0);
    expect(execwrap(['check', '-v', '.'], dir).stderr).toContain('execwrap: skipped entrypoint.sh: not a shell script (#!/usr/bin/env python3)');
    expect(execwrap(['check', 'entrypoint.sh'], dir).code).toBe(2);
  });
});

describe('a start script in another language is judged as the program it is', () => {
  it('CMD ["start-notebook.py"] runs python as PID 1: EW204, not exit 2', () => {
    const dir = repo({
      Dockerfile: 'FROM python:3.12-slim\nCOPY start-notebook.py /usr/local/bin/\nCMD ["start-notebook.py"]\n',
      'start-notebook.py': '#!/usr/bin/env python\nimport os\nos.execvp("jupyter", ["jupyter", "lab"])\n',
    });
    for (const command of [['check', '.'], ['migrate', '.']]) {
      const r = execwrap(command, dir);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).not.toMatch(/not a shell script/);
    }
    expect(execwrap(['check', '.'], dir).stdout).toMatch(/`python` runs as PID 1/);
  });

  it('a `.sh` file with a python #! line run by a Dockerfile does not stop the Dockerfile check', () => {
    const dir = repo({ Dockerfile: 'FROM python:3.12-slim\nCOPY start.sh /start.sh\nCMD ["/start.sh"]\n', 'start.sh': '#!/usr/bin/python3\nprint("hi")\n' });
    const r = execwrap(['check', 'Dockerfile'], dir);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/`python3` runs as PID 1/);
  });
});

describe('the build context is found where the COPY lines need it', () => {
  it('docker/Dockerfile with `COPY docker/start.sh /start.sh` is built from the repository root', () => {
    const dir = repo({
      'docker/Dockerfile': 'FROM python:3.12-slim\nCOPY docker/start.sh /start.sh\nCOPY app /app\nCMD ["/start.sh"]\n',
      'docker/start.sh': '#!/bin/sh\ncd /app\ngunicorn app:app\n',
      'app/app.py': '',
    });
    const r = execwrap(['migrate', '.'], dir);
    expect(r.stderr).toMatch(/docker\/start\.sh +fixable +single +would fix EW101/);
    expect(r.stdout).toContain('+exec gunicorn app:app');
    expect(execwrap(['check', 'docker/Dockerfile'], dir).stdout).not.toMatch(/EW207/);
  });

  it('the Dockerfile\'s own folder wins when the script is there', () => {
    const dir = repo({
      'svc/Dockerfile': 'FROM python:3.12-slim\nCOPY start.sh /start.sh\nCMD ["/start.sh"]\n',
      'svc/start.sh': '#!/bin/sh\nexec gunicorn app:app\n',
      'start.sh': '#!/bin/sh\ngunicorn other:app\n',
    });
    const r = execwrap(['check', '--format', 'json', 'svc/Dockerfile'], dir);
    const df = (JSON.parse(r.stdout) as { files: { scripts?: { path: string; status: string }[] }[] }).files[0]!;
    expect(df.scripts).toMatchObject([{ path: 'svc/start.sh', status: 'ok' }]);
  });

  it("a Compose file's build.context and dockerfile name the context", () => {
    const dir = repo({
      'compose.yaml': 'services:\n  api:\n    build:\n      context: ./services/api\n      dockerfile: deploy/Dockerfile\n',
      'services/api/deploy/Dockerfile': 'FROM node:20-slim\nCOPY run.sh /usr/local/bin/run.sh\nCMD ["run.sh"]\n',
      'services/api/run.sh': '#!/bin/sh\nnode server.js\n',
    });
    const r = execwrap(['migrate', '.'], dir);
    expect(r.stderr).toMatch(/services\/api\/run\.sh +fixable +single +would fix EW101/);
  });

  it('--context on migrate: one build context for every Dockerfile', () => {
    const dir = repo({
      'deploy/Dockerfile': 'FROM python:3.12-slim\nCOPY entry.sh /entry.sh\nCMD ["/entry.sh"]\n',
      'src/entry.sh': '#!/bin/sh\ngunicorn app:app\n',
    });
    expect(execwrap(['migrate', '.'], dir).stderr).not.toMatch(/src\/entry\.sh/);
    const r = execwrap(['migrate', '--context', 'src', '.'], dir);
    expect(r.stderr).toMatch(/src\/entry\.sh +fixable +single +would fix EW101/);
  });
});
