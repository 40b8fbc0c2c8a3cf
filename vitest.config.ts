import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    // Each file gets its own database (in-memory PGlite, or a fresh PostgreSQL database), copied
    // from the demo template the global setup seeds once where it wants the demo.
    globalSetup: ['test/support/template.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
  oxc: { jsx: { runtime: 'automatic', importSource: '@kitajs/html' } },
});
