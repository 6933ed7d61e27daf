import { defineConfig } from 'vitest/config';

/**
 * The suite as `npm run test:mutation` runs it against each mutant: everything but the never-a-5xx
 * property over every route (1,500 random requests that cover almost every line and only ever check
 * for a 5xx; run per mutant it would multiply the run time without killing anything the behaviour
 * tests do not).
 */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/app/every-route.test.ts', '**/node_modules/**'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
