import { defineConfig } from 'vitest/config';

/** Browser tests of the portal (`npm run test:navigateur`): Debian's chromium through playwright-core. */
export default defineConfig({
  test: {
    include: ['test/portal/navigateur/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    // One browser per file; files one after the other keep a 2-core machine responsive.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
