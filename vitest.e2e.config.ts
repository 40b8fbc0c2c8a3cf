import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    pool: 'forks',
    // One browser, one server: files run one after another.
    fileParallelism: false,
    // Each test visits many pages with a full axe run: generous for a loaded two-core CI machine.
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
  oxc: { jsx: { runtime: 'automatic', importSource: '@kitajs/html' } },
});
