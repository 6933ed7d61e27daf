import { defineConfig } from 'vitest/config';

/** The domain's own tests (pure functions): what `npm run test:mutation:domain` runs against src/domain. */
export default defineConfig({
  test: {
    include: ['test/domain/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 20_000,
  },
});
