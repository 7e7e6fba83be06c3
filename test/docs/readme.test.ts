// The README is an integrator's path: short, every code block quoted from a file the tests run,
// every link to a page that exists (the docs pages' links too).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { brokenLinks, codeBlocks, quoteProblems, repoRoot } from "../support/markdownQuotes.ts";

const docs = readdirSync(path.join(repoRoot, "docs"))
  .filter((f) => f.endsWith(".md"))
  .map((f) => `docs/${f}`);

describe("README.md", () => {
  it("stays under 10 KB", () => {
    expect(readFileSync(path.join(repoRoot, "README.md")).byteLength).toBeLessThan(10 * 1024);
  });

  it("quotes tested files for every code block", () => {
    expect(codeBlocks(readFileSync(path.join(repoRoot, "README.md"), "utf8")).length).toBeGreaterThanOrEqual(4);
    expect(quoteProblems("README.md")).toEqual([]);
  });

  it("names the two set-up commands", () => {
    const readme = readFileSync(path.join(repoRoot, "README.md"), "utf8");
    expect(readme).toContain("`npm start`");
    expect(readme).toContain("`npm test`");
  });
});

describe("links", () => {
  it.each(["README.md", "components/csp/README.md", ...docs])("%s links only to files that exist", (page) => {
    expect(brokenLinks(page)).toEqual([]);
  });
});
