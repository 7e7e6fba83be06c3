// examples/backend/python/get_token.py, run by a python3 with botocore against the SigV4-checking
// stand-in: it mints a token that verifies, with long-term and temporary credentials, and a wrong
// secret key is refused with AWS's 403.
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  backendRoleSession,
  backendUser,
  type FunctionUrlStandIn,
  startFunctionUrlStandIn,
  verifiedClaims,
} from "../support/functionUrlStandIn.ts";
import { tokenSettings } from "../support/signerFixtures.ts";
import { runProcess } from "../support/runProcess.ts";
import { recipeEnv } from "./recipeRunner.ts";

const recipe = fileURLToPath(new URL("../../examples/backend/python/get_token.py", import.meta.url));

/** Debian's python3-botocore serves /usr/bin/python3; a pyenv python3 first on PATH may lack it. */
async function pythonWithBotocore(): Promise<string | undefined> {
  for (const candidate of ["/usr/bin/python3", "python3"]) {
    if ((await runProcess(candidate, ["-c", "import botocore"], { PATH: process.env["PATH"] ?? "" })).code === 0)
      return candidate;
  }
  return undefined;
}

const python = await pythonWithBotocore();
const inCi = process.env["CI"] === "true";
if (python === undefined && !inCi)
  console.warn("test/examples/python.test.ts skipped: no python3 with botocore (apt-get install python3-botocore)");

describe.runIf(python === undefined && inCi)("python recipe in CI", () => {
  it("needs a python3 with botocore (apt-get install python3-botocore)", () => {
    expect(python, "no python3 with botocore on this CI machine").toBeDefined();
  });
});

describe.runIf(python !== undefined)("examples/backend/python/get_token.py", () => {
  let standIn: FunctionUrlStandIn;
  beforeAll(async () => {
    standIn = await startFunctionUrlStandIn();
  });
  afterAll(() => standIn.close());

  it("prints the signer's JSON with a token that verifies (long-term key)", async () => {
    const run = await runProcess(
      python ?? "",
      [recipe, standIn.url, "alice@example.com", "email"],
      recipeEnv(backendUser, standIn.region),
    );
    expect([run.code, run.stderr]).toEqual([0, ""]);
    const answer = JSON.parse(run.stdout) as { token: string; jti: string };
    expect(verifiedClaims(answer.token)).toMatchObject({
      sub: "alice@example.com",
      stp: "email",
      iss: tokenSettings.widgetId,
      jti: answer.jti,
    });
    expect(standIn.requests.at(-1)).toMatchObject({
      method: "POST",
      path: "/token",
      contentType: "application/json",
      admitted: true,
      status: 200,
    });
  });

  it("signs the session token of temporary credentials", async () => {
    const run = await runProcess(
      python ?? "",
      [recipe, standIn.url, "+385911234567", "msisdn"],
      recipeEnv(backendRoleSession, standIn.region),
    );
    expect(run.code).toBe(0);
    expect(verifiedClaims((JSON.parse(run.stdout) as { token: string }).token)).toMatchObject({
      sub: "+385911234567",
      stp: "msisdn",
    });
  });

  it("is refused with 403 when signed with a wrong secret key", async () => {
    const run = await runProcess(
      python ?? "",
      [recipe, standIn.url, "alice@example.com", "email"],
      recipeEnv({ ...backendUser, secretAccessKey: "x".repeat(40) }, standIn.region),
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^HTTP 403: \{"Message":"Forbidden\./);
    expect(standIn.requests.at(-1)?.reason).toBe(
      "the signature does not match (wrong secret access key, or the request changed after signing)",
    );
  });

  it("needs a region for a URL that carries none", async () => {
    const { LIVECHAT_SIGNER_REGION: _, ...env } = recipeEnv(backendUser, standIn.region);
    const run = await runProcess(python ?? "", [recipe, standIn.url, "alice@example.com", "email"], env);
    expect([run.code, run.stderr.trim()]).toEqual([
      2,
      "get_token.py: 127.0.0.1 is not a Function URL host (<id>.lambda-url.<region>.on.aws): set LIVECHAT_SIGNER_REGION",
    ]);
  });
});
