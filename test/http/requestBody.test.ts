// A request body must be declared JSON, in the Lambda as in the runner: a POST without
// Content-Type (or with text/plain, a form type) is a CORS "simple" request that any web page can
// send cross-site without a preflight. Requests without a body need no Content-Type.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInfobipApiStandIn, type InfobipApiStandIn } from "../support/infobipApiStandIn.ts";
import { startOidcIssuerStandIn, type OidcIssuerStandIn } from "../support/oidcIssuerStandIn.ts";
import {
  apiKey,
  apiSecretName,
  baseEnv,
  type CapturedSigner,
  http,
  problemOf,
  type SecretsManagerPair,
  signerFromEnv,
  startSecretsManagerPair,
} from "../support/signerFromEnv.ts";

const person = { sub: "user-1", email: "ada@example.com", email_verified: true, sid: "own-session-7" };
const simpleTypes = [
  [undefined],
  ["text/plain"],
  ["text/plain; charset=utf-8"],
  ["application/x-www-form-urlencoded"],
  ["multipart/form-data; boundary=x"],
] as const;

let issuer: OidcIssuerStandIn;
let infobip: InfobipApiStandIn;
let secrets: SecretsManagerPair;
let iam: CapturedSigner;
let oidc: CapturedSigner;

beforeAll(async () => {
  issuer = await startOidcIssuerStandIn();
  infobip = await startInfobipApiStandIn();
  secrets = await startSecretsManagerPair(JSON.stringify({ apiKey, baseUrl: infobip.baseUrl }));
  iam = signerFromEnv(baseEnv(secrets.url, { LIVECHAT_INFOBIP_API_SECRET_ID: apiSecretName }), {
    invalidation: { timeoutMs: 250, retries: 0 },
  });
  oidc = signerFromEnv(
    baseEnv(secrets.url, {
      LIVECHAT_INFOBIP_API_SECRET_ID: apiSecretName,
      LIVECHAT_IDENTITY_ISSUER: issuer.issuer,
      LIVECHAT_IDENTITY_AUDIENCES: issuer.audience,
      LIVECHAT_IDENTITY_SESSION_CLAIM: "sid",
    }),
    { invalidation: { timeoutMs: 250, retries: 0 } },
  );
});

afterAll(async () => {
  await issuer.close();
  await infobip.close();
  await secrets.close();
});

const withType = (type: string | undefined): Record<string, string> =>
  type === undefined ? {} : { "content-type": type };

describe("IAM mode: POST /token", () => {
  it.each(simpleTypes)("refuses a body with Content-Type %j: 415, nothing signed", async (type) => {
    const response = await http(iam.signer, {
      method: "POST",
      headers: withType(type),
      body: '{"sub":"alice@example.com","stp":"email"}',
    });
    expect(response.statusCode).toBe(415);
    expect(response.headers["accept-post"]).toBe("application/json");
    const p = problemOf(response);
    expect(p.type).toBe("urn:livechat-aws:problem:unsupported-media-type");
    expect(p.detail).toContain("Content-Type: application/json");
  });

  it("accepts application/json with a charset", async () => {
    const response = await http(iam.signer, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
      body: '{"sub":"alice@example.com","stp":"email"}',
    });
    expect(response.statusCode).toBe(200);
  });
});

describe("OIDC mode: POST /token and DELETE /sessions/{sid}", () => {
  it.each(simpleTypes)("POST /token with a body and Content-Type %j: 415", async (type) => {
    const headers = { ...withType(type), "x-livechat-identity": await issuer.mint(person) };
    const response = await http(oidc.signer, { method: "POST", headers, body: '{"ttlSeconds":30}' });
    expect(response.statusCode).toBe(415);
    expect(problemOf(response).type).toBe("urn:livechat-aws:problem:unsupported-media-type");
  });

  it("POST /token without a body needs no Content-Type", async () => {
    const response = await http(oidc.signer, {
      method: "POST",
      headers: { "x-livechat-identity": await issuer.mint(person) },
    });
    expect(response.statusCode).toBe(200);
  });

  it.each(simpleTypes)(
    "DELETE /sessions/{sid} with a body and Content-Type %j: 415, Infobip not called",
    async (type) => {
      const before = infobip.requests().length;
      const headers = { ...withType(type), "x-livechat-identity": await issuer.mint(person) };
      const response = await http(oidc.signer, {
        method: "DELETE",
        path: "/sessions/own-session-7",
        headers,
        body: "x",
      });
      expect(response.statusCode).toBe(415);
      expect(infobip.requests().length).toBe(before);
    },
  );

  it("DELETE /sessions/{sid} without a body needs no Content-Type", async () => {
    infobip.script({ status: 204 });
    const response = await http(oidc.signer, {
      method: "DELETE",
      path: "/sessions/own-session-7",
      headers: { "x-livechat-identity": await issuer.mint(person) },
    });
    expect(response.statusCode).toBe(204);
  });

  it("IAM mode: DELETE with a text/plain body is refused too", async () => {
    const response = await http(iam.signer, {
      method: "DELETE",
      path: "/sessions/abc",
      headers: { "content-type": "text/plain" },
      body: "x",
    });
    expect(response.statusCode).toBe(415);
  });
});
