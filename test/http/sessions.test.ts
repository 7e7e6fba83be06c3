// DELETE /sessions/{sid} end to end: configuration from the environment, the Infobip API secret
// from a local Secrets Manager, the call to a local Infobip API, in IAM and OIDC mode.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { infobipErrorBodies, startInfobipApiStandIn } from "../support/infobipApiStandIn.ts";
import type { InfobipApiStandIn } from "../support/infobipApiStandIn.ts";
import { startOidcIssuerStandIn } from "../support/oidcIssuerStandIn.ts";
import { decodeJwt, expectedPseudonym, knownSecret, unkeyedHash } from "../support/signerFixtures.ts";
import type { OidcIssuerStandIn } from "../support/oidcIssuerStandIn.ts";
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
  widgetId,
} from "../support/signerFromEnv.ts";

// Short attempts so that "slow" and "down" cases finish quickly; the retry count stays the Lambda's (2).
const invalidation = { timeoutMs: 250, retries: 2, baseDelayMs: 1, maxDelayMs: 5 } as const;
const person = { sub: "user-1", email: "ada@example.com", email_verified: true, sid: "own-session-7" };

let infobip: InfobipApiStandIn;
let issuer: OidcIssuerStandIn;
let secrets: SecretsManagerPair;
let iam: CapturedSigner;
let oidc: CapturedSigner;
let oidcEnv: Record<string, string>;
let requestsBefore: number;

const newRequests = () => infobip.requests().slice(requestsBefore);

beforeAll(async () => {
  infobip = await startInfobipApiStandIn();
  issuer = await startOidcIssuerStandIn();
  secrets = await startSecretsManagerPair(JSON.stringify({ apiKey, baseUrl: infobip.baseUrl }));
  iam = signerFromEnv(baseEnv(secrets.url, { LIVECHAT_INFOBIP_API_SECRET_ID: apiSecretName }), { invalidation });
  oidcEnv = baseEnv(secrets.url, {
    LIVECHAT_INFOBIP_API_SECRET_ID: apiSecretName,
    LIVECHAT_IDENTITY_ISSUER: issuer.issuer,
    LIVECHAT_IDENTITY_AUDIENCES: issuer.audience,
    LIVECHAT_IDENTITY_SESSION_CLAIM: "sid",
  });
  oidc = signerFromEnv(oidcEnv, { invalidation });
});

afterAll(async () => {
  await infobip.close();
  await issuer.close();
  await secrets.close();
});

beforeEach(() => {
  infobip.clearScript();
  requestsBefore = infobip.requests().length;
});

const del = (signer: CapturedSigner, sid: string, headers: Record<string, string> = {}) =>
  http(signer.signer, { method: "DELETE", path: `/sessions/${sid}`, headers });

describe("IAM mode: the site backend ends any session", () => {
  it("DELETE /sessions/abc → Infobip gets exactly DELETE /livechat/1/widgets/<widget>/sessions/abc with App <key>; 204", async () => {
    infobip.script({ status: 204 });
    const response = await del(iam, "abc");
    expect(response).toEqual({
      statusCode: 204,
      headers: { "cache-control": "no-store", "x-content-type-options": "nosniff" },
      body: "",
      isBase64Encoded: false,
    });
    expect(newRequests()).toEqual([
      {
        method: "DELETE",
        path: `/livechat/1/widgets/${widgetId}/sessions/abc`,
        authorization: `App ${apiKey}`,
        accept: "application/json",
      },
    ]);
  });

  it("loads the API secret once per cache period, not per request", async () => {
    const before = secrets.apiSecret.calls;
    expect((await del(iam, "abc-2")).statusCode).toBe(204);
    expect((await del(iam, "abc-3")).statusCode).toBe(204);
    expect(secrets.apiSecret.calls).toBe(before);
    expect(before).toBe(1);
  });

  it("percent-decodes the path segment once and re-encodes it for Infobip", async () => {
    expect((await del(iam, "s%3Ax%20")).statusCode).toBe(400);
    expect((await del(iam, "s%3Ax")).statusCode).toBe(204);
    expect(newRequests().map((r) => r.path)).toEqual([`/livechat/1/widgets/${widgetId}/sessions/s%3Ax`]);
    expect(problemOf(await del(iam, "%E0%A4%A")).type).toBe("urn:livechat-aws:problem:invalid-session-id");
  });

  it("404 from Infobip → 404 session-not-found", async () => {
    infobip.script({ status: 404, body: infobipErrorBodies.notFound });
    const p = problemOf(await del(iam, "gone"));
    expect(p).toMatchObject({ status: 404, type: "urn:livechat-aws:problem:session-not-found" });
  });

  it.each([
    [401, infobipErrorBodies.unauthorized],
    [403, infobipErrorBodies.forbidden],
  ])("%i from Infobip → 502 naming live-chat:manage, not retryable, key never echoed", async (status, body) => {
    infobip.script({ status, body });
    const response = await del(iam, "abc");
    const p = problemOf(response);
    expect(p).toMatchObject({
      status: 502,
      type: "urn:livechat-aws:problem:infobip-api-key-rejected",
      retryable: false,
    });
    expect(p.detail).toContain("live-chat:manage");
    expect(response.body).not.toContain(apiKey);
    expect(newRequests()).toHaveLength(1);
  });

  it("500 three times → 502 retryable after exactly 3 attempts", async () => {
    infobip.script({ status: 500, body: infobipErrorBodies.serverError }, { status: 500 }, { status: 503 });
    const p = problemOf(await del(iam, "abc"));
    expect(p).toMatchObject({ status: 502, type: "urn:livechat-aws:problem:infobip-upstream-error", retryable: true });
    expect(newRequests()).toHaveLength(3);
  });

  it("500 then 204 → 204 (the retry succeeded)", async () => {
    infobip.script({ status: 500 }, { status: 204 });
    expect((await del(iam, "abc")).statusCode).toBe(204);
    expect(newRequests()).toHaveLength(2);
  });

  it("a slow Infobip → 504 retryable", async () => {
    infobip.script("hang", "hang", "hang");
    const p = problemOf(await del(iam, "abc"));
    expect(p).toMatchObject({
      status: 504,
      type: "urn:livechat-aws:problem:infobip-upstream-timeout",
      retryable: true,
    });
    expect(newRequests()).toHaveLength(3);
  });

  it("a DELETE without an IAM caller (the URL's auth type drifted to NONE) → 403, and Infobip is not called", async () => {
    infobip.script({ status: 204 });
    for (const authorizer of [null, {}, { iam: { accountId: "111122223333" } }]) {
      const response = await http(iam.signer, { method: "DELETE", path: "/sessions/abc", authorizer });
      expect(problemOf(response)).toMatchObject({
        status: 403,
        type: "urn:livechat-aws:problem:iam-authentication-required",
      });
    }
    expect(newRequests()).toEqual([]);
    expect(iam.events().filter((e) => e["event"] === "request.unauthenticated")).toHaveLength(3);
  });

  it("answers 405 with Allow: DELETE for other methods, and 404 for /sessions without a single sid segment", async () => {
    for (const method of ["GET", "POST", "PUT", "OPTIONS"]) {
      const response = await http(iam.signer, { method, path: "/sessions/abc" });
      expect(response.statusCode).toBe(405);
      expect(response.headers["allow"]).toBe("DELETE");
    }
    for (const path of ["/sessions", "/sessions/", "/sessions/a/b"]) {
      expect(problemOf(await http(iam.signer, { method: "DELETE", path })).detail).toBe(
        "No route matches this path. Routes here: POST /token, DELETE /sessions/{sid}.",
      );
    }
    expect(newRequests()).toEqual([]);
  });

  it("direct invoke { action: invalidateSession, sid } → { status: 204 } or the problem object", async () => {
    infobip.script({ status: 204 }, { status: 404, body: infobipErrorBodies.notFound });
    expect(await iam.signer.handle({ action: "invalidateSession", sid: "abc" })).toEqual({ status: 204 });
    expect(await iam.signer.handle({ action: "invalidateSession", sid: "gone" })).toMatchObject({
      status: 404,
      type: "urn:livechat-aws:problem:session-not-found",
    });
    expect(newRequests().map((r) => r.path)).toEqual([
      `/livechat/1/widgets/${widgetId}/sessions/abc`,
      `/livechat/1/widgets/${widgetId}/sessions/gone`,
    ]);
    expect(await iam.signer.handle({ action: "invalidateSession" })).toMatchObject({
      status: 400,
      errors: [{ field: "sid" }],
    });
    expect(await iam.signer.handle({ action: "invalidateSession", sid: "a", extra: 1 })).toMatchObject({
      status: 400,
      errors: [{ field: "extra" }],
    });
    expect(await iam.signer.handle({ action: "deleteEverything", sid: "a" })).toMatchObject({
      status: 400,
      errors: [{ field: "action" }],
    });
    expect(newRequests()).toHaveLength(2);
  });
});

describe("OIDC mode: only the caller's own session", () => {
  it("own sid (from the session claim) → 204", async () => {
    const response = await del(oidc, "own-session-7", { "x-livechat-identity": await issuer.mint(person) });
    expect(response.statusCode).toBe(204);
    expect(newRequests()).toEqual([
      {
        method: "DELETE",
        path: `/livechat/1/widgets/${widgetId}/sessions/own-session-7`,
        authorization: `App ${apiKey}`,
        accept: "application/json",
      },
    ]);
  });

  it("another sid → 403 without any call to Infobip", async () => {
    const response = await del(oidc, "someone-elses-session", { "x-livechat-identity": await issuer.mint(person) });
    expect(problemOf(response)).toMatchObject({ status: 403, type: "urn:livechat-aws:problem:forbidden-session" });
    expect(newRequests()).toEqual([]);
  });

  it("no or bad ID token → 401 without any call to Infobip", async () => {
    expect(problemOf(await del(oidc, "own-session-7")).code).toBe("token_missing");
    expect(
      problemOf(
        await del(oidc, "own-session-7", { "x-livechat-identity": await issuer.mint({ ...person, aud: "other" }) }),
      ).code,
    ).toBe("audience_mismatch");
    expect(newRequests()).toEqual([]);
  });

  it("no session claim configured → 403: the signer cannot tell which session is the caller's", async () => {
    const noClaim = signerFromEnv({ ...oidcEnv, LIVECHAT_IDENTITY_SESSION_CLAIM: "" }, { invalidation });
    const p = problemOf(await del(noClaim, "own-session-7", { "x-livechat-identity": await issuer.mint(person) }));
    expect(p).toMatchObject({ status: 403, type: "urn:livechat-aws:problem:forbidden-session" });
    expect(p.detail).toContain("session claim");
    expect(newRequests()).toEqual([]);
  });

  it("serves the routes under LIVECHAT_PATH_PREFIX too (CloudFront forwards /livechat/… unchanged)", async () => {
    const prefixed = signerFromEnv({ ...oidcEnv, LIVECHAT_PATH_PREFIX: "/livechat" }, { invalidation });
    const headers = { "x-livechat-identity": await issuer.mint(person) };
    expect((await http(prefixed.signer, { path: "/livechat/token", headers })).statusCode).toBe(200);
    expect(
      (await http(prefixed.signer, { method: "DELETE", path: "/livechat/sessions/own-session-7", headers })).statusCode,
    ).toBe(204);
    expect(newRequests().map((r) => r.path)).toEqual([`/livechat/1/widgets/${widgetId}/sessions/own-session-7`]);
    expect(problemOf(await http(prefixed.signer, { path: "/other/token", headers })).detail).toBe(
      "No route matches this path. Routes here: GET or POST /livechat/token, DELETE /livechat/sessions/{sid}.",
    );
  });

  it("answers 405 with Allow: DELETE, OPTIONS", async () => {
    const response = await http(oidc.signer, { method: "GET", path: "/sessions/own-session-7" });
    expect(response.statusCode).toBe(405);
    expect(response.headers["allow"]).toBe("DELETE, OPTIONS");
  });
});

describe("configuration and availability", () => {
  it("not configured (no LIVECHAT_INFOBIP_API_SECRET_ID) → 501 sessions-not-configured, before any authentication", async () => {
    const plain = signerFromEnv(baseEnv(secrets.url));
    const p = problemOf(await del(plain, "abc"));
    expect(p).toEqual({
      type: "urn:livechat-aws:problem:sessions-not-configured",
      title: "Session invalidation is not configured",
      status: 501,
      detail: "This signer is deployed without an Infobip API secret, so it cannot end Live Chat sessions.",
    });
    expect(await plain.signer.handle({ action: "invalidateSession", sid: "abc" })).toMatchObject({ status: 501 });
    const oidcPlain = signerFromEnv({ ...oidcEnv, LIVECHAT_INFOBIP_API_SECRET_ID: "" });
    expect((await del(oidcPlain, "abc")).statusCode).toBe(501);
    expect(newRequests()).toEqual([]);
  });

  it("API secret unavailable (Secrets Manager: no such secret) → 503 with Retry-After, no Infobip call", async () => {
    const missing = signerFromEnv(
      baseEnv(secrets.url, { LIVECHAT_INFOBIP_API_SECRET_ID: "livechat/handler/no-such-secret" }),
      { invalidation },
    );
    const response = await del(missing, "abc");
    expect(problemOf(response)).toMatchObject({ status: 503, type: "urn:livechat-aws:problem:api-secret-unavailable" });
    expect(Number(response.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(missing.events().find((e) => e["event"] === "apiSecret.load_failed")).toMatchObject({
      level: "error",
      errorCode: "ResourceNotFound",
    });
    expect(newRequests()).toEqual([]);
  });

  it("a malformed API secret → 503, and the log says why without the secret text", async () => {
    const malformed = '{"apiKey":"short-key-LEAKCANARY","baseUrl":"ftp://x"}';
    secrets.apiSecret.setSecret(malformed);
    try {
      const fresh = signerFromEnv(baseEnv(secrets.url, { LIVECHAT_INFOBIP_API_SECRET_ID: apiSecretName }), {
        invalidation,
      });
      expect((await del(fresh, "abc")).statusCode).toBe(503);
      const failed = fresh.events().find((e) => e["event"] === "apiSecret.load_failed");
      expect(failed).toMatchObject({ errorName: "ApiSecretError" });
      expect(String(failed?.["errorMessage"])).toContain('"baseUrl" must use https://');
      expect(fresh.lines.join("\n")).not.toContain("LEAKCANARY");
    } finally {
      secrets.apiSecret.setSecret(JSON.stringify({ apiKey, baseUrl: infobip.baseUrl }));
    }
  });
});

describe("logs", () => {
  // An audit of every line the tests above made both signers write: run alone (-t), it fails on the
  // missing session.ended line rather than passing on an empty log.
  it("one line per request; never the API key, the ID token, a raw sub or a raw sid", () => {
    const lines = [...iam.lines, ...oidc.lines];
    const text = lines.join("\n");
    expect(text).not.toContain(apiKey);
    expect(text).not.toContain("ada@example.com");
    for (const sid of ["own-session-7", "someone-elses-session", "abc", "gone"]) {
      expect(text).not.toContain(`"${sid}"`);
      expect(text).not.toContain(unkeyedHash(sid));
    }
    expect(text).not.toContain(unkeyedHash("ada@example.com"));
    expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
    const ended = oidc.events().find((e) => e["event"] === "session.ended");
    expect(ended).toMatchObject({ level: "info", mode: "http", by: "oidc", attempts: 1, requestId: "req-handler-1" });
    // This signer never loaded the signing key, so it has no pseudonym key: no hash rather than an unkeyed one.
    expect(ended).not.toHaveProperty("sidHash");
    const forbidden = oidc.events().find((e) => e["event"] === "request.rejected" && e["status"] === 403);
    expect(forbidden).toMatchObject({ problem: "forbidden-session" });
    expect(forbidden).not.toHaveProperty("subHash");
    expect(forbidden).not.toHaveProperty("sidHash");
    expect(iam.events().find((e) => e["event"] === "request.rejected" && e["status"] === 504)).toMatchObject({
      level: "error",
      problem: "infobip-upstream-timeout",
      attempts: 3,
    });
  });
});

describe("log pseudonyms: keyed by the signing key, only when it is at hand", () => {
  const own = "own-session-7";
  const other = "someone-elses-session";
  const lineOf = (signer: CapturedSigner, event: string, status?: number) =>
    signer.events().filter((e) => e["event"] === event && (status === undefined || e["status"] === status));

  it("with no signing key loaded: session lines (ended, refused, failed upstream) carry no hash, and no signing-key fetch is made for them", async () => {
    const fresh = signerFromEnv(oidcEnv, { invalidation });
    const before = secrets.signingKey.calls;
    const headers = { "x-livechat-identity": await issuer.mint(person) };
    infobip.script({ status: 204 }, { status: 404, body: infobipErrorBodies.notFound });
    expect((await del(fresh, own, headers)).statusCode).toBe(204);
    expect((await del(fresh, own, headers)).statusCode).toBe(404);
    expect((await del(fresh, other, headers)).statusCode).toBe(403);
    expect(secrets.signingKey.calls).toBe(before);
    const lines = [...lineOf(fresh, "session.ended"), ...lineOf(fresh, "request.rejected")];
    expect(lines.map((e) => e["status"] ?? e["event"])).toEqual(["session.ended", 404, 403]);
    for (const line of lines) {
      expect(line).not.toHaveProperty("sidHash");
      expect(line).not.toHaveProperty("subHash");
    }
  });

  it("once a token was signed: sidHash and subHash are HMACs under the key derived from the signing key, matching token.issued", async () => {
    const warm = signerFromEnv(oidcEnv, { invalidation });
    const headers = { "x-livechat-identity": await issuer.mint(person) };
    const before = secrets.signingKey.calls;
    const tokenResponse = await http(warm.signer, { headers });
    expect(tokenResponse.statusCode).toBe(200);
    const sub = String(decodeJwt((JSON.parse(tokenResponse.body) as { token: string }).token).payload["sub"]);
    infobip.script({ status: 204 }, { status: 404, body: infobipErrorBodies.notFound });
    expect((await del(warm, own, headers)).statusCode).toBe(204);
    expect((await del(warm, own, headers)).statusCode).toBe(404);
    expect((await del(warm, other, headers)).statusCode).toBe(403);
    expect(secrets.signingKey.calls).toBe(before + 1);

    const subHash = expectedPseudonym(knownSecret.key, sub);
    expect(subHash).not.toBe(unkeyedHash(sub));
    expect(lineOf(warm, "token.issued")).toMatchObject([{ subHash }]);
    expect(lineOf(warm, "session.ended")).toMatchObject([{ sidHash: expectedPseudonym(knownSecret.key, own) }]);
    expect(lineOf(warm, "request.rejected", 404)).toMatchObject([{ sidHash: expectedPseudonym(knownSecret.key, own) }]);
    expect(lineOf(warm, "request.rejected", 403)).toMatchObject([
      { problem: "forbidden-session", subHash, sidHash: expectedPseudonym(knownSecret.key, other) },
    ]);
    const text = warm.lines.join("\n");
    for (const value of [sub, own, other]) expect(text).not.toContain(unkeyedHash(value));
  });

  it("once the cached key is past its cache and stale periods: no hash, and still no signing-key fetch for a session call", async () => {
    const clock = { ms: Date.now() };
    const iamClocked = signerFromEnv(baseEnv(secrets.url, { LIVECHAT_INFOBIP_API_SECRET_ID: apiSecretName }), {
      invalidation,
      now: () => clock.ms,
    });
    const before = secrets.signingKey.calls;
    const issued = await http(iamClocked.signer, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ sub: "ada@example.com", stp: "email" }),
    });
    expect(issued.statusCode).toBe(200);
    infobip.script({ status: 204 }, { status: 204 });
    expect((await del(iamClocked, "abc")).statusCode).toBe(204);
    clock.ms += (300 + 900 + 1) * 1000; // LIVECHAT_SECRET_CACHE_SECONDS (baseEnv) + the default stale period
    expect((await del(iamClocked, "abc")).statusCode).toBe(204);
    expect(secrets.signingKey.calls).toBe(before + 1);
    expect(lineOf(iamClocked, "session.ended").map((e) => e["sidHash"])).toEqual([
      expectedPseudonym(knownSecret.key, "abc"),
      undefined,
    ]);
  });
});
