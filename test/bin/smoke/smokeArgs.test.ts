// The smoke command's argument check: each way it refuses arguments is a SmokeUsageError with its
// own code (runSmoke turns every one into exit 2 and the usage text; test/bin/smoke.test.ts).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  parseSmokeArgs,
  SmokeUsageError,
  type SmokeUsageErrorCode,
  smokeUsageErrorCodes,
} from "../../../bin/smoke/smokeArgs.ts";
import { knownSecretText } from "../../support/signerFixtures.ts";

const dir = mkdtempSync(path.join(tmpdir(), "livechat-smoke-args-"));
const secretFile = path.join(dir, "secret.json");
writeFileSync(secretFile, knownSecretText);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const url = ["--url", "https://abc.lambda-url.eu-central-1.on.aws/"];

/** One refused argument list per code, and the start of its message. */
const refused: ReadonlyArray<readonly [SmokeUsageErrorCode, string[], string]> = [
  ["invalid-arguments", [...url, "--bogus"], "Unknown option '--bogus'"],
  ["missing-url", [], "--url is required"],
  ["invalid-number", [...url, "--timeout", "0"], '--timeout must be a whole number from 1 to 600000; got "0".'],
  [
    "conflicting-secrets",
    [...url, "--secret", knownSecretText, "--secret-file", secretFile],
    "Pass --secret or --secret-file",
  ],
  ["unreadable-secret-file", [...url, "--secret-file", path.join(dir, "absent.json")], "--secret-file: cannot read"],
  ["invalid-secret", [...url, "--secret", "not json"], "--secret: "],
];

describe("parseSmokeArgs", () => {
  it.each(refused)("%s: a SmokeUsageError with that code", (code, argv, message) => {
    let caught: unknown;
    try {
      parseSmokeArgs(argv, {});
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SmokeUsageError);
    expect(caught).toMatchObject({ name: "SmokeUsageError", code });
    expect((caught as Error).message.startsWith(message)).toBe(true);
  });

  it("every listed code is refused by some argument list above", () => {
    expect(refused.map(([code]) => code)).toEqual([...smokeUsageErrorCodes]);
  });

  it("reads --secret-file and --timeout when they are fine", () => {
    const options = parseSmokeArgs([...url, "--secret-file", secretFile, "--timeout", "500"], {});
    expect(options).toMatchObject({ url: url[1], timeoutMs: 500, secret: { id: 3 } });
  });
});
