/**
 * EW302 (compose-missing-init): an interpreter as PID 1 of a Compose service. Where `command:` follows the ENTRYPOINT
 * of an image execwrap does not know, that ENTRYPOINT may be an init already: a warning that names the image.
 */
import { describe, expect, test } from 'vitest';
import { decodeSource } from '../../src/core/source.js';
import { analyzeManifest } from '../../src/manifest/analyze-manifest.js';

async function ew302(compose: string) {
  const report = await analyzeManifest(decodeSource('/repo/compose.yaml', Buffer.from(compose)), { settings: { rules: {}, unsafeFixes: false } });
  return report.findings.filter((f) => f.rule === 'EW302').map((f) => ({ kind: f.kind, severity: f.severity, fixed: f.fix !== undefined, image: f.data?.image }));
}

describe('EW302', () => {
  test('catches: `command: [node, …]` on node:20 (no init in its ENTRYPOINT): node is PID 1, an error', async () => {
    const [finding] = await ew302('services:\n  api:\n    image: node:20\n    command: ["node", "main.js"]\n');
    expect(finding).toMatchObject({ kind: 'interpreter', severity: 'error', fixed: true });
  });

  test('catches, as a warning: `command: [python, …]` on an image execwrap does not know (netbox-docker\'s worker)', async () => {
    const [finding] = await ew302('services:\n  worker:\n    image: docker.io/netboxcommunity/netbox:v4.1\n    command: [/opt/netbox/venv/bin/python, manage.py, rqworker]\n');
    expect(finding).toMatchObject({ kind: 'interpreter-image-unknown', severity: 'warning', fixed: true });
    expect(finding!.image).toBe('docker.io/netboxcommunity/netbox:v4.1');
  });

  test('an `entrypoint:` of its own replaces the unknown image\'s: an error again', async () => {
    const [finding] = await ew302('services:\n  worker:\n    image: docker.io/netboxcommunity/netbox:v4.1\n    entrypoint: [/opt/netbox/venv/bin/python]\n    command: [manage.py, rqworker]\n');
    expect(finding).toMatchObject({ kind: 'interpreter', severity: 'error' });
  });

  test('does not catch: `init: true`', async () => {
    expect(await ew302('services:\n  worker:\n    init: true\n    image: docker.io/netboxcommunity/netbox:v4.1\n    command: [python, manage.py, rqworker]\n')).toEqual([]);
  });
});
