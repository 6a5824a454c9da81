import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup/sdk-warnings.ts'],
    testTimeout: 20000,
    pool: 'forks',
    // On Node 20 every SDK client would print a 3-line NodeVersionSupportWarning into the test output
    // (bin/run.js silences it for users the same way).
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
