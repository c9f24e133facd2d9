import { defineConfig } from 'vitest/config';

/**
 * Files that must not share the machine with other tests: the feed serves an event only once
 * every older transaction on the whole PostgreSQL cluster has ended, so another file's open
 * transaction holds it back (the feed's test, the typed client that follows it); the process
 * drills, load shedding and the browser measure time and restart processes. They run one at a
 * time, after the rest. The console's routes (through inject) and its date arithmetic start no
 * browser, and run with the rest.
 */
const alone = [
  'test/server/**/*.test.ts',
  'test/api/feed.test.ts',
  'test/http/generated-client.test.ts',
  'test/http/overload.test.ts',
  'test/console/!(routes|last-day).test.ts',
  'test/demo/seed.test.ts',
];

export default defineConfig({
  test: {
    // A timeout is there to catch a hang, not to time the code: the machine may be shared with
    // other suites, and a loaded machine must not turn into failures (benches time things).
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // The service's bundle for the process tests; each run's template databases, which test files copy
    // instead of migrating or seeding their own (test/support/db.ts).
    globalSetup: ['test/support/build.ts', 'test/support/templates.ts'],
    projects: [
      // Two files at a time even on 2 cores: most of a file's time is spent waiting on a database or a child process.
      {
        extends: true,
        test: { name: 'together', include: ['test/**/*.test.ts'], exclude: alone, maxWorkers: 2, sequence: { groupOrder: 0 } },
      },
      { extends: true, test: { name: 'alone', include: alone, fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
});
