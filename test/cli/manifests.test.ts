/** The CLI with Kubernetes manifests and Compose files: standard input in every format, the walk, fix, templates. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'execwrap.js');
const HELM = 'samples/manifests/helm-django-celery/rendered.yaml';

function execwrap(args: string[], input?: string, cwd = ROOT) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('manifests on the command line', () => {
  it('`helm template | execwrap check -` works in every format', () => {
    const input = readFileSync(join(ROOT, HELM), 'utf8');
    const text = execwrap(['check', '-'], input);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('-  Kubernetes manifest (3 containers), unfixable');
    expect(text.stdout).toMatch(/62:57 +error +`\/bin\/sh -c` in container `web`/);
    const json = JSON.parse(execwrap(['check', '-f', 'json', '-'], input).stdout) as { files: { path: string; type: string; kind: string; containers: unknown[] }[] };
    expect(json.files.map((f) => [f.path, f.type, f.kind, f.containers.length])).toEqual([['-', 'manifest', 'kubernetes', 3]]);
    const sarif = JSON.parse(execwrap(['check', '-f', 'sarif', '-'], input).stdout) as { runs: { results: { ruleId: string; fixes?: unknown[] }[] }[] };
    expect(sarif.runs[0]!.results.map((r) => [r.ruleId, r.fixes !== undefined])).toEqual([['EW301', true], ['EW301', false]]);
    expect(execwrap(['check', '-f', 'github', '-'], input).stdout).toMatch(/^::error file=-,line=62,col=57,.*title=EW301::/m);
    const markdown = execwrap(['check', '-f', 'markdown', '-'], input).stdout;
    expect(markdown).toContain('| `-` | Kubernetes manifest | unfixable | 3 container(s) | 2 |');
    expect(markdown).toContain('+          args: ["python manage.py migrate --noinput && exec gunicorn');
  });

  it('fix reads standard input and prints the fixed manifest; --write needs a file', () => {
    const input = readFileSync(join(ROOT, 'samples/manifests/hostpid-daemonset/daemonset.yaml'), 'utf8');
    const r = execwrap(['fix', '-'], input);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(join(ROOT, 'samples/manifests/hostpid-daemonset/expected/fixed.txt'), 'utf8'));
    expect(execwrap(['fix', '--write', '-'], input).code).toBe(2);
  });

  it('a script and a Dockerfile on standard input are still recognised', () => {
    expect(execwrap(['check', '-f', 'json', '-'], '#!/bin/sh\nnode server.js\n').stdout).toContain('"type": "script"');
    expect(execwrap(['check', '-f', 'json', '-'], 'FROM debian:bookworm-slim\nCMD node server.js\n').stdout).toContain('"type": "dockerfile"');
  });

  it('walking a directory finds manifests by content, Compose files by name, and skips unrendered templates with a note', () => {
    const dir = mkdtempSync(join(tmpdir(), 'execwrap-manifests-'));
    writeFileSync(join(dir, 'app.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: debian:12\n      command: ["sh", "-c", "exec app"]\n');
    writeFileSync(join(dir, 'docker-compose.yml'), 'services:\n  web:\n    image: alpine:3.20\n');
    writeFileSync(join(dir, 'values.yaml'), 'replicaCount: 2\nimage:\n  repository: nginx\n');
    writeFileSync(join(dir, 'deployment.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "x.fullname" . }}\n{{- if .Values.x }}\nspec: {}\n{{- end }}\n');
    const r = execwrap(['check', '-f', 'json', dir]);
    const files = (JSON.parse(r.stdout) as { files: { path: string; type: string }[] }).files.map((f) => [f.path.replace(`${dir}/`, ''), f.type]);
    expect(files).toEqual([['app.yaml', 'manifest'], ['docker-compose.yml', 'manifest']]);
    expect(r.stderr).toMatch(/deployment\.yaml: skipped: an unrendered template/);
    expect(r.code).toBe(0);
    const named = execwrap(['check', join(dir, 'deployment.yaml')]);
    expect(named.code).toBe(2);
    expect(named.stderr).toMatch(/deployment\.yaml:\d+: not valid YAML/);
  });

  it('fix --diff on a Compose file is a patch of the edited string and the added key only', () => {
    const r = execwrap(['fix', '--diff', 'samples/manifests/compose-image-node/compose.yaml']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(readFileSync(join(ROOT, 'samples/manifests/compose-image-node/expected/fix.diff'), 'utf8'));
  });
});
