import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * Files that take seconds each (an npm install, a provider process, fast-check over whole
 * components). Started first, they overlap with the hundreds of short files instead of running
 * alone at the end — also on a fresh clone, where vitest has no timings of its own to sort by.
 */
const slowFiles = [
  "test/consumer/",
  "test/provider/",
  "test/components/naming.fuzz",
  "test/components/previewErrors",
  "test/scripts/apiReport",
];

class SlowFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => {
      const index = slowFiles.findIndex((prefix) => spec.moduleId.includes(`/${prefix}`));
      return index === -1 ? slowFiles.length : index;
    };
    return sorted
      .map((spec, order) => ({ spec, order }))
      .sort((a, b) => rank(a.spec) - rank(b.spec) || a.order - b.order)
      .map(({ spec }) => spec);
  }
}

export default defineConfig({
  // examples/ import the package by name, as users do; the tests run them on this checkout's source.
  resolve: {
    alias: [
      { find: /^livechat-aws$/, replacement: fileURLToPath(new URL("./components/index.ts", import.meta.url)) },
      { find: /^livechat-aws\/client$/, replacement: fileURLToPath(new URL("./client/index.ts", import.meta.url)) },
      {
        find: /^livechat-aws\/csp$/,
        replacement: fileURLToPath(new URL("./components/csp/index.ts", import.meta.url)),
      },
    ],
  },
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/browser/**", "test/consumer/project/**", "node_modules/**"],
    // One worker runs many files: the Pulumi and AWS modules are imported once per worker, not once
    // per file (that import was most of the suite's CPU time). Files therefore must not leak state:
    // restore what they change, and reset shared fixtures on entry (as installMocks does).
    isolate: false,
    // Many tests wait on sockets, timers and child processes rather than the CPU: a worker more than
    // there are cores keeps the cores busy (on 2 cores: 3 workers, 54 s instead of 69 s for npm test).
    maxWorkers: "150%",
    sequence: { sequencer: SlowFilesFirst },
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
