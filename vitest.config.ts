import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/browser/**", "test/consumer/project/**", "node_modules/**"],
    // One worker runs many files: the Pulumi and AWS modules are imported once per worker, not once
    // per file (that import was most of the suite's CPU time). Files therefore must not leak state:
    // restore what they change, and reset shared fixtures on entry (as installMocks does).
    isolate: false,
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
