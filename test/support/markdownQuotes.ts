// Documentation that quotes tested files instead of pasting code: every fenced block in a page is
// marked `<!-- from <path> -->` (and then appears in that file verbatim), `<!-- output of: … -->`
// or `<!-- diagram -->`. Shared by the README's and docs/backend.md's tests.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface CodeBlock {
  /** The line just above the fence, trimmed. */
  readonly marker: string;
  readonly text: string;
}

/** Every fenced code block of `markdown` with the line above it. */
export function codeBlocks(markdown: string): CodeBlock[] {
  const found: CodeBlock[] = [];
  for (const match of markdown.matchAll(/(?:^|\n)([^\n]*)\n```[a-z]*\n([\s\S]*?)\n```/g))
    found.push({ marker: (match[1] ?? "").trim(), text: match[2] ?? "" });
  return found;
}

/** What is wrong with `page`'s blocks: unmarked ones, and quotes its file does not contain verbatim. */
export function quoteProblems(page: string): string[] {
  const problems: string[] = [];
  for (const block of codeBlocks(readFileSync(path.join(repoRoot, page), "utf8"))) {
    const from = /^<!-- from (\S+) -->$/.exec(block.marker)?.[1];
    if (from === undefined) {
      if (!/^<!-- (output of: .+|diagram) -->$/.test(block.marker))
        problems.push(`${page}: a block is not marked <!-- from <file> -->: ${block.text.slice(0, 60)}…`);
      continue;
    }
    const file = path.join(repoRoot, from);
    if (!existsSync(file)) problems.push(`${page}: ${from} does not exist`);
    else if (!readFileSync(file, "utf8").includes(block.text))
      problems.push(`${page}: ${from} does not contain:\n${block.text}`);
  }
  return problems;
}

/** Relative links of `page` (`](path)` or `](path#anchor)`) whose file does not exist. */
export function brokenLinks(page: string): string[] {
  const text = readFileSync(path.join(repoRoot, page), "utf8");
  const broken: string[] = [];
  for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) {
    const target = match[1] ?? "";
    if (/^[a-z]+:/i.test(target) || target.startsWith("#")) continue;
    const file = path.join(repoRoot, path.dirname(page), target.split("#")[0] ?? "");
    if (!existsSync(file)) broken.push(`${page}: ${target}`);
  }
  return broken;
}
