// `npm run structure`: the shape of the code in figures — source files and folders, import arrows
// between folders, the largest files and the longest lines — so a refactor can say what it changed.
// Tests, fixtures, examples and generated files are left out: this is the product's own code.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { packageRoot } from "../components/signerBundle.ts";

const root = packageRoot();
const sourceDirs = ["components", "lambda", "client", "dev", "bin", "scripts", "bench"];
const sourceFile = /\.(ts|mjs|js)$/;

function walk(dir: string): string[] {
  return readdirSync(path.join(root, dir)).flatMap((name) => {
    const rel = path.join(dir, name);
    if (statSync(path.join(root, rel)).isDirectory()) return walk(rel);
    return sourceFile.test(name) && !name.endsWith(".d.ts") ? [rel] : [];
  });
}

const files = [...sourceDirs.flatMap(walk), "index.ts"].sort();
const folderOf = (file: string) => path.dirname(file);
const lines = new Map(files.map((file) => [file, readFileSync(path.join(root, file), "utf8").split("\n")]));

const arrows = new Map<string, number>();
for (const [file, text] of lines) {
  for (const line of text) {
    const specifier = /^\s*(?:import|export)\b[^"']*?from\s+["'](\.{1,2}\/[^"']+)["']/.exec(line)?.[1];
    if (specifier === undefined) continue;
    const target = path.normalize(path.join(folderOf(file), specifier));
    if (folderOf(target) === folderOf(file)) continue;
    const arrow = `${folderOf(file)} -> ${folderOf(target)}`;
    arrows.set(arrow, (arrows.get(arrow) ?? 0) + 1);
  }
}

const counts = [...lines].map(([file, text]) => ({
  file,
  lines: text.length,
  longest: Math.max(...text.map((l) => l.length)),
}));
const folders = new Set(files.map(folderOf));
const longLines = [...lines.values()].flat().filter((l) => l.length > 120).length;

console.log(`source files ${files.length}, folders ${folders.size}, lines ${counts.reduce((s, c) => s + c.lines, 0)}`);
console.log(
  `import arrows between folders: ${arrows.size} pairs, ${[...arrows.values()].reduce((s, n) => s + n, 0)} imports`,
);
for (const [arrow, n] of [...arrows].sort((a, b) => b[1] - a[1])) console.log(`  ${arrow} (${n})`);
console.log("largest files:");
for (const c of counts.sort((a, b) => b.lines - a.lines).slice(0, 8)) console.log(`  ${c.file} ${c.lines} lines`);
console.log(`lines over 120 characters: ${longLines}; longest: ${Math.max(...counts.map((c) => c.longest))}`);
