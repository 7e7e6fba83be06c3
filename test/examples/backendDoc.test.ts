// docs/backend.md quotes tested files rather than pasting code: every code block is marked with
// the file it comes from and appears there verbatim (or is marked as a diagram or as output), and
// the smoke command's exit-code table is exactly the command's own.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { codeBlocks, quoteProblems } from "../support/markdownQuotes.ts";
import { smokeExitCodes, smokeExitMeanings, type SmokeOutcome } from "../../bin/smoke/exitCodes.ts";

const doc = readFileSync(new URL("../../docs/backend.md", import.meta.url), "utf8");

describe("docs/backend.md", () => {
  it("has code blocks, each marked, each quote found verbatim in its file", () => {
    expect(codeBlocks(doc).length).toBeGreaterThan(8);
    expect(quoteProblems("docs/backend.md")).toEqual([]);
  });

  it("lists the smoke command's exit codes exactly", () => {
    for (const [outcome, code] of Object.entries(smokeExitCodes)) {
      expect(doc).toContain(`| ${code} | ${outcome} | ${smokeExitMeanings[outcome as SmokeOutcome]} |`);
    }
  });
});
