// docs/backend.md quotes tested files rather than pasting code: every code block is marked with
// the file it comes from and appears there verbatim (or is marked as a diagram or as output), and
// the smoke command's exit-code table is exactly the command's own.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { smokeExitCodes, smokeExitMeanings, type SmokeOutcome } from "../../bin/smoke/exitCodes.ts";

const root = new URL("../../", import.meta.url);
const doc = readFileSync(new URL("docs/backend.md", root), "utf8");

interface Block {
  readonly marker: string;
  readonly text: string;
}

function blocks(markdown: string): Block[] {
  const found: Block[] = [];
  const pattern = /(?:^|\n)([^\n]*)\n```[a-z]*\n([\s\S]*?)\n```/g;
  for (const match of markdown.matchAll(pattern)) found.push({ marker: (match[1] ?? "").trim(), text: match[2] ?? "" });
  return found;
}

describe("docs/backend.md", () => {
  const all = blocks(doc);

  it("has code blocks, each marked", () => {
    expect(all.length).toBeGreaterThan(8);
    for (const block of all) expect(block.marker, block.text.slice(0, 80)).toMatch(/^<!-- (from \S+|output of: .+|diagram) -->$/);
  });

  it("quotes every marked file verbatim", () => {
    for (const block of all) {
      const from = /^<!-- from (\S+) -->$/.exec(block.marker)?.[1];
      if (from === undefined) continue;
      expect(readFileSync(new URL(from, root), "utf8"), `${from} should contain:\n${block.text}`).toContain(block.text);
    }
  });

  it("lists the smoke command's exit codes exactly", () => {
    for (const [outcome, code] of Object.entries(smokeExitCodes)) {
      expect(doc).toContain(`| ${code} | ${outcome} | ${smokeExitMeanings[outcome as SmokeOutcome]} |`);
    }
  });
});
