/** `execwrap verify <manifest> --container NAME`: a container's command line as PID 1, signal and grace from the manifest. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { describePid1, needPrograms } from '../harness/support.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'execwrap.js');

function verify(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'verify', ...args, '-f', 'json'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, json: r.stdout ? (JSON.parse(r.stdout) as Record<string, unknown>) : undefined, stderr: r.stderr };
}

describePid1('execwrap verify on manifests', () => {
  test('a DaemonSet container: the original drops SIGTERM, the fixed one (exec) stops; grace from the manifest default (30 s)', () => {
    const r = verify(['samples/manifests/hostpid-daemonset/daemonset.yaml', '--container', 'agent', '--compare']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ kind: 'manifest', container: 'agent', graceSeconds: 30, passed: true });
    const runs = r.json!.runs as { variant: string; passed: boolean }[];
    expect(runs.map((run) => [run.variant, run.passed])).toEqual([['original', false], ['fixed', true]]);
  });

  test("a Compose service: stop_signal and stop_grace_period are the manifest's", () => {
    needPrograms('busybox'); // node:20-alpine: its /bin/sh is busybox ash, which verify runs the command with
    const r = verify(['samples/manifests/compose-image-node/compose.yaml', '--container', 'api']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ kind: 'manifest', container: 'api', graceSeconds: 30, passed: true });
    expect((r.json!.runs as { plan?: unknown; signal?: string }[])[0]).toBeDefined();
    expect(JSON.stringify(r.json)).toContain('SIGINT');
  });
});

test('a manifest with several containers needs --container (exit 2, naming them)', () => {
  const r = spawnSync(process.execPath, [BIN, 'verify', 'samples/manifests/scalar-styles/pod.yaml'], { cwd: ROOT, encoding: 'utf8' });
  expect(r.status).toBe(2);
  expect(r.stderr).toContain('--container');
  expect(r.stderr).toContain('folded, plain-multiline');
});
