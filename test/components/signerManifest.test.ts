// The manifest beside the prebuilt signer (components/signerManifest.ts): what it accepts, and the
// SignerBundleError it throws otherwise, with a stable code and the field at fault as data.
import { describe, expect, test } from "vitest";
import { parseSignerManifest, SignerBundleError } from "../../components/signerManifest.ts";
import { thrown } from "./thrown.ts";

const good = {
  file: "index.mjs",
  handler: "index.handler",
  runtime: "nodejs24.x",
  bytes: 1234,
  sha256: "a".repeat(64),
  esbuild: "0.28.2",
  bundled: { jose: "6.2.17" },
};

function refusal(text: string): { name: string; code: string; field: string | undefined; message: string } {
  const { name, code, field, message } = thrown(SignerBundleError, () =>
    parseSignerManifest(text, "dist/signer/manifest.json"),
  );
  return { name, code, field, message };
}

describe("parseSignerManifest", () => {
  test("accepts a manifest with every field right", () => {
    expect(parseSignerManifest(JSON.stringify(good), "m")).toEqual(good);
  });

  test("not JSON, or not an object: the root is at fault", () => {
    expect(refusal("{")).toEqual({
      name: "SignerBundleError",
      code: "manifest-invalid",
      field: "(root)",
      message: "livechat-aws: dist/signer/manifest.json is not JSON; reinstall the package.",
    });
    expect(refusal("[]")).toMatchObject({ code: "manifest-invalid", field: "(root)" });
  });

  test("each wrong field is named, in the message and as data", () => {
    const wrong: [string, unknown, string][] = [
      ["file", "main.js", '"index.mjs"'],
      ["handler", "index.main", '"index.handler"'],
      ["runtime", "nodejs22.x", '"nodejs24.x"'],
      ["bytes", 0, "a positive integer"],
      ["sha256", "ABC", "64 lower-case hex digits"],
      ["esbuild", 28, "a version"],
      ["bundled", { jose: 6 }, "an object of name → version"],
    ];
    for (const [field, value, expected] of wrong) {
      expect(refusal(JSON.stringify({ ...good, [field]: value })), field).toEqual({
        name: "SignerBundleError",
        code: "manifest-invalid",
        field,
        message: `livechat-aws: dist/signer/manifest.json has no valid "${field}" (expected ${expected}); reinstall the package.`,
      });
    }
  });
});
