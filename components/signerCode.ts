// Which signer bytes a TokenSigner deploys. Two paths, one result:
// - the published package carries the prebuilt bundle and its manifest (dist/signer/): deploy
//   exactly those bytes, after checking their SHA-256 against the manifest;
// - a checkout of the repository (this repo's own stack, Pulumi's source-based plugin path)
//   carries lambda/ instead: build it with esbuild from the exactly pinned dependencies.
// Both give the bytes the signer tests ran against; the consumer test proves it.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { buildSignerBundle, bundleSha256, packageRoot, type SignerBundle } from "./signerBundle.ts";
import {
  parseSignerManifest,
  SignerBundleError,
  signerDistDir,
  signerFileName,
  signerManifestName,
  type SignerManifest,
} from "./signerManifest.ts";

/** Where a TokenSigner's code comes from. */
export type SignerSource =
  | { readonly kind: "prebuilt"; readonly bundle: SignerBundle; readonly manifest: SignerManifest }
  | { readonly kind: "source"; readonly root: string };

/**
 * Reads and checks the prebuilt bundle in `dir` against its manifest. Throws `SignerBundleError`
 * naming both hashes when the bundle is not the one the manifest describes.
 */
export function readPrebuiltSigner(dir: string): { bundle: SignerBundle; manifest: SignerManifest } {
  const manifestPath = path.join(dir, signerManifestName);
  const manifest = parseSignerManifest(readFileSync(manifestPath, "utf8"), manifestPath);
  const bundlePath = path.join(dir, signerFileName);
  if (!existsSync(bundlePath)) {
    throw new SignerBundleError(
      "bundle-missing",
      `livechat-aws: ${bundlePath} is missing though ${manifestPath} describes it; reinstall the package.`,
    );
  }
  const code = readFileSync(bundlePath, "utf8");
  const sha256 = bundleSha256(code);
  if (sha256 !== manifest.sha256) {
    throw new SignerBundleError(
      "bundle-mismatch",
      `livechat-aws: refusing to deploy ${bundlePath}: its sha256 is ${sha256} but ${manifestPath} says ${manifest.sha256}. ` +
        `The signer was changed after the package was built; reinstall livechat-aws (npm ci) rather than editing node_modules.`,
    );
  }
  return { bundle: { code, sha256 }, manifest };
}

/**
 * The signer for the package at `root`: its sources when they are there (a checkout), else the
 * prebuilt bundle (the published package), checked now. Throws `SignerBundleError` when neither is.
 */
export function locateSigner(root: string = packageRoot()): SignerSource {
  if (existsSync(path.join(root, "lambda", "index.ts"))) return { kind: "source", root };
  const dir = path.join(root, signerDistDir);
  if (existsSync(path.join(dir, signerManifestName))) return { kind: "prebuilt", ...readPrebuiltSigner(dir) };
  throw new SignerBundleError(
    "signer-missing",
    `livechat-aws: ${root} has neither the prebuilt signer (${signerDistDir}/${signerManifestName}) nor its sources (lambda/); reinstall the package.`,
  );
}

let located: { source: SignerSource; bundle: SignerBundle | Promise<SignerBundle> } | undefined;

/**
 * The signer bundle this program deploys, decided once per program run: the checked prebuilt
 * bytes, or a build from source. A prebuilt bundle that fails its check throws here, so the
 * TokenSigner constructor (and `pulumi preview`) fails before anything deploys.
 */
export function signerBundle(): SignerBundle | Promise<SignerBundle> {
  if (located === undefined) {
    const source = locateSigner();
    located = { source, bundle: source.kind === "prebuilt" ? source.bundle : buildSignerBundle(source.root) };
  }
  return located.bundle;
}

/**
 * The Lambda's code: the prebuilt bundle checked against its manifest (the published package), or
 * the same bytes built from lambda/ (a checkout). Throws at once when the prebuilt bundle fails its check.
 */
export function signerCode(): pulumi.Input<pulumi.asset.AssetArchive> {
  const archive = (code: string) =>
    new pulumi.asset.AssetArchive({ [signerFileName]: new pulumi.asset.StringAsset(code) });
  const bundle = signerBundle();
  return bundle instanceof Promise ? bundle.then((b) => archive(b.code)) : archive(bundle.code);
}
