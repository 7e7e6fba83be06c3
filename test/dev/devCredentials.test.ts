// npm start's IAM-mode credentials: generated once into .dev/credentials.json (mode 0600) and reused.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadDevCredentials } from "../../dev/devCredentials.ts";

const tempRoot = mkdtempSync(path.join(tmpdir(), "livechat-dev-"));
afterAll(() => rmSync(tempRoot, { recursive: true, force: true }));

describe("dev key", () => {
  it("dev credentials are generated once into .dev/credentials.json with mode 0600, then reused", () => {
    const first = loadDevCredentials(tempRoot);
    const file = path.join(tempRoot, ".dev", "credentials.json");
    expect([first.file, first.generated, first.accessKeyId, first.region]).toEqual([
      file,
      true,
      "AKIALIVECHATLOCALDEV",
      "local",
    ]);
    expect(first.secretAccessKey).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadDevCredentials(tempRoot)).toEqual({ ...first, generated: false });
  });
});
