import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A timeout is there to catch a hang, not to time the code: the machine may be shared with
    // other suites, and a loaded machine must not turn into failures (benches time things).
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
