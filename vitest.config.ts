import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The PID 1 stop tests start real shells; two cores, so keep parallelism modest.
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    // After the summary: what was not verified because this machine lacks namespaces or a program (test/harness/).
    reporters: ['default', './test/harness/skip-notice.ts'],
  },
});
