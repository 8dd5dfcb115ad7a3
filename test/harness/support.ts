/** vitest glue for the PID 1 harness: skip loudly when namespaces are unavailable, fail when CI requires them. */
import { describe, test } from 'vitest';
import { pid1Support } from '../../src/verify/pid1.js';

export const REQUIRE_PID1 = process.env.EXECWRAP_REQUIRE_PID1 === '1';

/** Like describe(), for suites that run scripts as PID 1. */
export function describePid1(name: string, fn: () => void): void {
  const support = pid1Support();
  if (support.ok) {
    describe(name, fn);
    return;
  }
  if (REQUIRE_PID1) {
    describe(name, () => {
      test('PID 1 namespaces are available (EXECWRAP_REQUIRE_PID1=1)', () => {
        throw new Error(`EXECWRAP_REQUIRE_PID1=1 but PID 1 runs are not possible here: ${support.reason}`);
      });
    });
    return;
  }
  const bar = '!'.repeat(78);
  console.warn(
    `\n${bar}\n!! NOT TESTED: "${name}" — PID 1 stop behaviour was NOT verified on this machine.\n` +
      `!! Reason: ${support.reason}\n!! Run as root with unshare and overlayfs available, or set EXECWRAP_REQUIRE_PID1=1 to make this fail.\n${bar}\n`,
  );
  describe.skip(name, fn);
}
