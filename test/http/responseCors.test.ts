// The CORS headers on actual answers: only in OIDC mode with configured origins; the allowed origin
// echoed, any other origin refused with Vary: Origin alone.
import { describe, expect, it } from "vitest";
import { createIdentityVerifier } from "../../lambda/identity/identityVerifier.ts";
import type { IdentityMode } from "../../lambda/http/requestContext.ts";
import { lowerCaseKeys, responseCors } from "../../lambda/http/responseCors.ts";

const origin = "https://www.shop.example";
const identity = (allowedOrigins: readonly string[]): IdentityMode => ({
  verifier: createIdentityVerifier({ issuer: "https://login.example.com/", audiences: ["site"] }),
  headerName: "x-livechat-identity",
  allowedOrigins,
});

describe("responseCors", () => {
  it("none in IAM mode or without configured origins", () => {
    expect(responseCors(undefined, { origin })).toEqual({});
    expect(responseCors(identity([]), { origin })).toEqual({});
  });

  it("an allowed origin: ACAO, Vary and the exposed Retry-After, lower-case; never the preflight-only headers", () => {
    expect(responseCors(identity([origin]), { Origin: origin })).toEqual({
      "access-control-allow-origin": origin,
      vary: "Origin",
      "access-control-expose-headers": "Retry-After",
    });
  });

  it("another, a missing or a non-string origin: Vary: Origin only", () => {
    for (const headers of [{ origin: "https://evil.example" }, {}, { origin: ["x"] }, "not headers", null]) {
      expect(responseCors(identity([origin]), headers)).toEqual({ vary: "Origin" });
    }
  });

  it("lowerCaseKeys lower-cases names, not values", () => {
    expect(lowerCaseKeys({ "Access-Control-Allow-Origin": "HTTPS://A", Vary: "Origin" })).toEqual({
      "access-control-allow-origin": "HTTPS://A",
      vary: "Origin",
    });
  });
});
