// The committed API reports (api/*.api.md) are the package's public surface: this test fails when an
// entry's exports change and the report was not regenerated and committed with the change.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { apiReports, publicEntries } from "../../scripts/api-report.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

describe("API reports", () => {
  test("api/*.api.md is exactly the public surface of every package entry", () => {
    const reports = apiReports(root);
    for (const [file, text] of reports) {
      const committed = existsSync(path.join(root, file)) ? readFileSync(path.join(root, file), "utf8") : "(missing)";
      expect(
        committed,
        `${file} does not match the public surface: review the difference, run \`npm run api:update\` and commit ${file}.`,
      ).toBe(text);
    }
    const stale = readdirSync(path.join(root, "api")).filter((name) => !reports.has(`api/${name}`));
    expect(stale, "reports of entries package.json no longer exports: delete them").toEqual([]);
  });

  test("the entries are package.json's exports subpaths: one more subpath is one more report", () => {
    const lib = (p: string) => ({ types: `./lib/${p}.d.ts`, default: `./lib/${p}.js` });
    const exports = {
      ".": lib("components/index"),
      "./csp": lib("components/csp/index"),
      "./client": lib("client/index"),
      "./package.json": "./package.json",
    };
    expect(publicEntries({ name: "livechat-aws", exports })).toEqual([
      { specifier: "livechat-aws", source: "components/index.ts", report: "api/livechat-aws.api.md" },
      { specifier: "livechat-aws/csp", source: "components/csp/index.ts", report: "api/csp.api.md" },
      { specifier: "livechat-aws/client", source: "client/index.ts", report: "api/client.api.md" },
    ]);
    expect(() => publicEntries({ name: "livechat-aws", exports: { "./x": "./lib/x.js" } })).toThrow(
      `package.json exports["./x"] has no "types"`,
    );
  });
});
