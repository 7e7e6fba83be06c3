import { describe, expect, it } from "vitest";
import { IdentityConfigError, resolveIdentityConfig } from "../../lambda/identity/identityConfig.ts";
import type { IdentityConfig } from "../../lambda/identity/identityConfig.ts";

const base: IdentityConfig = { issuer: "https://tenant.auth0.com/", audiences: ["client-1"] };

describe("resolveIdentityConfig", () => {
  it("applies safe defaults and derives the discovery URL", () => {
    const config = resolveIdentityConfig(base);
    expect(config).toMatchObject({
      issuer: "https://tenant.auth0.com/",
      algorithms: ["RS256", "PS256", "ES256", "EdDSA"],
      subjectType: "email",
      subjectClaim: "sub",
      clockToleranceSeconds: 30,
      maxTokenAgeSeconds: 3600,
      maxTokenBytes: 8192,
      jwksCooldownMs: 30_000,
      jwksCacheMaxAgeMs: 600_000,
      timeoutMs: 5000,
      discoveryCooldownMs: 5000,
    });
    expect(config.discoveryUri.href).toBe("https://tenant.auth0.com/.well-known/openid-configuration");
    expect(config.jwksUri).toBeUndefined();
  });

  it.each([
    [{ algorithms: ["HS256"] }, 'contains "HS256"; only asymmetric'],
    [{ algorithms: ["RS256", "none"] }, 'contains "none"'],
    [{ algorithms: [] }, "at least one algorithm"],
    [{ issuer: "http://idp.example.com" }, "must use https://"],
    [{ issuer: "https://idp.example.com?x" }, "query or fragment"],
    [{ jwksUri: "http://idp.example.com/keys" }, "identity.jwksUri must use https://"],
    [{ audiences: [] }, "at least one client ID"],
    [{ audiences: [""] }, "non-empty strings"],
    [{ subjectType: "phone" as never }, "subjectType must be one of"],
    [{ subjectClaim: "customer_id" }, 'only applies to subjectType "externalPersonId"'],
    [{ sessionClaim: "has space" }, "sessionClaim"],
    [{ clockToleranceSeconds: -1 }, "clockToleranceSeconds must be a whole number from 0 to 300"],
    [{ maxTokenBytes: 1.5 }, "maxTokenBytes"],
    [{ discoveryCooldownMs: 300_001 }, "discoveryCooldownMs must be a whole number from 0 to 300000"],
  ])("refuses %j", (override, message) => {
    expect(() => resolveIdentityConfig({ ...base, ...override })).toThrowError(IdentityConfigError);
    expect(() => resolveIdentityConfig({ ...base, ...override })).toThrowError(message);
  });

  it("names the setting in `field` and the problem in `detail`, so each surface names it its own way", () => {
    const error = (() => {
      try {
        resolveIdentityConfig({ ...base, jwksUri: "http://idp.example.com/keys" });
      } catch (e) {
        return e as IdentityConfigError;
      }
      return undefined;
    })();
    expect(error).toMatchObject({
      name: "IdentityConfigError",
      field: "jwksUri",
      detail: 'must use https:// (got "http://idp.example.com/keys").',
    });
    expect(error?.message).toBe(`identity.jwksUri ${error?.detail}`);
  });
});
