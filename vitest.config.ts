import { defineConfig } from 'vitest/config';

// Tests live beside the code they test (`*.test.ts`). Property suites can take a while:
// the per-test timeout is generous, and the suites bound their own run counts.
export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', '.stryker-tmp/**', 'out/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
