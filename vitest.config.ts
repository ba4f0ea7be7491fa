import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'tests/electron/**', 'node_modules/**'],
    environment: 'node',
    globalSetup: ['tests/global-setup.ts'],
    reporters: ['default', ['json', { outputFile: 'reports/vitest.json' }]],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
