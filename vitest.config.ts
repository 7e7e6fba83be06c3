import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // examples/ import the package by name, as users do; the tests run them on this checkout's source.
  resolve: { alias: { "livechat-aws/client": fileURLToPath(new URL("./client/index.ts", import.meta.url)) } },
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
