import { describe, expect, it } from "vitest";
import { CorsConfigError, corsHeaders, corsPreflight, validateAllowedOrigins } from "../../lambda/identity/cors.ts";

const allowed = validateAllowedOrigins([
  "https://www.example.com",
  "https://shop.example.com:8443",
  "http://localhost:5173",
]);

describe("validateAllowedOrigins", () => {
  it("normalises origins to the form browsers send", () => {
    expect(
      validateAllowedOrigins(["HTTPS://WWW.Example.COM", "https://a.example.com:443", "https://b.example.com/"]),
    ).toEqual(["https://www.example.com", "https://a.example.com", "https://b.example.com"]);
  });

  it.each([
    [["*"], '"*"'],
    [["https://*.example.com"], '"*"'],
    [["null"], '"null"'],
    [["http://www.example.com"], "https://"],
    [["https://www.example.com/app"], "no path"],
    [["https://www.example.com?x=1"], "no path, query"],
    [["https://user:pw@www.example.com"], "origin only"],
    [["www.example.com"], "not a URL origin"],
    [[], "at least one"],
  ])("refuses %j", (origins, message) => {
    expect(() => validateAllowedOrigins(origins)).toThrowError(CorsConfigError);
    expect(() => validateAllowedOrigins(origins)).toThrowError(message);
  });
});

describe("corsHeaders", () => {
  it("echoes an allowed origin exactly, with Vary: Origin and no credentials", () => {
    const headers = corsHeaders("https://shop.example.com:8443", allowed, "GET");
    expect(headers).toEqual({
      "Access-Control-Allow-Origin": "https://shop.example.com:8443",
      Vary: "Origin",
      "Access-Control-Expose-Headers": "Retry-After",
    });
    expect(JSON.stringify(headers)).not.toContain("Credentials");
  });

  it("adds the preflight headers for OPTIONS", () => {
    expect(
      corsHeaders("https://www.example.com", allowed, "OPTIONS", { extraAllowedHeaders: ["X-Site-Identity"] }),
    ).toEqual({
      "Access-Control-Allow-Origin": "https://www.example.com",
      Vary: "Origin",
      "Access-Control-Expose-Headers": "Retry-After",
      "Access-Control-Allow-Methods": "GET, POST, DELETE, OPTIONS",
      "Access-Control-Allow-Headers":
        "content-type, x-livechat-identity, authorization, x-amz-content-sha256, x-site-identity",
      "Access-Control-Max-Age": "600",
    });
  });

  it.each([
    ["a disallowed origin", "https://evil.example.com"],
    ["a look-alike suffix", "https://www.example.com.evil.net"],
    ["a different scheme", "http://www.example.com"],
    ["a different port", "https://www.example.com:444"],
    ["a case variant", "https://WWW.example.com"],
    ["the null origin", "null"],
    ["a wildcard", "*"],
    ["no origin", undefined],
  ])("returns undefined for %s", (_label, origin) => {
    expect(corsHeaders(origin, allowed, "GET")).toBeUndefined();
  });

  it("never matches null or * even if they slipped into an unvalidated list", () => {
    expect(corsHeaders("null", ["null"], "GET")).toBeUndefined();
    expect(corsHeaders("*", ["*"], "GET")).toBeUndefined();
  });
});

describe("corsPreflight", () => {
  it("answers 204 for an allowed origin, method and headers (header names case-insensitive)", () => {
    const response = corsPreflight(
      {
        Origin: "https://www.example.com",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "Content-Type, X-LiveChat-Identity, x-amz-content-sha256",
      },
      allowed,
    );
    expect(response.statusCode).toBe(204);
    expect(response.headers["Access-Control-Allow-Origin"]).toBe("https://www.example.com");
  });

  it.each([
    [{ origin: "https://evil.example.com", "access-control-request-method": "POST" }],
    [{ origin: "https://www.example.com", "access-control-request-method": "PUT" }],
    [{ origin: "https://www.example.com" }],
    [
      {
        origin: "https://www.example.com",
        "access-control-request-method": "GET",
        "access-control-request-headers": "x-evil",
      },
    ],
  ])("answers 403 without CORS headers for %j", (headers) => {
    expect(corsPreflight(headers, allowed)).toEqual({ statusCode: 403, headers: { Vary: "Origin" } });
  });
});
