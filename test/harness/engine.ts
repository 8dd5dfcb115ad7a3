/**
 * vitest glue for the Docker end-to-end suite (test/e2e): runs it when a Docker engine answers (DOCKER_HOST
 * respected) and has the base image, skips it loudly when not, and fails instead of skipping when
 * EXECWRAP_REQUIRE_ENGINE=1 (`npm run test:e2e`, CI). EXECWRAP_E2E=0 turns the suite off on purpose (CI's
 * `npm test` step: the suite runs as its own step afterwards, on a private engine).
 */
import { spawnSync } from 'node:child_process';
import { describeNeedingMachine } from './support.js';

export const REQUIRE_ENGINE = process.env.EXECWRAP_REQUIRE_ENGINE === '1';
export const BASE_IMAGE = 'debian:bookworm-slim';

export interface EngineSupport {
  ok: boolean;
  reason: string;
  version?: string;
}

let cached: EngineSupport | undefined;

/** Is a Docker engine reachable, with the base image the e2e images are built FROM? */
export function engineSupport(): EngineSupport {
  if (cached) return cached;
  const version = spawnSync('docker', ['version', '--format', '{{.Server.Version}}'], { encoding: 'utf8', timeout: 20_000 });
  if (version.error) {
    cached = { ok: false, reason: `no docker CLI here (${(version.error as NodeJS.ErrnoException).code ?? version.error.message})` };
  } else if (version.status !== 0 || !version.stdout.trim()) {
    const why = (version.stderr || '').trim().split('\n')[0] || `docker version exited ${version.status}`;
    cached = { ok: false, reason: `no Docker engine reachable${process.env.DOCKER_HOST ? ` at DOCKER_HOST=${process.env.DOCKER_HOST}` : ''}: ${why}` };
  } else if (spawnSync('docker', ['image', 'inspect', BASE_IMAGE], { stdio: 'ignore', timeout: 20_000 }).status !== 0) {
    cached = { ok: false, reason: `the engine has no ${BASE_IMAGE} image (no registry here: \`test/e2e/engine.sh base\` makes one with debootstrap)` };
  } else {
    cached = { ok: true, reason: '', version: version.stdout.trim() };
  }
  return cached;
}

/**
 * Like describe(), for suites that need a Docker engine. Without one each test is skipped and named in the notice at
 * the end of the run (support.ts), or fails under EXECWRAP_REQUIRE_ENGINE=1.
 */
export function describeEngine(name: string, fn: () => void): void {
  if (process.env.EXECWRAP_E2E === '0') {
    const lack = 'a run of the Docker end-to-end suite here (EXECWRAP_E2E=0: it runs on its own, `npm run test:e2e`)';
    describeNeedingMachine(false, lack, name, fn, { requiredInCi: false });
    return;
  }
  const support = engineSupport();
  const lack = `a Docker engine with ${BASE_IMAGE} (${support.reason}; as root: eval "$(test/e2e/engine.sh start)"; test/e2e/engine.sh base; see README)`;
  describeNeedingMachine(support.ok, lack, name, fn, { requiredBy: 'EXECWRAP_REQUIRE_ENGINE' });
}
