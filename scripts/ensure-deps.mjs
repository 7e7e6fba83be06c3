// Runs before `npm start` and `npm test` so a fresh clone needs no separate install step.
// (`npm start` and `npm test` then run `hash -r`: the shell remembered the system `node` it found
// first, and would run the rest on it; test/scripts/npmScripts.test.ts keeps that so.)
// Plain JavaScript on purpose: it may run on the system's older Node, before `npm ci` has
// installed the project's own Node (the `node` devDependency) that the rest runs on.
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";

const installed = "node_modules/.package-lock.json";
const upToDate =
  existsSync(installed) &&
  existsSync("node_modules/.bin/node") &&
  statSync(installed).mtimeMs >= statSync("package-lock.json").mtimeMs;

if (!upToDate) {
  console.error("livechat-aws: installing dependencies (npm ci) …");
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const result = spawnSync(npm, ["ci", "--no-audit", "--no-fund"], { stdio: "inherit" });
  if (result.status !== 0) {
    console.error("livechat-aws: npm ci failed; fix the error above and run it again.");
    process.exit(result.status ?? 1);
  }
}
