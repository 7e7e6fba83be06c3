// `livechat-aws smoke` against the SigV4-checking stand-in (every outcome and its exit code) and
// against the local runner npm start serves (in process, and once through the real bin script).
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runSmoke } from "../../bin/smoke/runSmoke.ts";
import type { DevServer } from "../../dev/server.ts";
import { startTestDevServer } from "../support/devServer.ts";
import { runProcess } from "../support/runProcess.ts";
import {
  backendRoleSession,
  backendUser,
  type FunctionUrlStandIn,
  startFunctionUrlStandIn,
} from "../support/functionUrlStandIn.ts";
import { knownSecretText, otherSecretText, tokenSettings } from "../support/signerFixtures.ts";

let standIn: FunctionUrlStandIn;
let runner: DevServer;
beforeAll(async () => {
  standIn = await startFunctionUrlStandIn();
  runner = await startTestDevServer({ widgetId: tokenSettings.widgetId });
});
afterAll(async () => {
  await standIn.close();
  await runner.close();
});

const envOf = (
  principal: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
  region?: string,
) => ({
  AWS_ACCESS_KEY_ID: principal.accessKeyId,
  AWS_SECRET_ACCESS_KEY: principal.secretAccessKey,
  ...(principal.sessionToken === undefined ? {} : { AWS_SESSION_TOKEN: principal.sessionToken }),
  ...(region === undefined ? {} : { LIVECHAT_SIGNER_REGION: region }),
});

function smoke(args: string[], env: Record<string, string> = envOf(backendUser, standIn.region)) {
  return runSmoke(["--url", standIn.url, ...args], env);
}

describe("livechat-aws smoke against the stand-in", () => {
  it("passes with every check when given the stack's widget ID, TTL and key (exit 0)", async () => {
    const result = await smoke(
      ["--widget-id", tokenSettings.widgetId, "--ttl", "15", "--secret", knownSecretText],
      envOf(backendRoleSession, standIn.region),
    );
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^livechat-aws smoke: POST http:\/\/127\.0\.0\.1:\d+\/token signed as ASIA…7WML$/);
    expect(lines.slice(3, -1).map((l) => l.slice(2, 17))).toEqual(
      ["header", "iss", "stp", "sub", "sid", "jti", "ski", "exp − iat", "iat", "expiresAt", "signature"].map(
        (name) => `${name.padEnd(10)} ok  `,
      ),
    );
    expect(lines.at(-1)).toBe("PASS (exit 0): the signer minted a token that passed every check.");
    expect(result.stdout).not.toContain(JSON.parse(knownSecretText).key);
    expect(result.stdout).not.toMatch(/eyJ[\w-]+\.eyJ/);
  });

  it("says what it could not check without the options", async () => {
    const result = await smoke([]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("not checked: iss, ski, signature.");
  });

  it.each([
    ["a wrong secret access key", { ...backendUser, secretAccessKey: "x".repeat(40) }, undefined],
    ["credentials of another region's scope", backendUser, "us-east-1"],
  ] as const)("%s → exit 3", async (_, principal, region) => {
    const result = await smoke([], envOf(principal, region ?? standIn.region));
    expect(result.code).toBe(3);
    expect(result.stdout).toContain("FAIL (exit 3, accessDenied)");
  });

  it("a signer error → exit 4, with the problem's detail", async () => {
    const problem = {
      type: "urn:livechat-aws:problem:key-unavailable",
      title: "Signing key unavailable",
      status: 503,
      detail: "The signing key is temporarily unavailable; try again shortly.",
    };
    const answer = {
      status: 503,
      headers: { "content-type": "application/problem+json" },
      body: JSON.stringify(problem),
    };
    standIn.script(answer, answer);
    const result = await smoke([]);
    expect(result.code).toBe(4);
    expect(result.stdout).toContain(
      "The signer answered 503 Signing key unavailable: The signing key is temporarily unavailable; try again shortly.",
    );
  });

  it("another widget ID or TTL → exit 5, naming the claims", async () => {
    const result = await smoke(["--widget-id", "another-widget", "--ttl", "60"]);
    expect(result.code).toBe(5);
    expect(result.stdout).toContain(
      `  iss        FAIL "${tokenSettings.widgetId}", expected "another-widget" (--widget-id)`,
    );
    expect(result.stdout).toContain("  exp − iat  FAIL 15 s, expected 60 s (--ttl)");
    expect(result.stdout.trim().split("\n").at(-1)).toBe(
      "FAIL (exit 5, tokenMismatch): the token's iss, stp, sub, sid, jti, ski or exp − iat is not what was expected (iss, exp − iat).",
    );
  });

  it("another key → exit 6 (the signature), and the other id shows as a mismatch too", async () => {
    const result = await smoke(["--secret", otherSecretText]);
    expect(result.code).toBe(6);
    expect(result.stdout).toContain("  signature  FAIL does not verify with --secret's key");
    expect(result.stdout).toContain('  ski        FAIL 3, expected "rotated-4" (--secret\'s id)');
    expect(result.stdout).not.toContain(JSON.parse(otherSecretText).key);
  });

  it("no answer in time → exit 7", async () => {
    standIn.script("hang", "hang");
    const result = await smoke(["--timeout", "200"]);
    expect(result.code).toBe(7);
    expect(result.stdout).toMatch(/The signer at 127\.0\.0\.1:\d+ gave no complete answer within 200 ms\./);
  });

  it.each([
    [[], "--url is required"],
    [["--url", "http://127.0.0.1:1/", "--ttl", "5"], "--ttl must be a whole number from 10 to 86400"],
    [
      ["--url", "http://127.0.0.1:1/", "--secret", '{"id":3,"key":"c2hvcnQ="}'],
      '--secret: The secret\'s "key" decodes to 5 bytes; HS256 needs at least 32',
    ],
    [["--url", "http://127.0.0.1:1/", "--bogus"], "Unknown option '--bogus'"],
    [["--url", "http://example.com/"], "url must use https"],
  ])("usage errors → exit 2: %j", async (argv, message) => {
    const result = await runSmoke(argv, envOf(backendUser, "eu-central-1"));
    expect([result.code, result.stdout]).toEqual([2, ""]);
    expect(result.stderr).toContain(message);
  });

  it("no credentials → exit 2, naming the variables", async () => {
    const result = await smoke([], { LIVECHAT_SIGNER_REGION: standIn.region });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("No AWS credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set.");
  });
});

describe("livechat-aws smoke against npm start's runner", () => {
  it("passes with the runner's dev credentials and region (exit 0)", async () => {
    const credentials = runner.credentials ?? { accessKeyId: "", secretAccessKey: "", region: "" };
    const result = await runSmoke(
      ["--url", runner.url, "--secret", knownSecretText, "--widget-id", tokenSettings.widgetId, "--ttl", "15"],
      envOf(credentials, credentials.region),
    );
    expect([result.code, result.stdout.trim().split("\n").at(-1)]).toEqual([
      0,
      "PASS (exit 0): the signer minted a token that passed every check.",
    ]);
  });

  it("runs as the bin script, with the exit code of the outcome", async () => {
    const credentials = runner.credentials ?? { accessKeyId: "", secretAccessKey: "", region: "" };
    const bin = fileURLToPath(new URL("../../bin/livechat-aws.ts", import.meta.url));
    const run = (env: Record<string, string>) =>
      runProcess(process.execPath, [bin, "smoke", "--url", runner.url], { PATH: process.env["PATH"] ?? "", ...env });
    const [ok, refused] = await Promise.all([
      run(envOf(credentials, credentials.region)),
      run(envOf({ ...credentials, secretAccessKey: "y".repeat(40) }, credentials.region)),
    ]);
    expect([ok.code, ok.stdout.trim().split("\n").at(-1)]).toEqual([
      0,
      "PASS (exit 0): the signer minted a token that passed every check; not checked: iss, ski, signature.",
    ]);
    expect(refused.code).toBe(3);
  });
});
