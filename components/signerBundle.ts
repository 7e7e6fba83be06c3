import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build, type BuildOptions } from "esbuild";

/** The deployable signer: one ES module that exports `handler`. */
export interface SignerBundle {
  /** The bundle's source text (minified ESM). */
  readonly code: string;
  /** Hex SHA-256 of `code`, handy for change detection and logs. */
  readonly sha256: string;
}

/** The Lambda handler setting that matches the bundle's file name inside the deployment archive. */
export const signerHandlerName = "index.handler";
/** The file name of the bundle inside the deployment archive. */
export const signerFileName = "index.mjs";

/**
 * Finds this package's root (the folder whose package.json is named `livechat-aws`), whether we
 * run from the TypeScript sources or from the compiled `lib/` inside a consumer's node_modules.
 */
export function packageRoot(start: string = path.dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "livechat-aws") {
      return dir;
    }
    if (path.dirname(dir) === dir) {
      throw new Error(`livechat-aws: cannot find the package root above ${start}; the signer sources (lambda/) ship with the package.`);
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

/**
 * Bundles `lambda/index.ts` with esbuild into one minified ES module for the Lambda Node.js
 * runtime. Deterministic: paths are relative to the package root and nothing time- or
 * machine-dependent is embedded, so two builds give identical bytes. This is what both
 * `npm run build:signer` and the `TokenSigner` component deploy.
 */
export async function buildSignerBundle(root: string = packageRoot()): Promise<SignerBundle> {
  const result = await build({
    absWorkingDir: root,
    entryPoints: ["lambda/index.ts"],
    outfile: `dist/signer/${signerFileName}`,
    ...signerBuildOptions,
  });
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error("livechat-aws: esbuild produced no output for lambda/index.ts");
  const code = output.text;
  return { code, sha256: createHash("sha256").update(code).digest("hex") };
}
