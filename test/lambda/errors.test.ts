// The signer's one error base (lambda/errors.ts): every error class in the code list extends it,
// names itself, and carries a code from its own list; a setting at fault travels in `field`, so no
// caller has to read a message to learn which one. Each error comes from the real code path.
import { describe, expect, it } from "vitest";
import { ConfigError, readConfig } from "../../lambda/config.ts";
import { errorCodes, SignerRuntimeError } from "../../lambda/errors.ts";
import { readBodyWithin, ResponseTooLargeError } from "../../lambda/identity/boundedBody.ts";
import { CorsConfigError, validateAllowedOrigins } from "../../lambda/identity/cors.ts";
import { IdentityConfigError, resolveIdentityConfig } from "../../lambda/identity/identityConfig.ts";
import { IdentityError } from "../../lambda/identity/identityError.ts";
import { createKeyCache, KeyUnavailableError } from "../../lambda/secret/keyCache.ts";
import { parseSecret } from "../../lambda/secret/parseSecret.ts";
import { createSecretsManagerClient } from "../../lambda/secret/secretsManagerClient.ts";
import { SecretsManagerError } from "../../lambda/secret/secretsManagerError.ts";
import { createSecretsManagerValueSource, SecretUnavailableError } from "../../lambda/secret/secretValueSource.ts";
import { ApiSecretError, parseApiSecret } from "../../lambda/sessions/apiSecret.ts";
import { startSecretsManagerStandIn } from "../support/secretsManagerStandIn.ts";

async function caught(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

const awsEnv = (url: string) => ({
  AWS_REGION: "eu-central-1",
  AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
  AWS_SECRET_ACCESS_KEY: "secret-example",
  AWS_ENDPOINT_URL_SECRETS_MANAGER: url,
});
const secretSettings = { cacheSeconds: 300, staleSeconds: 0, timeoutMs: 2000 };

describe("one error base with stable codes", () => {
  it("every class in errorCodes extends SignerRuntimeError, is named after itself and carries a code from its own list", async () => {
    const standIn = await startSecretsManagerStandIn({ secretName: "livechat/errors", secretString: "{}" });
    standIn.setBehaviour({ kind: "aws-error", type: "ResourceNotFoundException" });
    try {
      const thrown = [
        await caught(() => readConfig({})),
        await caught(() => resolveIdentityConfig({ issuer: "http://login.example.com", audiences: ["a"] })),
        await caught(() => validateAllowedOrigins(["*"])),
        new IdentityError("expired", "The ID token expired."),
        await caught(() => readBodyWithin(new Response("x".repeat(20)), 10)),
        await caught(() => parseSecret("not json")),
        await caught(() => parseApiSecret("[]")),
        await caught(() =>
          createSecretsManagerClient({ env: awsEnv(standIn.url), timeoutMs: 2000 }).getSecretValue("livechat/errors"),
        ),
        await caught(() =>
          createSecretsManagerValueSource({
            secretId: "livechat/errors",
            settings: secretSettings,
            parse: (text) => text,
            what: "The test secret",
            eventPrefix: "test",
            describe: () => ({}),
            describeError: () => ({}),
            env: awsEnv(standIn.url),
            log: () => {},
          })(),
        ),
        await caught(() =>
          createKeyCache({ load: () => Promise.reject(new Error("down")), cacheMs: 1000, staleMs: 0 })(),
        ),
      ];
      const seen = thrown.map((error) => {
        expect(error).toBeInstanceOf(SignerRuntimeError);
        const { name, code } = error as SignerRuntimeError;
        expect(Object.keys(errorCodes)).toContain(name);
        expect(errorCodes[name as keyof typeof errorCodes] as readonly string[]).toContain(code);
        expect((error as Error).constructor.name).toBe(name);
        return name;
      });
      expect(seen.sort()).toEqual(Object.keys(errorCodes).sort());
    } finally {
      await standIn.close();
    }
  });

  it("no class lists a code twice", () => {
    for (const codes of Object.values(errorCodes)) expect(new Set(codes).size).toBe(codes.length);
  });
});

describe("what tells errors apart is data, not the message", () => {
  it.each([
    [{}, "env_missing", "LIVECHAT_WIDGET_ID"],
    [
      { LIVECHAT_WIDGET_ID: "w", LIVECHAT_SECRET_ID: "s", LIVECHAT_TOKEN_TTL_SECONDS: "5" },
      "env_invalid",
      "LIVECHAT_TOKEN_TTL_SECONDS",
    ],
    [
      {
        LIVECHAT_WIDGET_ID: "w",
        LIVECHAT_SECRET_ID: "s",
        LIVECHAT_TOKEN_TTL_SECONDS: "30",
        LIVECHAT_MAX_TOKEN_TTL_SECONDS: "20",
      },
      "env_conflict",
      "LIVECHAT_MAX_TOKEN_TTL_SECONDS",
    ],
    [
      { LIVECHAT_WIDGET_ID: "w", LIVECHAT_SECRET_ID: "s", LIVECHAT_ALLOWED_ORIGINS: "https://a.example" },
      "env_conflict",
      "LIVECHAT_ALLOWED_ORIGINS",
    ],
    [
      { LIVECHAT_WIDGET_ID: "w", LIVECHAT_SECRET_ID: "s", LIVECHAT_IDENTITY_ISSUER: "https://login.example.com" },
      "env_missing",
      "LIVECHAT_IDENTITY_AUDIENCES",
    ],
    [
      {
        LIVECHAT_WIDGET_ID: "w",
        LIVECHAT_SECRET_ID: "s",
        LIVECHAT_IDENTITY_ISSUER: "http://login.example.com",
        LIVECHAT_IDENTITY_AUDIENCES: "a",
      },
      "env_invalid",
      "LIVECHAT_IDENTITY_ISSUER",
    ],
    [
      {
        LIVECHAT_WIDGET_ID: "w",
        LIVECHAT_SECRET_ID: "s",
        LIVECHAT_IDENTITY_ISSUER: "https://login.example.com",
        LIVECHAT_IDENTITY_AUDIENCES: "a",
        LIVECHAT_ALLOWED_ORIGINS: "*",
      },
      "env_invalid",
      "LIVECHAT_ALLOWED_ORIGINS",
    ],
  ])("ConfigError for %j: %s, field %s (the variable its message starts with)", async (env, code, field) => {
    const error = await caught(() => readConfig(env));
    expect(error).toBeInstanceOf(ConfigError);
    expect({ code: (error as ConfigError).code, field: (error as ConfigError).field }).toEqual({ code, field });
    expect((error as ConfigError).message.startsWith(field)).toBe(true);
  });

  it("CorsConfigError carries field and detail; its message is the two joined, as before", async () => {
    const error = (await caught(() => validateAllowedOrigins(["https://shop.example/app"]))) as CorsConfigError;
    expect(error).toBeInstanceOf(CorsConfigError);
    expect([error.field, error.detail]).toEqual([
      "allowedOrigins",
      'entry "https://shop.example/app" must be an origin only: scheme://host[:port], no path, query or fragment.',
    ]);
    expect(error.message).toBe(`allowedOrigins ${error.detail}`);
  });

  it("IdentityConfigError names the setting in field", async () => {
    const error = (await caught(() =>
      resolveIdentityConfig({ issuer: "https://login.example.com", audiences: [] }),
    )) as IdentityConfigError;
    expect([error.code, error.field]).toEqual(["identity_setting_invalid", "audiences"]);
  });

  it.each([
    ["{", "not-json"],
    ["[]", "not-object"],
    ['{"baseUrl":"https://x.api.infobip.com"}', "missing-api-key"],
    ['{"apiKey":"short","baseUrl":"https://x.api.infobip.com"}', "invalid-api-key"],
    ['{"apiKey":"0123456789abcdef0123"}', "missing-base-url"],
    ['{"apiKey":"0123456789abcdef0123","baseUrl":"http://x.api.infobip.com"}', "invalid-base-url"],
    [
      '{"apiKey":"0123456789abcdef0123","baseUrl":"https://x.api.infobip.com/App 0123456789abcdef0123"}',
      "base-url-contains-key",
    ],
  ])("ApiSecretError for %s: %s", async (text, code) => {
    const error = await caught(() => parseApiSecret(text));
    expect(error).toBeInstanceOf(ApiSecretError);
    expect((error as ApiSecretError).code).toBe(code);
  });

  it("KeyUnavailableError is a SecretUnavailableError with its own code and the retry hint", async () => {
    const error = await caught(() =>
      createKeyCache({
        load: () => Promise.reject(new Error("down")),
        cacheMs: 1000,
        staleMs: 0,
        retryMs: 3000,
        now: () => 0,
      })(),
    );
    expect(error).toBeInstanceOf(KeyUnavailableError);
    expect(error).toBeInstanceOf(SecretUnavailableError);
    expect(error).toMatchObject({ name: "KeyUnavailableError", code: "key_unavailable", retryAfterSeconds: 3 });
    expect(new SecretUnavailableError("m", 1)).toMatchObject({
      name: "SecretUnavailableError",
      code: "secret_unavailable",
    });
  });

  it("SecretsManagerError and SecretFormatError keep the codes the logs already carry (errorCode)", async () => {
    expect(new SecretsManagerError("Timeout", "slow")).toMatchObject({ code: "Timeout", retryable: true });
    expect(await caught(() => parseSecret('{"id":3}'))).toMatchObject({
      name: "SecretFormatError",
      code: "missing-key",
    });
    expect(new ResponseTooLargeError(10)).toMatchObject({ code: "response_too_large", maxBytes: 10 });
  });
});
