// The signer's environment contract (lambda/config.ts): names, defaults, and a ConfigError naming
// the variable and the fix for every bad value, in IAM mode, OIDC mode and with session invalidation.
import { describe, expect, it } from "vitest";
import {
  envNames,
  identityEnvNames,
  readConfig,
  readTokenSettings,
  routingEnvNames,
  sessionEnvNames,
} from "../../lambda/config.ts";
import { configErrorMessage } from "../support/signerFixtures.ts";

const configErrorFor = (env: Record<string, string>): string => configErrorMessage(readConfig, env);

const base = { LIVECHAT_WIDGET_ID: "widget-1", LIVECHAT_SECRET_ID: "livechat/dev/key" };
const oidc = {
  ...base,
  LIVECHAT_IDENTITY_ISSUER: "https://login.example.com/tenant/",
  LIVECHAT_IDENTITY_AUDIENCES: "site-client",
};

describe("signer configuration from the environment", () => {
  it("uses the contract's variable names", () => {
    expect(envNames).toEqual({
      widgetId: "LIVECHAT_WIDGET_ID",
      secretId: "LIVECHAT_SECRET_ID",
      ttlSeconds: "LIVECHAT_TOKEN_TTL_SECONDS",
      maxTtlSeconds: "LIVECHAT_MAX_TOKEN_TTL_SECONDS",
      cacheSeconds: "LIVECHAT_SECRET_CACHE_SECONDS",
      staleSeconds: "LIVECHAT_STALE_SECONDS",
      timeoutMs: "LIVECHAT_SECRET_TIMEOUT_MS",
    });
  });

  it("applies the documented defaults", () => {
    expect(readConfig(base)).toEqual({
      widgetId: "widget-1",
      secretId: "livechat/dev/key",
      defaultTtlSeconds: 15,
      maxTtlSeconds: 60,
      cacheSeconds: 300,
      staleSeconds: 900,
      timeoutMs: 2000,
    });
  });

  it("defaults the maximum TTL to max(TTL, 60)", () => {
    expect(readTokenSettings({ ...base, LIVECHAT_TOKEN_TTL_SECONDS: "120" }).maxTtlSeconds).toBe(120);
    expect(readTokenSettings({ ...base, LIVECHAT_TOKEN_TTL_SECONDS: "20" }).maxTtlSeconds).toBe(60);
  });

  it("reads every setting", () => {
    const config = readConfig({
      ...base,
      LIVECHAT_TOKEN_TTL_SECONDS: "30",
      LIVECHAT_MAX_TOKEN_TTL_SECONDS: "3600",
      LIVECHAT_SECRET_CACHE_SECONDS: "60",
      LIVECHAT_STALE_SECONDS: "0",
      LIVECHAT_SECRET_TIMEOUT_MS: "500",
    });
    expect(config).toMatchObject({
      defaultTtlSeconds: 30,
      maxTtlSeconds: 3600,
      cacheSeconds: 60,
      staleSeconds: 0,
      timeoutMs: 500,
    });
  });

  it.each([
    [{ LIVECHAT_SECRET_ID: "x" }, "LIVECHAT_WIDGET_ID is not set"],
    [{ LIVECHAT_WIDGET_ID: "w" }, "LIVECHAT_SECRET_ID is not set"],
    [{ ...base, LIVECHAT_WIDGET_ID: " w" }, "LIVECHAT_WIDGET_ID has leading or trailing whitespace"],
    [{ ...base, LIVECHAT_WIDGET_ID: "w\u0007" }, "LIVECHAT_WIDGET_ID contains a control character"],
    [{ ...base, LIVECHAT_TOKEN_TTL_SECONDS: "9" }, "LIVECHAT_TOKEN_TTL_SECONDS must be between 10 and 86400; got 9."],
    [
      { ...base, LIVECHAT_TOKEN_TTL_SECONDS: "15s" },
      'LIVECHAT_TOKEN_TTL_SECONDS must be a whole number between 10 and 86400; got "15s".',
    ],
    [{ ...base, LIVECHAT_TOKEN_TTL_SECONDS: "-20" }, "must be a whole number"],
    [
      { ...base, LIVECHAT_TOKEN_TTL_SECONDS: "30", LIVECHAT_MAX_TOKEN_TTL_SECONDS: "20" },
      "LIVECHAT_MAX_TOKEN_TTL_SECONDS (20) is below LIVECHAT_TOKEN_TTL_SECONDS (30)",
    ],
    [{ ...base, LIVECHAT_SECRET_CACHE_SECONDS: "0" }, "LIVECHAT_SECRET_CACHE_SECONDS must be between 1 and 86400"],
    [{ ...base, LIVECHAT_SECRET_TIMEOUT_MS: "10" }, "LIVECHAT_SECRET_TIMEOUT_MS must be between 50 and 60000"],
  ])("rejects %j: %s", (env, message) => {
    expect(configErrorFor(env as Record<string, string>)).toContain(message);
  });
});

describe("identity and sessions environment", () => {
  it("uses the contract's variable names", () => {
    expect(identityEnvNames).toEqual({
      issuer: "LIVECHAT_IDENTITY_ISSUER",
      audiences: "LIVECHAT_IDENTITY_AUDIENCES",
      jwksUri: "LIVECHAT_IDENTITY_JWKS_URI",
      subjectType: "LIVECHAT_IDENTITY_SUBJECT_TYPE",
      subjectClaim: "LIVECHAT_IDENTITY_SUBJECT_CLAIM",
      sessionClaim: "LIVECHAT_IDENTITY_SESSION_CLAIM",
      headerName: "LIVECHAT_IDENTITY_HEADER",
      allowedOrigins: "LIVECHAT_ALLOWED_ORIGINS",
    });
    expect(sessionEnvNames).toEqual({ apiSecretId: "LIVECHAT_INFOBIP_API_SECRET_ID" });
    expect(routingEnvNames).toEqual({ pathPrefix: "LIVECHAT_PATH_PREFIX" });
  });

  it("reads LIVECHAT_PATH_PREFIX (the CloudFront cache behavior's path)", () => {
    expect(readConfig({ ...oidc, LIVECHAT_PATH_PREFIX: "/chat-api" }).pathPrefix).toBe("/chat-api");
    expect("pathPrefix" in readConfig(oidc)).toBe(false);
  });

  it("IAM mode without identity variables; no sessions without the API secret id", () => {
    const config = readConfig(base);
    expect("identity" in config).toBe(false);
    expect("apiSecretId" in config).toBe(false);
    expect(
      readConfig({
        ...base,
        LIVECHAT_INFOBIP_API_SECRET_ID: "arn:aws:secretsmanager:eu-central-1:123456789012:secret:api-AbCdEf",
      }).apiSecretId,
    ).toBe("arn:aws:secretsmanager:eu-central-1:123456789012:secret:api-AbCdEf");
  });

  it("OIDC mode defaults: email subject, x-livechat-identity header, no session claim, same-origin only", () => {
    expect(readConfig(oidc).identity).toEqual({
      issuer: "https://login.example.com/tenant/",
      audiences: ["site-client"],
      subjectType: "email",
      headerName: "x-livechat-identity",
      allowedOrigins: [],
    });
  });

  it("reads every identity setting; lists are comma-separated and trimmed, origins normalised, header lower-cased", () => {
    const identity = readConfig({
      ...oidc,
      LIVECHAT_IDENTITY_AUDIENCES: "web-client, mobile-client",
      LIVECHAT_IDENTITY_JWKS_URI: "https://login.example.com/keys",
      LIVECHAT_IDENTITY_SUBJECT_TYPE: "externalPersonId",
      LIVECHAT_IDENTITY_SUBJECT_CLAIM: "customer_id",
      LIVECHAT_IDENTITY_SESSION_CLAIM: "sid",
      LIVECHAT_IDENTITY_HEADER: "X-Site-Identity",
      LIVECHAT_ALLOWED_ORIGINS: "https://WWW.Shop.example, https://m.shop.example:443",
    }).identity;
    expect(identity).toEqual({
      issuer: "https://login.example.com/tenant/",
      audiences: ["web-client", "mobile-client"],
      jwksUri: "https://login.example.com/keys",
      subjectType: "externalPersonId",
      subjectClaim: "customer_id",
      sessionClaim: "sid",
      headerName: "x-site-identity",
      allowedOrigins: ["https://www.shop.example", "https://m.shop.example"],
    });
  });

  it.each([
    [
      { ...base, LIVECHAT_IDENTITY_AUDIENCES: "x" },
      "LIVECHAT_IDENTITY_AUDIENCES is set but LIVECHAT_IDENTITY_ISSUER is not: set the issuer to turn on OIDC identity mode, or remove it.",
    ],
    [
      { ...base, LIVECHAT_ALLOWED_ORIGINS: "https://a.example", LIVECHAT_IDENTITY_SESSION_CLAIM: "sid" },
      "LIVECHAT_IDENTITY_SESSION_CLAIM, LIVECHAT_ALLOWED_ORIGINS are set but LIVECHAT_IDENTITY_ISSUER is not",
    ],
    [{ ...base, LIVECHAT_IDENTITY_ISSUER: " " }, "LIVECHAT_IDENTITY_ISSUER is blank"],
    [
      { ...base, LIVECHAT_IDENTITY_ISSUER: "https://login.example.com" },
      "LIVECHAT_IDENTITY_AUDIENCES is not set: list the site's OIDC client ID(s)",
    ],
    [
      { ...oidc, LIVECHAT_IDENTITY_ISSUER: "http://login.example.com" },
      'LIVECHAT_IDENTITY_ISSUER must use https:// (got "http://login.example.com")',
    ],
    [{ ...oidc, LIVECHAT_IDENTITY_AUDIENCES: "a,,b" }, "LIVECHAT_IDENTITY_AUDIENCES has an empty entry"],
    [
      { ...oidc, LIVECHAT_IDENTITY_JWKS_URI: "https://login.example.com/keys?x=1" },
      "LIVECHAT_IDENTITY_JWKS_URI must not have a query or fragment",
    ],
    [
      { ...oidc, LIVECHAT_IDENTITY_SUBJECT_TYPE: "phone" },
      'LIVECHAT_IDENTITY_SUBJECT_TYPE must be one of email, msisdn, externalPersonId; got "phone"',
    ],
    [
      { ...oidc, LIVECHAT_IDENTITY_SUBJECT_CLAIM: "customer_id" },
      'LIVECHAT_IDENTITY_SUBJECT_CLAIM only applies to subjectType "externalPersonId"',
    ],
    [{ ...oidc, LIVECHAT_IDENTITY_SESSION_CLAIM: "s i d" }, "LIVECHAT_IDENTITY_SESSION_CLAIM must be a claim name"],
    [{ ...oidc, LIVECHAT_IDENTITY_HEADER: "x site" }, "LIVECHAT_IDENTITY_HEADER must be an HTTP header name"],
    [
      { ...oidc, LIVECHAT_IDENTITY_HEADER: "X-Amz-Identity" },
      'LIVECHAT_IDENTITY_HEADER is "x-amz-identity", a header that browsers, CloudFront or AWS set themselves',
    ],
    [{ ...oidc, LIVECHAT_ALLOWED_ORIGINS: "*" }, 'LIVECHAT_ALLOWED_ORIGINS: entry "*" contains "*"'],
    [
      { ...oidc, LIVECHAT_ALLOWED_ORIGINS: "http://shop.example" },
      'LIVECHAT_ALLOWED_ORIGINS: entry "http://shop.example" must use https://',
    ],
    [{ ...oidc, LIVECHAT_ALLOWED_ORIGINS: "https://shop.example/app" }, "no path"],
    [
      { ...base, LIVECHAT_INFOBIP_API_SECRET_ID: "api\u0000" },
      "LIVECHAT_INFOBIP_API_SECRET_ID contains a control character",
    ],
    [
      { ...oidc, LIVECHAT_PATH_PREFIX: "/livechat/" },
      'LIVECHAT_PATH_PREFIX must be "/" followed by lower-case letters, digits or "-"',
    ],
    [{ ...oidc, LIVECHAT_PATH_PREFIX: "livechat" }, "LIVECHAT_PATH_PREFIX must be"],
    [{ ...oidc, LIVECHAT_PATH_PREFIX: "/a/b" }, "LIVECHAT_PATH_PREFIX must be"],
  ])("rejects %j: %s", (env, message) => {
    expect(configErrorFor(env as Record<string, string>)).toContain(message);
  });
});
