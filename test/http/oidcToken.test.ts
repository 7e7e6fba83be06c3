// OIDC identity mode end to end: configuration from the environment, the site's ID token from
// a local issuer, the signing key from a local Secrets Manager, through the HTTP layer.
import { exportSPKI } from "jose";
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from "vitest";
import type { TokenResult } from "../../lambda/token/issueToken.ts";
import { startOidcIssuerStandIn } from "../support/oidcIssuerStandIn.ts";
import type { OidcIssuerStandIn } from "../support/oidcIssuerStandIn.ts";
import {
  type CapturedSigner,
  baseEnv,
  http,
  problemOf,
  type SecretsManagerPair,
  signerFromEnv,
  startSecretsManagerPair,
  verifiedClaims,
  widgetId,
} from "../support/signerFromEnv.ts";

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString("base64url");
const nowSeconds = (): number => Math.floor(Date.now() / 1000);
const person = { sub: "user-1", email: "ada@example.com", email_verified: true, sid: "chat-session-1" };

let issuer: OidcIssuerStandIn;
let secrets: SecretsManagerPair;
let oidc: CapturedSigner;
let oidcEnv: Record<string, string>;

beforeAll(async () => {
  issuer = await startOidcIssuerStandIn();
  secrets = await startSecretsManagerPair('{"apiKey":"unused-in-this-file-0123","baseUrl":"http://127.0.0.1:9"}');
  oidcEnv = baseEnv(secrets.url, {
    LIVECHAT_IDENTITY_ISSUER: issuer.issuer,
    LIVECHAT_IDENTITY_AUDIENCES: `another-client, ${issuer.audience}`,
    LIVECHAT_IDENTITY_SESSION_CLAIM: "sid",
    LIVECHAT_MAX_TOKEN_TTL_SECONDS: "120",
  });
  oidc = signerFromEnv(oidcEnv);
  // Warm the JWKS cache so the attacks below are judged on the token alone.
  expect((await http(oidc.signer, { headers: { "x-livechat-identity": await issuer.mint(person) } })).statusCode).toBe(
    200,
  );
});

afterAll(async () => {
  await issuer.close();
  await secrets.close();
});

describe("token issuance from a verified ID token", () => {
  it("GET /token with the identity header → 200 with sub, stp, sid from the token, signed with the Secrets Manager key", async () => {
    const response = await http(oidc.signer, { headers: { "x-livechat-identity": await issuer.mint(person) } });
    expect(response.statusCode).toBe(200);
    expect(response.headers).toEqual({
      "content-type": "application/json",
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    });
    const body = JSON.parse(response.body) as TokenResult;
    expect(body.sid).toBe("chat-session-1");
    const claims = verifiedClaims(body.token);
    expect(claims).toMatchObject({
      sub: "ada@example.com",
      stp: "email",
      sid: "chat-session-1",
      iss: widgetId,
      ski: 3,
      jti: body.jti,
    });
    expect((claims["exp"] as number) - (claims["iat"] as number)).toBe(15);
  });

  it("needs no IAM caller: on a public (auth NONE) URL Lambda sends authorizer null, and the ID token authenticates", async () => {
    const response = await http(oidc.signer, {
      authorizer: null,
      headers: { "x-livechat-identity": await issuer.mint(person) },
    });
    expect(response.statusCode).toBe(200);
    expect(verifiedClaims((JSON.parse(response.body) as TokenResult).token)).toMatchObject({
      sub: "ada@example.com",
      stp: "email",
    });
    const anonymous = problemOf(await http(oidc.signer, { authorizer: null }));
    expect(anonymous).toMatchObject({ status: 401, type: "urn:livechat-aws:problem:invalid-identity" });
  });

  it("GET /token?ttlSeconds=N and POST /token {ttlSeconds} choose the TTL; Authorization: Bearer works too", async () => {
    const idToken = await issuer.mint(person);
    const viaQuery = await http(oidc.signer, {
      query: "ttlSeconds=90",
      headers: { authorization: `Bearer ${idToken}` },
    });
    expect(viaQuery.statusCode).toBe(200);
    const q = verifiedClaims((JSON.parse(viaQuery.body) as TokenResult).token);
    expect((q["exp"] as number) - (q["iat"] as number)).toBe(90);
    const viaBody = await http(oidc.signer, {
      method: "POST",
      body: '{"ttlSeconds":30}',
      headers: { "content-type": "application/json", "x-livechat-identity": idToken },
    });
    expect(viaBody.statusCode).toBe(200);
    const b = verifiedClaims((JSON.parse(viaBody.body) as TokenResult).token);
    expect((b["exp"] as number) - (b["iat"] as number)).toBe(30);
    const emptyPost = await http(oidc.signer, { method: "POST", headers: { "x-livechat-identity": idToken } });
    expect(verifiedClaims((JSON.parse(emptyPost.body) as TokenResult).token)["sub"]).toBe("ada@example.com");
  });

  it.each([
    ["query sub", { query: "sub=mallory%40example.com" }, ["sub"]],
    ["query stp and sid", { query: "stp=msisdn&sid=other" }, ["stp", "sid"]],
    [
      "body sub/stp",
      { method: "POST", body: '{"sub":"mallory@example.com","stp":"email","ttlSeconds":30}' },
      ["sub", "stp"],
    ],
    ["body sid", { method: "POST", body: '{"sid":"someone-elses-session"}' }, ["sid"]],
  ])("refuses to let the request choose the identity: %s → 400 per field", async (_name, init, fields) => {
    const response = await http(oidc.signer, {
      ...init,
      headers: { "content-type": "application/json", "x-livechat-identity": await issuer.mint(person) },
    });
    expect(response.statusCode).toBe(400);
    const p = problemOf(response);
    expect(p.type).toBe("urn:livechat-aws:problem:invalid-request");
    expect(p.errors?.map((e) => e.field)).toEqual(fields);
    for (const error of p.errors ?? []) expect(error.message).toContain("comes only from the verified ID token");
    expect(response.body).not.toContain("mallory");
  });

  it("refuses unknown query parameters, a repeated or out-of-range ttlSeconds, a GET body and a non-object POST body", async () => {
    const headers = { "x-livechat-identity": await issuer.mint(person) };
    expect(problemOf(await http(oidc.signer, { query: "cb=1", headers })).errors).toEqual([
      { field: "cb", message: "Unknown query parameter: only ttlSeconds is accepted." },
    ]);
    expect(
      problemOf(await http(oidc.signer, { query: "ttlSeconds=20&ttlSeconds=30", headers })).errors?.[0]?.field,
    ).toBe("ttlSeconds");
    const tooLong = problemOf(await http(oidc.signer, { query: "ttlSeconds=121", headers }));
    expect(tooLong.errors?.map((e) => e.field)).toEqual(["ttlSeconds"]);
    expect(tooLong.errors?.[0]?.message).toMatch(
      /^ttlSeconds is 121; this signer allows at most 120 \(10–120\)\. The deployment sets that maximum: /,
    );
    expect(problemOf(await http(oidc.signer, { query: "ttlSeconds=abc", headers })).errors?.[0]?.message).toContain(
      "whole number",
    );
    expect(problemOf(await http(oidc.signer, { body: "{}", headers })).status).toBe(400);
    const asJson = { ...headers, "content-type": "application/json" };
    expect(problemOf(await http(oidc.signer, { method: "POST", body: "[1]", headers: asJson })).status).toBe(400);
    expect(problemOf(await http(oidc.signer, { method: "POST", body: "{", headers: asJson })).type).toBe(
      "urn:livechat-aws:problem:invalid-json",
    );
    expect(
      (await http(oidc.signer, { method: "POST", body: "{}", headers: { ...headers, "content-type": "text/plain" } }))
        .statusCode,
    ).toBe(415);
  });

  it("answers 405 with Allow: GET, POST, OPTIONS for other methods, and 404 naming the routes elsewhere", async () => {
    const response = await http(oidc.signer, { method: "PUT" });
    expect(response.statusCode).toBe(405);
    expect(response.headers["allow"]).toBe("GET, POST, OPTIONS");
    expect(problemOf(await http(oidc.signer, { path: "/tokens" })).detail).toBe(
      "No route matches this path. Routes here: GET or POST /token, DELETE /sessions/{sid} (not configured: needs the Infobip API secret).",
    );
  });

  it("refuses a direct invoke that names an identity: in OIDC mode only an ID token can", async () => {
    const result = await oidc.signer.handle({ sub: "mallory@example.com", stp: "email" });
    expect(result).toMatchObject({ status: 400, type: "urn:livechat-aws:problem:invalid-request" });
    expect("token" in result).toBe(false);
  });
});

describe("every identity attack through the HTTP layer → 401 with the code", () => {
  type Attack = readonly [name: string, token: () => Promise<string>, code: string];
  const now = nowSeconds();
  const attacks: Attack[] = [
    [
      "alg none",
      async () =>
        `${b64url({ alg: "none", typ: "JWT" })}.${b64url({ ...person, iss: issuer.issuer, aud: issuer.audience, iat: now, exp: now + 600 })}.`,
      "alg_not_allowed",
    ],
    [
      "HS256 signed with the issuer's public key",
      async () => {
        const rsa = issuer.keys()[0];
        if (!rsa) throw new Error("no key");
        return issuer.mint(person, {
          alg: "HS256",
          kid: rsa.kid,
          key: new TextEncoder().encode(await exportSPKI(rsa.publicKey)),
        });
      },
      "alg_not_allowed",
    ],
    ["wrong iss", () => issuer.mint({ ...person, iss: "https://evil.example.com" }), "issuer_mismatch"],
    ["wrong aud", () => issuer.mint({ ...person, aud: "someone-elses-client" }), "audience_mismatch"],
    ["expired", () => issuer.mint({ ...person, iat: now - 700, exp: now - 100 }), "expired"],
    ["nbf in the future", () => issuer.mint({ ...person, nbf: now + 300 }), "not_yet_valid"],
    ["too old", () => issuer.mint({ ...person, iat: now - 3700, exp: now + 3600 }), "too_old"],
    ["unverified email", () => issuer.mint({ ...person, email_verified: false }), "email_unverified"],
    ['email_verified "true" (a string)', () => issuer.mint({ ...person, email_verified: "true" }), "email_unverified"],
    [
      "a verified email Live Chat refuses (no dot in the domain)",
      () => issuer.mint({ ...person, email: "ada@localhost" }),
      "claim_invalid",
    ],
    ["missing email claim", () => issuer.mint({ ...person, email: undefined }), "claim_missing"],
    ["missing session claim", () => issuer.mint({ ...person, sid: undefined }), "claim_missing"],
    ["oversize token", () => issuer.mint({ ...person, padding: "x".repeat(9000) }), "token_too_large"],
    [
      "tampered payload",
      async () => {
        const [header, , signature] = (await issuer.mint(person)).split(".");
        return `${header}.${b64url({ ...person, email: "mallory@example.com", iss: issuer.issuer, aud: issuer.audience, iat: now, exp: now + 600 })}.${signature}`;
      },
      "signature_invalid",
    ],
    ["access token (typ at+jwt)", () => issuer.mint(person, { header: { typ: "at+jwt" } }), "token_type_not_allowed"],
    ["garbage", async () => "not-a-jwt", "malformed"],
  ];

  it.each(attacks)("%s → 401 %s", async (_name, makeToken, code) => {
    const token = await makeToken();
    const response = await http(oidc.signer, { headers: { "x-livechat-identity": token } });
    expect(response.statusCode).toBe(401);
    const p = problemOf(response);
    expect(p).toMatchObject({
      type: "urn:livechat-aws:problem:invalid-identity",
      title: "ID token missing or invalid",
      code,
    });
    expect(p.detail.length).toBeGreaterThan(10);
    expect(response.headers["www-authenticate"]).toMatch(/^Bearer error="invalid_token", error_description="[^"]+"$/);
    expect(response.body).not.toContain(token);
    expect(response.body).not.toContain("ada@example.com");
  });

  it("unverified phone → 401 phone_unverified (msisdn subject type)", async () => {
    const phone = signerFromEnv({
      ...oidcEnv,
      LIVECHAT_IDENTITY_SUBJECT_TYPE: "msisdn",
      LIVECHAT_IDENTITY_SESSION_CLAIM: "",
    });
    const withPhone = async (verified: boolean) =>
      http(phone.signer, {
        headers: {
          "x-livechat-identity": await issuer.mint({
            sub: "u",
            phone_number: "+385 91 123 4567",
            phone_number_verified: verified,
          }),
        },
      });
    expect(problemOf(await withPhone(false)).code).toBe("phone_unverified");
    const verified = await withPhone(true);
    expect(verified.statusCode).toBe(200);
    expect(verifiedClaims((JSON.parse(verified.body) as TokenResult).token)).toMatchObject({
      sub: "+385911234567",
      stp: "msisdn",
    });
  });

  it("no token at all → 401 token_missing with a bare Bearer challenge (RFC 6750 §3.1)", async () => {
    const response = await http(oidc.signer, { headers: { authorization: "Basic dXNlcjpwdw==" } });
    expect(response.statusCode).toBe(401);
    expect(problemOf(response).code).toBe("token_missing");
    expect(response.headers["www-authenticate"]).toBe("Bearer");
  });

  it("an unknown kid refetches the JWKS once, then not again within the cooldown", async () => {
    // Past the 30 s cooldown that started when the JWKS was first fetched.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 31_000 });
    onTestFinished(() => void vi.useRealTimers());
    const before = issuer.jwksRequests();
    const stranger = await issuer.unpublishedKey("RS256", "not-published-1");
    const first = await http(oidc.signer, {
      headers: { "x-livechat-identity": await issuer.mint(person, { kid: stranger.kid, key: stranger.privateKey }) },
    });
    expect(problemOf(first).code).toBe("kid_unknown");
    expect(issuer.jwksRequests() - before).toBe(1);
    const other = await issuer.unpublishedKey("RS256", "not-published-2");
    const second = await http(oidc.signer, {
      headers: { "x-livechat-identity": await issuer.mint(person, { kid: other.kid, key: other.privateKey }) },
    });
    expect(problemOf(second).code).toBe("kid_unknown");
    expect(issuer.jwksRequests() - before).toBe(1);
  });

  it("never logs the ID token, the raw sub or the raw sid", async () => {
    // A refused token of its own, so the test does not lean on the attacks above having run.
    const now = nowSeconds();
    const unsigned = `${b64url({ alg: "none", typ: "JWT" })}.${b64url({ ...person, iss: issuer.issuer, aud: issuer.audience, iat: now, exp: now + 600 })}.`;
    expect((await http(oidc.signer, { headers: { "x-livechat-identity": unsigned } })).statusCode).toBe(401);
    const text = oidc.lines.join("\n");
    expect(text).not.toContain("ada@example.com");
    expect(text).not.toContain("chat-session-1");
    expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
    const rejected = oidc.events().filter((e) => e["event"] === "request.rejected" && e["status"] === 401);
    expect(rejected.map((e) => e["identityCode"])).toContain("alg_not_allowed");
    // beforeAll issued one at least, so an empty list is a failure, not a pass.
    const issued = oidc.events().filter((e) => e["event"] === "token.issued");
    expect(issued.length).toBeGreaterThan(0);
    for (const e of issued) expect(e).toMatchObject({ identity: "oidc", subHash: expect.any(String) });
  });
});

describe("fail closed when the issuer's keys cannot be fetched", () => {
  it("JWKS down and nothing cached → 503 with Retry-After, no token; recovers once the JWKS is back", async () => {
    const cold = signerFromEnv(oidcEnv);
    issuer.setJwksMode("error");
    try {
      const response = await http(cold.signer, { headers: { "x-livechat-identity": await issuer.mint(person) } });
      expect(response.statusCode).toBe(503);
      expect(response.headers["retry-after"]).toBe("5");
      expect(problemOf(response)).toMatchObject({
        type: "urn:livechat-aws:problem:identity-provider-unavailable",
        code: "jwks_unavailable",
      });
      expect(response.body).not.toContain('"token"');
    } finally {
      issuer.setJwksMode("up");
    }
    expect(
      (await http(cold.signer, { headers: { "x-livechat-identity": await issuer.mint(person) } })).statusCode,
    ).toBe(200);
  });

  it("discovery down with nothing cached → 503 as well", async () => {
    const cold = signerFromEnv(oidcEnv);
    issuer.setDiscoveryMode("error");
    try {
      const response = await http(cold.signer, { headers: { "x-livechat-identity": await issuer.mint(person) } });
      expect(response.statusCode).toBe(503);
      expect(problemOf(response).code).toBe("jwks_unavailable");
    } finally {
      issuer.setDiscoveryMode("up");
    }
  });

  it("discovery down: requests within the 5 s cooldown get the same 503 without a fetch; after it one fetch, and recovery", async () => {
    let clock = Date.now();
    const cold = signerFromEnv(oidcEnv, { now: () => clock });
    const idToken = await issuer.mint(person);
    const start = issuer.discoveryRequests();
    issuer.setDiscoveryMode("error");
    try {
      for (let i = 0; i < 10; i++) {
        const response = await http(cold.signer, { headers: { "x-livechat-identity": idToken } });
        expect(response.statusCode).toBe(503);
        expect(response.headers["retry-after"]).toBe("5");
        expect(problemOf(response)).toMatchObject({
          type: "urn:livechat-aws:problem:identity-provider-unavailable",
          code: "jwks_unavailable",
        });
      }
      expect(issuer.discoveryRequests() - start).toBe(1);
    } finally {
      issuer.setDiscoveryMode("up");
    }
    expect((await http(cold.signer, { headers: { "x-livechat-identity": idToken } })).statusCode).toBe(503);
    expect(issuer.discoveryRequests() - start).toBe(1);
    clock += 5_000;
    const recovered = await http(cold.signer, { headers: { "x-livechat-identity": idToken } });
    expect(recovered.statusCode).toBe(200);
    expect(issuer.discoveryRequests() - start).toBe(2);
  });
});
