// The consumer project (test/consumer/project/): a stack shaped like `pulumi new aws-typescript`
// with its OWN committed package-lock.json, so what the consumer test installs cannot change when
// the registry publishes something new. The packed livechat-aws goes in as `file:livechat-aws.tgz`;
// its lockfile entry carries no integrity (the tarball is rebuilt from the sources each run).
// `npm run consumer:lock` refreshes the lockfile after the package's own dependencies change.
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

export const run = promisify(execFile);
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const projectTemplate = path.join(repoRoot, "test", "consumer", "project");
export const tarballName = "livechat-aws.tgz";
const lockEntry = "node_modules/livechat-aws";

/** npm, run by the same Node that runs the caller (npm scripts set npm_execpath). */
export function npm(args: string[], cwd: string, timeout = 240_000): Promise<{ stdout: string; stderr: string }> {
  const cli = process.env["npm_execpath"];
  const [file, argv] = cli !== undefined && cli.endsWith(".js") ? [process.execPath, [cli, ...args]] : ["npm", args];
  return run(file, argv, {
    cwd,
    timeout,
    maxBuffer: 32 * 1024 * 1024,
    env: { ...process.env, npm_config_update_notifier: "false" },
  });
}

export interface PackedPackage {
  readonly tarball: string;
  /** Paths inside the tarball, as npm lists them. */
  readonly files: readonly string[];
}

/** `npm pack` of the repository (its prepack builds lib/ and dist/signer/) into `dir`. */
export async function packPackage(dir: string): Promise<PackedPackage> {
  const { stdout } = await npm(["pack", "--json", "--pack-destination", dir], repoRoot);
  const [info] = JSON.parse(stdout.slice(stdout.indexOf("["))) as { filename: string; files: { path: string }[] }[];
  if (info === undefined) throw new Error("npm pack printed no package");
  return { tarball: path.join(dir, info.filename), files: info.files.map((f) => f.path) };
}

/** Copies the consumer project into `dir` with the packed tarball beside it; returns the project folder. */
export function prepareProject(dir: string, packed: PackedPackage): string {
  const project = path.join(dir, "shop-infra");
  mkdirSync(project, { recursive: true });
  cpSync(projectTemplate, project, { recursive: true, filter: (src) => !/[\\/](node_modules|bin)$/.test(src) });
  cpSync(packed.tarball, path.join(project, tarballName));
  return project;
}

interface Lockfile {
  packages: Record<
    string,
    { version?: string; resolved?: string; integrity?: string; dependencies?: Record<string, string> }
  >;
}

/**
 * Why the committed lockfile cannot install this tarball (its entry lists other dependencies than
 * the packed package.json), or undefined when it can.
 */
export function lockfileMismatch(project: string): string | undefined {
  const lock = JSON.parse(readFileSync(path.join(project, "package-lock.json"), "utf8")) as Lockfile;
  const locked = JSON.stringify(lock.packages[lockEntry]?.dependencies ?? {});
  const packed = JSON.stringify(
    (JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { dependencies?: Record<string, string> })
      .dependencies ?? {},
  );
  return locked === packed
    ? undefined
    : `test/consumer/project/package-lock.json locks livechat-aws's dependencies as ${locked}, but package.json now has ${packed}: run \`npm run consumer:lock\` and commit the lockfile.`;
}

/** Resolves the consumer project afresh and writes its lockfile back to the template (no integrity for the tarball). */
export async function refreshLockfile(dir: string): Promise<void> {
  const project = prepareProject(dir, await packPackage(dir));
  // Forget only the package's own entry: npm resolves it (and any new dependency) afresh and
  // keeps every other pin as it was.
  const lockPath = path.join(project, "package-lock.json");
  const before = JSON.parse(readFileSync(lockPath, "utf8")) as Lockfile;
  delete before.packages[lockEntry];
  writeFileSync(lockPath, JSON.stringify(before, null, 2));
  await npm(["install", "--package-lock-only", "--no-audit", "--no-fund"], project);
  const lock = JSON.parse(readFileSync(lockPath, "utf8")) as Lockfile;
  const entry = lock.packages[lockEntry];
  if (entry !== undefined) delete entry.integrity;
  writeFileSync(path.join(projectTemplate, "package-lock.json"), `${JSON.stringify(lock, null, 2)}\n`);
}
