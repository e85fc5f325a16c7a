import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Builds the corpus index once with the real model and hands its folder to the tests.
    globalSetup: ['test/support/global-setup.ts'],
    // Loading the ONNX model takes a few seconds per test file, more on a busy CI machine.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
