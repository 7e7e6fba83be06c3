// `npm start`'s signer mode from the environment: the Lambda's own LIVECHAT_IDENTITY_* reader, the
// local API secret (LIVECHAT_INFOBIP_API_SECRET), the start-up lines, and what the demo page gets.
import { describe, expect, it } from "vitest";
import { readIdentitySettings } from "../../lambda/config.ts";
import { demoIdentityFromMode } from "../../dev/demo/settings.ts";
import { describeSignerMode, devSignerModeFromEnv } from "../../dev/signerMode.ts";
import { configErrorMessage } from "../support/signerFixtures.ts";

const configErrorFor = (env: Record<string, string>): string => configErrorMessage(devSignerModeFromEnv, env);

const apiKey = "0123456789abcdef-secret-api-key";
const apiSecret = JSON.stringify({ apiKey, baseUrl: "https://xyz12.api.infobip.com" });
const oidc = {
  LIVECHAT_IDENTITY_ISSUER: "https://login.example.com/tenant/",
  LIVECHAT_IDENTITY_AUDIENCES: "site-client, app-client",
  LIVECHAT_IDENTITY_SESSION_CLAIM: "sid",
};

describe("devSignerModeFromEnv", () => {
  it("is IAM mode without sessions when nothing is set", () => {
    expect(devSignerModeFromEnv({})).toEqual({});
  });

  it("reads OIDC identity mode with the Lambda's reader, and the API secret from LIVECHAT_INFOBIP_API_SECRET", () => {
    const env = {
      ...oidc,
      LIVECHAT_IDENTITY_HEADER: "X-Site-Identity",
      LIVECHAT_ALLOWED_ORIGINS: "https://www.shop.example",
      LIVECHAT_INFOBIP_API_SECRET: apiSecret,
    };
    expect(devSignerModeFromEnv(env)).toEqual({
      identity: {
        issuer: "https://login.example.com/tenant/",
        audiences: ["site-client", "app-client"],
        subjectType: "email",
        sessionClaim: "sid",
        headerName: "x-site-identity",
        allowedOrigins: ["https://www.shop.example"],
      },
      infobipApi: { apiKey, baseUrl: "https://xyz12.api.infobip.com" },
    });
    expect(devSignerModeFromEnv(env).identity).toEqual(readIdentitySettings(env));
  });

  it("allows session invalidation in IAM mode, as the Lambda does", () => {
    expect(devSignerModeFromEnv({ LIVECHAT_INFOBIP_API_SECRET: apiSecret })).toEqual({
      infobipApi: { apiKey, baseUrl: "https://xyz12.api.infobip.com" },
    });
  });

  it("accepts a loopback http issuer and API base URL (local stand-ins)", () => {
    const mode = devSignerModeFromEnv({
      LIVECHAT_IDENTITY_ISSUER: "http://127.0.0.1:4000",
      LIVECHAT_IDENTITY_AUDIENCES: "c",
      LIVECHAT_INFOBIP_API_SECRET: JSON.stringify({ apiKey, baseUrl: "http://127.0.0.1:4001" }),
    });
    expect([mode.identity?.issuer, mode.infobipApi?.baseUrl]).toEqual([
      "http://127.0.0.1:4000",
      "http://127.0.0.1:4001",
    ]);
  });

  it.each<[string, Record<string, string>, string]>([
    [
      "issuer without audiences",
      { LIVECHAT_IDENTITY_ISSUER: "https://login.example.com" },
      "LIVECHAT_IDENTITY_AUDIENCES is not set: list the site's OIDC client ID(s), comma-separated",
    ],
    [
      "identity variable without issuer",
      { LIVECHAT_IDENTITY_SESSION_CLAIM: "sid" },
      "LIVECHAT_IDENTITY_SESSION_CLAIM is set but LIVECHAT_IDENTITY_ISSUER is not",
    ],
    [
      "plain-http issuer off loopback",
      { ...oidc, LIVECHAT_IDENTITY_ISSUER: "http://login.example.com" },
      'LIVECHAT_IDENTITY_ISSUER must use https:// (got "http://login.example.com")',
    ],
    [
      "unknown subject type",
      { ...oidc, LIVECHAT_IDENTITY_SUBJECT_TYPE: "phone" },
      'LIVECHAT_IDENTITY_SUBJECT_TYPE must be one of email, msisdn, externalPersonId; got "phone"',
    ],
    ["wildcard origin", { ...oidc, LIVECHAT_ALLOWED_ORIGINS: "https://*.shop.example" }, "LIVECHAT_ALLOWED_ORIGINS:"],
    [
      "API secret not JSON",
      { LIVECHAT_INFOBIP_API_SECRET: `{apiKey: ${apiKey}` },
      'LIVECHAT_INFOBIP_API_SECRET: The API secret is not valid JSON: store it as {"apiKey"',
    ],
    [
      "API secret without baseUrl",
      { LIVECHAT_INFOBIP_API_SECRET: JSON.stringify({ apiKey }) },
      'LIVECHAT_INFOBIP_API_SECRET: The API secret has no "baseUrl"',
    ],
    [
      "API secret with a plain-http baseUrl",
      { LIVECHAT_INFOBIP_API_SECRET: JSON.stringify({ apiKey, baseUrl: "http://xyz12.api.infobip.com" }) },
      'LIVECHAT_INFOBIP_API_SECRET: The API secret\'s "baseUrl" must use https://',
    ],
    [
      "API secret with a short key",
      { LIVECHAT_INFOBIP_API_SECRET: JSON.stringify({ apiKey: "short", baseUrl: "https://x.api.infobip.com" }) },
      'LIVECHAT_INFOBIP_API_SECRET: The API secret\'s "apiKey" must be 16–512 visible ASCII characters',
    ],
    [
      "the Lambda's secret ID variable instead of the value",
      { LIVECHAT_INFOBIP_API_SECRET_ID: "livechat/infobip-api" },
      "LIVECHAT_INFOBIP_API_SECRET_ID names a Secrets Manager secret, which npm start does not read: set LIVECHAT_INFOBIP_API_SECRET to that secret's JSON value instead",
    ],
  ])("refuses %s with a ConfigError naming the variable", (_name, env, expected) => {
    const message = configErrorFor(env);
    expect(message).toContain(expected);
    expect(message).not.toContain(apiKey);
  });
});

describe("describeSignerMode (printed by npm start)", () => {
  it("IAM mode says how to turn on OIDC mode and sessions", () => {
    expect(describeSignerMode({})).toEqual([
      "mode:      IAM (POST /token: the request body names the customer, as the site's backend does)",
      "           set LIVECHAT_IDENTITY_ISSUER and LIVECHAT_IDENTITY_AUDIENCES for OIDC identity mode (sign-in with the site's ID token)",
      `sessions:  off (set LIVECHAT_INFOBIP_API_SECRET='{"apiKey": "<Infobip API key with live-chat:manage>", "baseUrl": "https://<yours>.api.infobip.com"}' to end sessions at Infobip)`,
    ]);
  });

  it("OIDC mode with sessions names the issuer, audiences, claims and API origin, never the API key", () => {
    const lines = describeSignerMode(devSignerModeFromEnv({ ...oidc, LIVECHAT_INFOBIP_API_SECRET: apiSecret }));
    expect(lines).toEqual([
      "mode:      OIDC identity (GET/POST /token: the customer comes only from a verified ID token in the x-livechat-identity header)",
      "  issuer:    https://login.example.com/tenant/",
      "  audiences: site-client, app-client",
      "  keys:      from the issuer's discovery document",
      "  subject:   email (only with email_verified true)",
      "  session:   claim sid → sid",
      "  CORS:      same-origin only",
      "sessions:  DELETE /sessions/{sid} → https://xyz12.api.infobip.com, the caller's own session only; API key from LIVECHAT_INFOBIP_API_SECRET (not shown)",
    ]);
    expect(lines.join("\n")).not.toContain(apiKey);
  });

  it("warns when sessions are on in OIDC mode but no session claim is read", () => {
    const lines = describeSignerMode(
      devSignerModeFromEnv({ ...oidc, LIVECHAT_IDENTITY_SESSION_CLAIM: "", LIVECHAT_INFOBIP_API_SECRET: apiSecret }),
    );
    expect(lines.at(-1)).toBe(
      "  warning:   LIVECHAT_IDENTITY_SESSION_CLAIM is not set, so no ID token names a session and every DELETE /sessions/{sid} is refused (403).",
    );
  });

  it("externalPersonId mode names the subject claim", () => {
    const lines = describeSignerMode(
      devSignerModeFromEnv({
        ...oidc,
        LIVECHAT_IDENTITY_SUBJECT_TYPE: "externalPersonId",
        LIVECHAT_IDENTITY_SUBJECT_CLAIM: "customer_id",
      }),
    );
    expect(lines).toContain("  subject:   externalPersonId (claim customer_id)");
  });
});

describe("demoIdentityFromMode", () => {
  it("is undefined in IAM mode; in OIDC mode carries the issuer, header and whether sign-out ends sessions", () => {
    expect(demoIdentityFromMode({})).toBeUndefined();
    expect(demoIdentityFromMode(devSignerModeFromEnv(oidc))).toEqual({
      issuer: "https://login.example.com/tenant/",
      headerName: "x-livechat-identity",
      endsSessions: false,
    });
    expect(
      demoIdentityFromMode(devSignerModeFromEnv({ ...oidc, LIVECHAT_INFOBIP_API_SECRET: apiSecret }))?.endsSessions,
    ).toBe(true);
  });
});
