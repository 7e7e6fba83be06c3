// npm start's key: generated once into .dev/secret.json (mode 0600) and reused, unless LIVECHAT_SECRET
// gives the widget's own.
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadDevSecret } from "../../dev/devSecret.ts";
import { parseSecret } from "../../lambda/secret/parseSecret.ts";
import { knownSecretText } from "../support/signerFixtures.ts";

const tempRoot = mkdtempSync(path.join(tmpdir(), "livechat-dev-"));
afterAll(() => rmSync(tempRoot, { recursive: true, force: true }));

describe("dev key", () => {
  it("is generated once into .dev/secret.json with mode 0600, then reused", () => {
    const first = loadDevSecret(tempRoot, {});
    expect(first.source).toBe("generated");
    const file = path.join(tempRoot, ".dev", "secret.json");
    expect(first.file).toBe(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(parseSecret(first.text).keyBytes.length).toBe(32);
    const second = loadDevSecret(tempRoot, {});
    expect(second).toEqual({ text: readFileSync(file, "utf8"), source: "file", file });
    expect(second.text).toBe(first.text);
  });

  it("prefers LIVECHAT_SECRET", () => {
    expect(loadDevSecret(tempRoot, { LIVECHAT_SECRET: knownSecretText })).toEqual({
      text: knownSecretText,
      source: "LIVECHAT_SECRET",
    });
  });
});
