// Which signer bytes a TokenSigner deploys: the prebuilt bundle checked against its manifest, or a
// build from lambda/ — and what goes into that build is pinned exactly, so both paths agree.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { buildSignerBundle, packageRoot, type BuiltSignerBundle } from "../../components/signerBundle.ts";
import { locateSigner, readPrebuiltSigner } from "../../components/signerCode.ts";
import { SignerBundleError } from "../../components/signerManifest.ts";
import { thrown } from "./thrown.ts";

const root = packageRoot();
const work = mkdtempSync(path.join(tmpdir(), "livechat-signer-code-"));
let built: BuiltSignerBundle;

/** A package root holding only what the published tarball holds for the signer. */
function publishedRoot(name: string, code: string, manifest: unknown): string {
  const dir = path.join(work, name);
  mkdirSync(path.join(dir, "dist", "signer"), { recursive: true });
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "livechat-aws" }));
  writeFileSync(path.join(dir, "dist", "signer", "index.mjs"), code);
  writeFileSync(path.join(dir, "dist", "signer", "manifest.json"), JSON.stringify(manifest));
  return dir;
}

beforeAll(async () => {
  built = await buildSignerBundle();
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("what goes into the signer is pinned", () => {
  test("the bundled libraries and esbuild are exact versions in package.json, and the manifest names them", () => {
    const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
      dependencies?: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    const pinned = { ...manifest.devDependencies, ...manifest.dependencies };
    for (const [name, version] of Object.entries(built.manifest.bundled)) expect(pinned[name], name).toBe(version);
    expect(pinned["esbuild"]).toBe(built.manifest.esbuild);
    expect(Object.keys(built.manifest.bundled)).toEqual(["aws4fetch", "jose"]);
    expect(built.manifest).toMatchObject({
      file: "index.mjs",
      handler: "index.handler",
      runtime: "nodejs24.x",
      sha256: built.sha256,
    });
    expect(built.manifest.bytes).toBe(Buffer.byteLength(built.code));
  });
});

describe("locateSigner", () => {
  test("a checkout (lambda/ present) builds from source", () => {
    expect(locateSigner(root)).toEqual({ kind: "source", root });
  });

  test("the published layout deploys the prebuilt bytes when they match the manifest", () => {
    const dir = publishedRoot("good", built.code, built.manifest);
    const located = locateSigner(dir);
    expect(located.kind).toBe("prebuilt");
    expect(located.kind === "prebuilt" && located.bundle).toEqual({ code: built.code, sha256: built.sha256 });
  });

  test("a bundle changed after packing is refused, naming both hashes", () => {
    const dir = publishedRoot("tampered", `${built.code}\n// changed`, built.manifest);
    const error = thrown(SignerBundleError, () => locateSigner(dir));
    expect(error.code).toBe("bundle-mismatch");
    const message = error.message;
    expect(message).toContain(`says ${built.sha256}`);
    expect(message).toMatch(/its sha256 is ([0-9a-f]{64}) but/);
    expect(message.match(/its sha256 is ([0-9a-f]{64})/)?.[1]).not.toBe(built.sha256);
  });

  test("a malformed manifest names the field; neither bundle nor sources names both places", () => {
    expect(() =>
      readPrebuiltSigner(
        path.join(publishedRoot("bad-sha", built.code, { ...built.manifest, sha256: "abc" }), "dist", "signer"),
      ),
    ).toThrow(/has no valid "sha256" \(expected 64 lower-case hex digits\)/);
    expect(() =>
      readPrebuiltSigner(path.join(publishedRoot("empty-manifest", built.code, {}), "dist", "signer")),
    ).toThrow(/has no valid "file"/);
    const empty = path.join(work, "empty");
    cpSync(path.join(work, "good", "package.json"), path.join(empty, "package.json"), { recursive: true });
    expect(() => locateSigner(empty)).toThrow(
      /has neither the prebuilt signer \(dist\/signer\/manifest\.json\) nor its sources \(lambda\/\)/,
    );
  });

  test("each refusal carries its code: a missing bundle, a package with neither path", () => {
    const codeOf = (fn: () => unknown) => {
      const { code, field } = thrown(SignerBundleError, fn);
      return { code, field };
    };
    const missing = publishedRoot("missing-bundle", built.code, built.manifest);
    rmSync(path.join(missing, "dist", "signer", "index.mjs"));
    expect(codeOf(() => locateSigner(missing))).toEqual({ code: "bundle-missing", field: undefined });
    expect(
      codeOf(() => readPrebuiltSigner(path.join(publishedRoot("bad-file", built.code, {}), "dist", "signer"))),
    ).toEqual({
      code: "manifest-invalid",
      field: "file",
    });
    const neither = path.join(work, "neither");
    mkdirSync(neither, { recursive: true });
    writeFileSync(path.join(neither, "package.json"), JSON.stringify({ name: "livechat-aws" }));
    expect(codeOf(() => locateSigner(neither))).toEqual({ code: "signer-missing", field: undefined });
  });
});
