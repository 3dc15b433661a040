import { defineConfig } from 'vitest/config';

// Suites that drive real `chatcron serve` / runner processes, a private MariaDB or Chromium. Each
// needs the machine's two cores to itself: run beside another such suite, a replica's claims or
// a takeover fall seconds behind and the timing they assert measures the neighbour, not chatcron.
// They run after the rest, one file at a time.
const PROCESS_SUITES = [
  'test/e2e/**/*.test.ts',
  'test/faults/**/*.test.ts',
  'test/http/page.test.ts',
  'test/web/**/*.browser.test.ts',
  'test/runners/runners.test.ts',
  'test/security/access-logs.test.ts',
];


export default defineConfig({
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Memory checks (test/security) collect garbage before they read the resident size.
    execArgv: ['--expose-gc'],
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: PROCESS_SUITES, fileParallelism: true, sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: { name: 'processes', include: PROCESS_SUITES, fileParallelism: false, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
