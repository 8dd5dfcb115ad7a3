/**
 * vitest glue for the Docker end-to-end suite (test/e2e): runs it when a Docker engine answers (DOCKER_HOST
 * respected) and has the base image, skips it loudly when not, and fails instead of skipping when
 * EXECWRAP_REQUIRE_ENGINE=1 (`npm run test:e2e`, CI). EXECWRAP_E2E=0 turns the suite off on purpose (CI's
 * `npm test` step: the suite runs as its own step afterwards, on a private engine).
 */
import { spawnSync } from 'node:child_process';
import { describe, test } from 'vitest';

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

/** Like describe(), for suites that need a Docker engine. */
export function describeEngine(name: string, fn: () => void): void {
  if (process.env.EXECWRAP_E2E === '0') {
    console.warn(`\nnot run: "${name}" — EXECWRAP_E2E=0 (the Docker end-to-end suite runs on its own: npm run test:e2e)\n`);
    describe.skip(name, fn);
    return;
  }
  const support = engineSupport();
  if (support.ok) {
    describe(name, fn);
    return;
  }
  if (REQUIRE_ENGINE) {
    describe(name, () => {
      test('a Docker engine is reachable (EXECWRAP_REQUIRE_ENGINE=1)', () => {
        throw new Error(`EXECWRAP_REQUIRE_ENGINE=1 but the Docker end-to-end suite cannot run here: ${support.reason}`);
      });
    });
    return;
  }
  const bar = '!'.repeat(78);
  console.warn(
    `\n${bar}\n!! NOT TESTED: "${name}" — stops on a real Docker engine were NOT verified on this machine.\n` +
      `!! Reason: ${support.reason}\n` +
      '!! As root: eval "$(test/e2e/engine.sh start)"; test/e2e/engine.sh base; npm run test:e2e (see README).\n' +
      `!! EXECWRAP_REQUIRE_ENGINE=1 makes this a failure.\n${bar}\n`,
  );
  describe.skip(name, fn);
}
