// CORS in OIDC mode, for LIVECHAT_ALLOWED_ORIGINS only: exact preflight headers, refusals
// without any Access-Control-Allow-Origin, and Vary: Origin on every answer.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
} from "../support/signerFromEnv.ts";

const site = "https://www.shop.example";
const person = { sub: "user-1", email: "ada@example.com", email_verified: true };

let issuer: OidcIssuerStandIn;
let secrets: SecretsManagerPair;
let withOrigins: CapturedSigner;
let sameOrigin: CapturedSigner;

beforeAll(async () => {
  issuer = await startOidcIssuerStandIn();
  secrets = await startSecretsManagerPair('{"apiKey":"unused-in-this-file-0123","baseUrl":"http://127.0.0.1:9"}');
  const oidc = {
    LIVECHAT_IDENTITY_ISSUER: issuer.issuer,
    LIVECHAT_IDENTITY_AUDIENCES: issuer.audience,
    LIVECHAT_IDENTITY_HEADER: "X-Site-Identity",
  };
  withOrigins = signerFromEnv(
    baseEnv(secrets.url, { ...oidc, LIVECHAT_ALLOWED_ORIGINS: `${site}, https://m.shop.example:8443` }),
  );
  sameOrigin = signerFromEnv(baseEnv(secrets.url, oidc));
});

afterAll(async () => {
  await issuer.close();
  await secrets.close();
});

const preflightHeaders = (origin: string, method = "GET", headers = "x-site-identity") => ({
  origin,
  "access-control-request-method": method,
  "access-control-request-headers": headers,
});

describe("preflight", () => {
  it("answers an allowed origin with 204 and exactly the CORS headers (custom identity header allowed, no credentials)", async () => {
    const response = await http(withOrigins.signer, { method: "OPTIONS", headers: preflightHeaders(site) });
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe("");
    expect(response.headers).toEqual({
      "access-control-allow-origin": site,
      vary: "Origin",
      "access-control-expose-headers": "Retry-After",
      "access-control-allow-methods": "GET, POST, DELETE, OPTIONS",
      "access-control-allow-headers":
        "content-type, x-livechat-identity, authorization, x-amz-content-sha256, x-site-identity",
      "access-control-max-age": "600",
    });
  });

  it("answers the DELETE preflight on /sessions/{sid} as well", async () => {
    const response = await http(withOrigins.signer, {
      method: "OPTIONS",
      path: "/sessions/abc",
      headers: preflightHeaders("https://m.shop.example:8443", "DELETE"),
    });
    expect(response.statusCode).toBe(204);
    expect(response.headers["access-control-allow-origin"]).toBe("https://m.shop.example:8443");
  });

  it.each([
    ["another origin", preflightHeaders("https://evil.example")],
    ["a look-alike origin", preflightHeaders("https://www.shop.example.evil.example")],
    ["http:// of the allowed host", preflightHeaders("http://www.shop.example")],
    ["the null origin", preflightHeaders("null")],
    ["a method not allowed", preflightHeaders(site, "PUT")],
    ["a header not allowed", preflightHeaders(site, "GET", "x-site-identity, x-evil")],
  ])("refuses %s with 403 and no Access-Control-Allow-Origin", async (_name, headers) => {
    const response = await http(withOrigins.signer, { method: "OPTIONS", headers });
    expect(response.statusCode).toBe(403);
    expect(response.headers).toEqual({ vary: "Origin" });
  });

  it("refuses every preflight, without CORS headers, when no origins are configured (same-origin only)", async () => {
    const response = await http(sameOrigin.signer, { method: "OPTIONS", headers: preflightHeaders(site) });
    expect(response.statusCode).toBe(403);
    expect(response.headers).toEqual({});
  });
});

describe("actual requests", () => {
  it("a token answer to an allowed origin carries ACAO + Vary; the custom header carries the ID token", async () => {
    const response = await http(withOrigins.signer, {
      headers: { origin: site, "x-site-identity": await issuer.mint(person) },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers).toEqual({
      "content-type": "application/json",
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      "access-control-allow-origin": site,
      vary: "Origin",
      "access-control-expose-headers": "Retry-After",
    });
  });

  it("problems carry the CORS headers too, so the page can read why it failed", async () => {
    const response = await http(withOrigins.signer, { headers: { origin: site } });
    expect(problemOf(response).code).toBe("token_missing");
    expect(response.headers["access-control-allow-origin"]).toBe(site);
    expect(response.headers["vary"]).toBe("Origin");
  });

  it("a request from another origin gets Vary: Origin and no ACAO (the browser withholds the answer)", async () => {
    const response = await http(withOrigins.signer, {
      headers: { origin: "https://evil.example", "x-site-identity": await issuer.mint(person) },
    });
    expect(response.headers["access-control-allow-origin"]).toBeUndefined();
    expect(response.headers["vary"]).toBe("Origin");
    expect(JSON.stringify(response.headers)).not.toContain("Credentials");
  });

  it("no CORS headers at all when no origins are configured", async () => {
    const response = await http(sameOrigin.signer, {
      headers: { origin: site, "x-site-identity": await issuer.mint(person) },
    });
    expect(response.statusCode).toBe(200);
    expect(
      Object.keys(response.headers).filter((name) => name.startsWith("access-control-") || name === "vary"),
    ).toEqual([]);
  });
});

describe("non-string header values (a direct invoke may carry any JSON as a Function URL event)", () => {
  // Header values that are not strings count as absent: never a 500 from the request's own data.
  const odd = (headers: Record<string, unknown>, method: string) => ({
    version: "2.0",
    rawPath: "/token",
    rawQueryString: "",
    headers,
    isBase64Encoded: false,
    requestContext: { requestId: "req-odd-headers", http: { method, path: "/token" } },
  });

  it.each([
    ["a numeric identity header", { "x-site-identity": 5 }, "GET", 401],
    ["an object in Authorization", { authorization: { bearer: "x" } }, "GET", 401],
    ["a numeric Origin on a preflight", { origin: 5, "access-control-request-method": "GET" }, "OPTIONS", 403],
    [
      "an array of request headers on a preflight",
      { origin: site, "access-control-request-method": "GET", "access-control-request-headers": ["x-site-identity"] },
      "OPTIONS",
      204,
    ],
  ])("%s: the expected status, not a 500", async (_name, headers, method, status) => {
    const response = await withOrigins.signer.handle(odd(headers, method));
    expect("statusCode" in response && response.statusCode).toBe(status);
  });
});
