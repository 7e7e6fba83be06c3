// examples/backend/curl/get-token.sh (curl's own --aws-sigv4) against the SigV4-checking stand-in:
// it mints a token that verifies, with long-term and temporary credentials, and a wrong secret key
// is refused with AWS's 403. The credentials never appear on curl's command line.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  backendRoleSession,
  backendUser,
  type FunctionUrlStandIn,
  startFunctionUrlStandIn,
  verifiedClaims,
} from "../support/functionUrlStandIn.ts";
import { runProcess } from "../support/runProcess.ts";
import { recipeEnv } from "./recipeRunner.ts";

const recipe = fileURLToPath(new URL("../../examples/backend/curl/get-token.sh", import.meta.url));

let standIn: FunctionUrlStandIn;
beforeAll(async () => {
  standIn = await startFunctionUrlStandIn();
});
afterAll(() => standIn.close());

describe("examples/backend/curl/get-token.sh", () => {
  it("prints the signer's JSON with a token that verifies (long-term key)", async () => {
    const run = await runProcess(
      recipe,
      [standIn.url, "alice@example.com", "email"],
      recipeEnv(backendUser, standIn.region),
    );
    expect([run.code, run.stderr]).toEqual([0, ""]);
    const answer = JSON.parse(run.stdout) as { token: string; jti: string };
    expect(verifiedClaims(answer.token)).toMatchObject({ sub: "alice@example.com", stp: "email", jti: answer.jti });
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
      recipe,
      [standIn.url, "customer-42", "externalPersonId"],
      recipeEnv(backendRoleSession, standIn.region),
    );
    expect(run.code).toBe(0);
    expect(verifiedClaims((JSON.parse(run.stdout) as { token: string }).token)).toMatchObject({
      sub: "customer-42",
      stp: "externalPersonId",
    });
  });

  it("is refused with 403 when signed with a wrong secret key", async () => {
    const run = await runProcess(
      recipe,
      [standIn.url, "alice@example.com", "email"],
      recipeEnv({ ...backendUser, secretAccessKey: "x".repeat(40) }, standIn.region),
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^HTTP 403: \{"Message":"Forbidden\./);
    expect(standIn.requests.at(-1)?.reason).toBe(
      "the signature does not match (wrong secret access key, or the request changed after signing)",
    );
  });

  it("sends a sub with quotes and backslashes as valid JSON (the signer judges it)", async () => {
    const run = await runProcess(
      recipe,
      [standIn.url, 'a"b\\c', "externalPersonId"],
      recipeEnv(backendUser, standIn.region),
    );
    expect(run.code).toBe(0);
    expect(verifiedClaims((JSON.parse(run.stdout) as { token: string }).token)).toMatchObject({ sub: 'a"b\\c' });
  });

  it("passes the credentials to curl on standard input, not as arguments", () => {
    const script = readFileSync(recipe, "utf8");
    expect(script).toContain("--config -");
    expect(script).not.toMatch(/--user\s/);
  });
});
