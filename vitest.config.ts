import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Browser tests run apart (`npm run test:navigateur`, vitest.navigateur.config.ts).
    exclude: ['test/portal/navigateur/**', 'node_modules/**'],
    environment: 'node',
    // better-sqlite3 is synchronous and each test file builds its own :memory: app:
    // forks isolate native handles cleanly.
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
