// The exported Lambda `handler` itself, configured from process.env as in Lambda, in OIDC mode
// with session invalidation: sign-in, logout of the own session, and everything it writes to
// the console (one JSON line per request, no secrets, no raw identifiers).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { FunctionUrlResponse } from "../../lambda/http/functionUrlEvent.ts";
import type { TokenResult } from "../../lambda/token/issueToken.ts";
import { startInfobipApiStandIn } from "../support/infobipApiStandIn.ts";
import type { InfobipApiStandIn } from "../support/infobipApiStandIn.ts";
import { startOidcIssuerStandIn } from "../support/oidcIssuerStandIn.ts";
import type { OidcIssuerStandIn } from "../support/oidcIssuerStandIn.ts";
import { knownSecret } from "../support/signerFixtures.ts";
import {
  apiKey,
  apiSecretName,
  baseEnv,
  httpEvent,
  type SecretsManagerPair,
  startSecretsManagerPair,
  verifiedClaims,
  widgetId,
} from "../support/signerFromEnv.ts";
import { captureOutput } from "../support/captureOutput.ts";

type Handler = (typeof import("../../lambda/index.ts"))["handler"];

/** A fresh copy of the Lambda module (its signer is a per-module singleton), run under `env`. */
async function freshHandler(env: Record<string, string>): Promise<Handler> {
  for (const name of Object.keys(process.env))
    if (name.startsWith("LIVECHAT_") || name.startsWith("AWS_")) delete process.env[name];
  Object.assign(process.env, env);
  vi.resetModules();
  return (await import("../../lambda/index.ts")).handler;
}

const savedEnv = { ...process.env };
const person = { sub: "user-1", email: "grace@example.com", email_verified: true, sid: "grace-session-1" };

let issuer: OidcIssuerStandIn;
let infobip: InfobipApiStandIn;
let secrets: SecretsManagerPair;

beforeAll(async () => {
  issuer = await startOidcIssuerStandIn({ initialAlgs: ["ES256"] });
  infobip = await startInfobipApiStandIn();
  secrets = await startSecretsManagerPair(JSON.stringify({ apiKey, baseUrl: infobip.baseUrl }));
});

afterAll(async () => {
  for (const name of Object.keys(process.env)) if (!(name in savedEnv)) delete process.env[name];
  Object.assign(process.env, savedEnv);
  await issuer.close();
  await infobip.close();
  await secrets.close();
});

describe("handler (process.env, console logs)", () => {
  it("signs in with an ID token and ends its own session; logs one line per request with hashes only", async () => {
    const handler = await freshHandler(
      baseEnv(secrets.url, {
        LIVECHAT_IDENTITY_ISSUER: issuer.issuer,
        LIVECHAT_IDENTITY_AUDIENCES: issuer.audience,
        LIVECHAT_IDENTITY_SESSION_CLAIM: "sid",
        LIVECHAT_ALLOWED_ORIGINS: "https://www.shop.example",
        LIVECHAT_INFOBIP_API_SECRET_ID: apiSecretName,
      }),
    );
    const idToken = await issuer.mint(person);
    const headers = { origin: "https://www.shop.example", "x-livechat-identity": idToken };
    let token: FunctionUrlResponse | undefined;
    let logout: FunctionUrlResponse | undefined;
    let stolen: FunctionUrlResponse | undefined;
    const output = await captureOutput(async () => {
      token = (await handler(httpEvent({ query: "ttlSeconds=20", headers }), {
        awsRequestId: "aws-req-1",
      })) as FunctionUrlResponse;
      logout = (await handler(httpEvent({ method: "DELETE", path: "/sessions/grace-session-1", headers }), {
        awsRequestId: "aws-req-2",
      })) as FunctionUrlResponse;
      stolen = (await handler(httpEvent({ method: "DELETE", path: "/sessions/someone-else", headers }), {
        awsRequestId: "aws-req-3",
      })) as FunctionUrlResponse;
    });

    expect(token?.statusCode).toBe(200);
    expect(token?.headers["access-control-allow-origin"]).toBe("https://www.shop.example");
    const claims = verifiedClaims((JSON.parse(token?.body ?? "{}") as TokenResult).token);
    expect(claims).toMatchObject({
      sub: "grace@example.com",
      stp: "email",
      sid: "grace-session-1",
      iss: widgetId,
      ski: knownSecret.id,
    });
    expect((claims["exp"] as number) - (claims["iat"] as number)).toBe(20);
    expect(logout?.statusCode).toBe(204);
    expect(stolen?.statusCode).toBe(403);
    expect(infobip.requests().map((r) => `${r.method} ${r.path} ${r.authorization ?? ""}`)).toEqual([
      `DELETE /livechat/1/widgets/${widgetId}/sessions/grace-session-1 App ${apiKey}`,
    ]);

    const text = output.join("\n");
    for (const secret of [apiKey, idToken, knownSecret.key, "grace@example.com", "grace-session-1", "someone-else"])
      expect(text).not.toContain(secret);
    const lines = output.map((line) => JSON.parse(line) as Record<string, unknown>);
    const perRequest = lines.filter((l) =>
      ["token.issued", "session.ended", "request.rejected"].includes(String(l["event"])),
    );
    expect(perRequest.map((l) => [l["requestId"], l["event"]])).toEqual([
      ["aws-req-1", "token.issued"],
      ["aws-req-2", "session.ended"],
      ["aws-req-3", "request.rejected"],
    ]);
    expect(
      lines.filter((l) => l["event"] === "secret.loaded" || l["event"] === "apiSecret.loaded").map((l) => l["event"]),
    ).toEqual(["secret.loaded", "apiSecret.loaded"]);
  });

  it("a half-configured OIDC mode fails closed: 500 to the caller, the variable and fix in the log", async () => {
    const handler = await freshHandler(baseEnv(secrets.url, { LIVECHAT_IDENTITY_AUDIENCES: issuer.audience }));
    let response: FunctionUrlResponse | undefined;
    const output = await captureOutput(async () => {
      response = (await handler(
        httpEvent({ method: "POST", body: '{"sub":"mallory@example.com","stp":"email"}' }),
      )) as FunctionUrlResponse;
    });
    expect(response?.statusCode).toBe(500);
    expect(response?.body).not.toContain("LIVECHAT");
    const logged = JSON.parse(output[0] ?? "{}") as Record<string, unknown>;
    expect(logged).toMatchObject({ level: "error", event: "config.invalid" });
    expect(String(logged["errorMessage"])).toContain(
      "LIVECHAT_IDENTITY_AUDIENCES is set but LIVECHAT_IDENTITY_ISSUER is not",
    );
  });
});
