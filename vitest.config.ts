import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

// Unit and integration tests sit beside the code (`foo.ts` + `foo.test.ts`); e2e/ belongs to Playwright.
export default defineConfig({
  resolve: {
    alias: {
      '@shared': resolve(import.meta.dirname, 'src/shared'),
      '@renderer': resolve(import.meta.dirname, 'src/renderer/src'),
    },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    // Builds the trainer process once, for the tests that start real ones (src/core/runs).
    globalSetup: ['src/core/testing/trainer-bundle.ts'],
  },
});
