// The signer bundle built from source: lambda/ bundled by esbuild into one ES module, with the
// manifest that ships beside it. `npm run build:signer` (and so `npm pack`) writes both; a
// TokenSigner in a checkout of this repository builds the same bytes when the program runs.
// esbuild is imported lazily: a stack that deploys the prebuilt bundle does not need it installed.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { BuildOptions } from "esbuild";
import type { SignerManifest } from "./signerManifest.ts";
import { signerFileName, signerHandlerName, signerRuntime } from "./signerManifest.ts";

/** The deployable signer: one ES module that exports `handler`. */
export interface SignerBundle {
  /** The bundle's source text (minified ESM). */
  readonly code: string;
  /** Hex SHA-256 of `code`'s UTF-8 bytes. */
  readonly sha256: string;
}

/** A bundle built from `lambda/`, with the manifest that describes it. */
export interface BuiltSignerBundle extends SignerBundle {
  readonly manifest: SignerManifest;
}

/**
 * Finds this package's root (the folder whose package.json is named `livechat-aws`), whether we
 * run from the TypeScript sources or from the compiled `lib/` inside a consumer's node_modules.
 */
export function packageRoot(start: string = path.dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "livechat-aws"
    ) {
      return dir;
    }
    if (path.dirname(dir) === dir) {
      throw new Error(`livechat-aws: cannot find the package root (a package.json named livechat-aws) above ${start}.`);
    }
  }
}

/**
 * The esbuild settings of the signer bundle: one minified ES module for the Lambda Node.js
 * runtime, nothing time- or machine-dependent embedded. The benchmark bundles its comparison
 * clients with the same settings.
 */
export const signerBuildOptions = {
  bundle: true,
  write: false,
  platform: "node",
  format: "esm",
  target: "node24",
  minify: true,
  legalComments: "none",
  sourcemap: false,
  charset: "utf8",
  logLevel: "silent",
} as const satisfies BuildOptions;

/** Hex SHA-256 of a bundle's text, as the manifest records it. */
export function bundleSha256(code: string): string {
  return createHash("sha256").update(code, "utf8").digest("hex");
}

/**
 * Name → exact version of every npm package esbuild pulled into the bundle, read from each
 * package's own package.json (so a lockfile and the installed tree cannot disagree unnoticed).
 */
export function bundledPackages(
  root: string,
  metafile: { readonly inputs: Readonly<Record<string, unknown>> },
): Record<string, string> {
  const versions = new Map<string, Set<string>>();
  for (const input of Object.keys(metafile.inputs)) {
    const match = /^(.*node_modules\/)((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match === null) continue;
    const [, prefix = "", name = ""] = match;
    const { version } = JSON.parse(readFileSync(path.join(root, prefix, name, "package.json"), "utf8")) as {
      version: string;
    };
    versions.set(name, (versions.get(name) ?? new Set<string>()).add(version));
  }
  return Object.fromEntries(
    [...versions.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, set]) => [name, [...set].sort().join(", ")]),
  );
}

/**
 * Bundles `lambda/index.ts` with esbuild into one minified ES module for the Lambda Node.js
 * runtime, and describes it in a manifest. Deterministic: paths are relative to the package root
 * and nothing time- or machine-dependent is embedded, so two builds give identical bytes.
 */
export async function buildSignerBundle(root: string = packageRoot()): Promise<BuiltSignerBundle> {
  const esbuild = await import("esbuild");
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: ["lambda/index.ts"],
    outfile: `dist/signer/${signerFileName}`,
    metafile: true,
    ...signerBuildOptions,
  });
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error("livechat-aws: esbuild produced no output for lambda/index.ts");
  const code = output.text;
  const sha256 = bundleSha256(code);
  const manifest: SignerManifest = {
    file: signerFileName,
    handler: signerHandlerName,
    runtime: signerRuntime,
    bytes: Buffer.byteLength(code, "utf8"),
    sha256,
    esbuild: esbuild.version,
    bundled: bundledPackages(root, result.metafile),
  };
  return { code, sha256, manifest };
}
