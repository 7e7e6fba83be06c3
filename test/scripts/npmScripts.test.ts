// `npm start` and `npm test` on a fresh clone: the first command installs the project's own Node
// (node_modules/.bin/node, the `node` devDependency), and everything after it must run on that Node,
// not on the system's. npm runs a script with `sh -c` and node_modules/.bin first on PATH, but the
// shell remembers where it found `node` the first time (before .bin existed). This runs each script
// as npm does, with ensure-deps replaced by a stand-in that installs a recognisable `node`.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, test } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const scripts = (
  JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }
).scripts;

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function runAsNpmOnFreshClone(script: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), "livechat-npm-script-"));
  dirs.push(dir);
  mkdirSync(path.join(dir, "scripts"));
  mkdirSync(path.join(dir, "dev"));
  const projectNode = `#!/bin/sh\necho "project node: $*"\n`;
  writeFileSync(
    path.join(dir, "scripts/ensure-deps.mjs"),
    `import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
mkdirSync("node_modules/.bin", { recursive: true });
writeFileSync("node_modules/.bin/node", ${JSON.stringify(projectNode)});
chmodSync("node_modules/.bin/node", 0o755);\n`,
  );
  for (const file of ["scripts/test.ts", "dev/start.ts"]) {
    writeFileSync(path.join(dir, file), `console.log("system node: " + process.version);\n`);
    chmodSync(path.join(dir, file), 0o644);
  }
  const systemNode = path.dirname(process.execPath);
  const result = spawnSync("/bin/sh", ["-c", script], {
    cwd: dir,
    encoding: "utf8",
    env: { PATH: `${path.join(dir, "node_modules/.bin")}:${systemNode}:/usr/bin:/bin` },
    timeout: 20_000,
  });
  expect(result.stderr).toBe("");
  return result.stdout.trim();
}

describe("npm scripts that install first", () => {
  test.each(["start", "test"])(
    "npm %s runs the rest on the project's Node, not the one the shell found first",
    (name) => {
      const script = scripts[name] ?? "";
      expect(script.startsWith("node scripts/ensure-deps.mjs && ")).toBe(true);
      expect(runAsNpmOnFreshClone(script)).toMatch(/^project node: (scripts\/test|dev\/start)\.ts$/);
    },
  );
});
