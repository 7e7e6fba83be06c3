import { defineConfig } from "vitest/config";

// Real-browser tests in Chromium, Firefox and WebKit from Debian (see .ci/run and docs/browsers.md);
// BROWSER=chromium|firefox|webkit (comma-separated) picks engines, unset runs all three.
export default defineConfig({
  test: {
    include: ["test/browser/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
