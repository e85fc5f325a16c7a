import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Builds the corpus index once with the real model and hands its folder to the tests.
    // Also builds the web page, which the browser tests load from the real server.
    globalSetup: ['test/support/global-setup.ts', 'test/web/build-page.ts', 'test/support/build-server.ts'],
    // Servers and commands the tests start never inherit the run's DATABASE_URL (see the file).
    setupFiles: ['test/support/store-env.ts'],
    // Loading the ONNX model takes a few seconds per test file, more on a busy CI machine.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
