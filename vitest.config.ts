import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup/sdk-warnings.ts'],
    testTimeout: 20000,
    pool: 'forks',
  },
});
