import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Two cores: keep the worker count low so e2e timing (3 s acks) stays honest.
    maxWorkers: 2,
  },
});
