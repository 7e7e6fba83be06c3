// Fault injection against a local Secrets Manager stand-in speaking the real protocol; the
// signer's real client, key cache and handler are used unchanged.
import { createHmac } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SecretSettings } from "../../lambda/config.ts";
import type { FunctionUrlResponse } from "../../lambda/http/functionUrlEvent.ts";
import type { Problem } from "../../lambda/http/problem.ts";
import { createSigner } from "../../lambda/http/signer.ts";
import type { LogFields, Logger, LogLevel } from "../../lambda/log.ts";
import { createSecretsManagerKeySource } from "../../lambda/secret/keySources.ts";
import { secretsManagerEndpoint } from "../../lambda/secret/secretsManagerClient.ts";
import type { TokenResult } from "../../lambda/token/issueToken.ts";
import {
  type AwsErrorType,
  type SecretsManagerStandIn,
  startSecretsManagerStandIn,
} from "../support/secretsManagerStandIn.ts";
import { decodeJwt, knownSecret, knownSecretText, postToken, tokenSettings } from "../support/signerFixtures.ts";

const secretName = "livechat/test/key";
const rotatedKey = Buffer.alloc(48, 0x5a).toString("base64");
const rotatedId = "52c1f4de-6b7e-4d1c-9d0a-3f3c1c9a8b10";

interface LogEntry {
  readonly level: LogLevel;
  readonly event: string;
  readonly fields: LogFields;
}

let standIn: SecretsManagerStandIn;
beforeEach(async () => {
  standIn = await startSecretsManagerStandIn({ secretName, secretString: knownSecretText });
});
afterEach(async () => {
  await standIn.close();
});

function awsEnv(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    AWS_REGION: "eu-central-1",
    AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
    AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    AWS_SESSION_TOKEN: "session-token-example",
    AWS_ENDPOINT_URL_SECRETS_MANAGER: standIn.url,
    ...overrides,
  };
}

/** A signer wired to the stand-in, with a hand-driven clock and captured logs. */
function harness(options: { settings?: Partial<SecretSettings>; env?: Record<string, string | undefined> } = {}) {
  const clock = { ms: 1_700_000_000_000 };
  const logs: LogEntry[] = [];
  const log: Logger = (level, event, fields = {}) => logs.push({ level, event, fields });
  const settings: SecretSettings = {
    secretId: secretName,
    cacheSeconds: 300,
    staleSeconds: 900,
    timeoutMs: 2000,
    ...options.settings,
  };
  const now = () => clock.ms;
  const loadKey = createSecretsManagerKeySource({ settings, env: options.env ?? awsEnv(), now, log });
  const signer = createSigner({ config: tokenSettings, loadKey, now, log });
  const request = async () =>
    (await signer.handle(postToken({ sub: "customer@example.com", stp: "email" }))) as FunctionUrlResponse;
  return { clock, logs, signer, request, advance: (seconds: number) => (clock.ms += seconds * 1000) };
}

function expectToken(response: FunctionUrlResponse, key: { id: number | string; key: string }): void {
  expect(response.statusCode).toBe(200);
  const jwt = decodeJwt((JSON.parse(response.body) as TokenResult).token);
  expect(jwt.payload["ski"]).toBe(key.id);
  expect(jwt.signature).toBe(
    createHmac("sha256", Buffer.from(key.key, "base64")).update(jwt.signingInput).digest("base64url"),
  );
}

function expect503(response: FunctionUrlResponse): void {
  expect(response.statusCode).toBe(503);
  expect(response.headers["content-type"]).toBe("application/problem+json");
  expect(response.headers["cache-control"]).toBe("no-store");
  expect(Number(response.headers["retry-after"])).toBeGreaterThanOrEqual(1);
  expect(JSON.parse(response.body) as Problem).toEqual({
    type: "urn:livechat-aws:problem:key-unavailable",
    title: "Signing key unavailable",
    status: 503,
    detail: "The signing key is temporarily unavailable; try again shortly.",
  });
}

describe("Secrets Manager key loading (stand-in on 127.0.0.1)", () => {
  it("signs with the key from GetSecretValue, sent as a SigV4-signed AWS JSON 1.1 request", async () => {
    const { request } = harness();
    expectToken(await request(), knownSecret);
    expect(standIn.calls).toBe(1);
    const call = standIn.recorded[0];
    expect(call?.target).toBe("secretsmanager.GetSecretValue");
    expect(call?.contentType).toBe("application/x-amz-json-1.1");
    expect(call?.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-central-1\/secretsmanager\/aws4_request, SignedHeaders=[^,]*x-amz-target[^,]*, Signature=[0-9a-f]{64}$/,
    );
    expect(call?.securityToken).toBe("session-token-example");
    expect(JSON.parse(call?.body ?? "null")).toEqual({ SecretId: secretName });
  });

  it("falls back to AWS_ENDPOINT_URL, then to the regional endpoint", async () => {
    const { request } = harness({
      env: awsEnv({ AWS_ENDPOINT_URL_SECRETS_MANAGER: undefined, AWS_ENDPOINT_URL: standIn.url }),
    });
    expectToken(await request(), knownSecret);
    expect(standIn.calls).toBe(1);
    expect(secretsManagerEndpoint({}, "eu-west-1")).toBe("https://secretsmanager.eu-west-1.amazonaws.com");
    expect(
      secretsManagerEndpoint({ AWS_ENDPOINT_URL: "http://a", AWS_ENDPOINT_URL_SECRETS_MANAGER: "http://b" }, "x"),
    ).toBe("http://b");
  });

  it.each([
    ["eu-west-1", "https://secretsmanager.eu-west-1.amazonaws.com"],
    ["us-gov-west-1", "https://secretsmanager.us-gov-west-1.amazonaws.com"],
    ["cn-north-1", "https://secretsmanager.cn-north-1.amazonaws.com.cn"],
    ["cn-northwest-1", "https://secretsmanager.cn-northwest-1.amazonaws.com.cn"],
    ["us-iso-east-1", "https://secretsmanager.us-iso-east-1.c2s.ic.gov"],
    ["us-isob-east-1", "https://secretsmanager.us-isob-east-1.sc2s.sgov.gov"],
    ["eusc-de-east-1", "https://secretsmanager.eusc-de-east-1.amazonaws.eu"],
  ])("the regional endpoint of %s is in its partition's domain", (region, endpoint) => {
    expect(secretsManagerEndpoint({}, region)).toBe(endpoint);
  });

  it.each<[AwsErrorType, string]>([
    ["ResourceNotFoundException", "ResourceNotFound"],
    ["AccessDeniedException", "AccessDenied"],
    ["ThrottlingException", "Throttling"],
    ["DecryptionFailure", "DecryptionFailure"],
    ["InternalServiceError", "InternalServiceError"],
  ])("answers 503 when nothing is cached and Secrets Manager says %s (logged as %s)", async (type, code) => {
    standIn.setBehaviour({ kind: "aws-error", type });
    const { request, logs } = harness();
    expect503(await request());
    expect(standIn.calls).toBe(1);
    const failure = logs.find((l) => l.event === "secret.load_failed");
    expect(failure?.level).toBe("error");
    expect(failure?.fields).toMatchObject({ errorName: "SecretsManagerError", errorCode: code });
    expect(String(failure?.fields["errorMessage"])).toContain(type);
  });

  it("answers 503 for a secret that does not exist under the configured name", async () => {
    const { request, logs } = harness({ settings: { secretId: "livechat/other" } });
    expect503(await request());
    expect(logs.find((l) => l.event === "secret.load_failed")?.fields["errorCode"]).toBe("ResourceNotFound");
  });

  it("answers 503 for an HTTP 500 without an AWS error body", async () => {
    standIn.setBehaviour({ kind: "http-500" });
    const { request, logs } = harness();
    expect503(await request());
    expect(logs.find((l) => l.event === "secret.load_failed")?.fields).toMatchObject({ errorCode: "HttpError" });
  });

  it("answers 503 when Secrets Manager is slower than the timeout", async () => {
    standIn.setBehaviour({ kind: "slow", delayMs: 5_000 });
    const { request, logs } = harness({ settings: { timeoutMs: 150 } });
    expect503(await request());
    expect(logs.find((l) => l.event === "secret.load_failed")?.fields).toMatchObject({
      errorCode: "Timeout",
      errorMessage: `GetSecretValue(${secretName}) did not answer within 150 ms.`,
    });
  });

  it("answers 503 when the endpoint refuses connections, and when credentials are missing", async () => {
    const closed = await startSecretsManagerStandIn({ secretName, secretString: knownSecretText });
    const url = closed.url;
    await closed.close();
    const refused = harness({ env: awsEnv({ AWS_ENDPOINT_URL_SECRETS_MANAGER: url }) });
    expect503(await refused.request());
    expect(refused.logs.find((l) => l.event === "secret.load_failed")?.fields["errorCode"]).toBe("Network");
    const noCreds = harness({ env: awsEnv({ AWS_ACCESS_KEY_ID: undefined }) });
    expect503(await noCreds.request());
    expect(noCreds.logs.find((l) => l.event === "secret.load_failed")?.fields["errorCode"]).toBe("MissingCredentials");
  });

  it.each([
    ["malformed secret JSON", '{"id":3,"key":', "not-json"],
    ["a non-base64 key", JSON.stringify({ id: 3, key: "not base64!" }), "invalid-base64"],
    ["a short key", JSON.stringify({ id: 3, key: Buffer.alloc(16, 1).toString("base64") }), "key-too-short"],
    ["a missing id", JSON.stringify({ key: knownSecret.key }), "missing-id"],
  ])("answers 503 for %s and logs the reason without the secret", async (_label, secretString, problem) => {
    standIn.setSecret(secretString);
    const { request, logs } = harness();
    const response = await request();
    expect503(response);
    const failure = logs.find((l) => l.event === "secret.load_failed");
    expect(failure?.fields).toMatchObject({ errorName: "SecretFormatError", errorCode: problem });
    expect(JSON.stringify(logs)).not.toContain(knownSecret.key.slice(0, 12));
  });

  it("shares one GetSecretValue call among 50 concurrent cold requests", async () => {
    standIn.setBehaviour({ kind: "slow", delayMs: 100 });
    const { signer } = harness();
    const responses = await Promise.all(
      Array.from(
        { length: 50 },
        (_, i) =>
          signer.handle(postToken({ sub: `user${i}@example.com`, stp: "email" })) as Promise<FunctionUrlResponse>,
      ),
    );
    expect(standIn.calls).toBe(1);
    expect(responses.map((r) => r.statusCode)).toEqual(Array(50).fill(200));
    for (const response of responses) expectToken(response, knownSecret);
  });

  it("shares one failing call among 50 concurrent cold requests, then fails fast without calling again", async () => {
    standIn.setBehaviour({ kind: "aws-error", type: "ThrottlingException" });
    const { signer, request, advance } = harness();
    const responses = await Promise.all(
      Array.from(
        { length: 50 },
        () => signer.handle(postToken({ sub: "a", stp: "externalPersonId" })) as Promise<FunctionUrlResponse>,
      ),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array(50).fill(503));
    expect(standIn.calls).toBe(1);
    expect503(await request());
    expect(standIn.calls).toBe(1);
    standIn.setBehaviour({ kind: "ok" });
    advance(1);
    expectToken(await request(), knownSecret);
    expect(standIn.calls).toBe(2);
  });

  it("makes one call per cache period under steady load", async () => {
    const { request, advance } = harness({ settings: { cacheSeconds: 300 } });
    const callsAtPeriodEnd: number[] = [];
    for (let second = 0; second < 900; second += 5) {
      expect((await request()).statusCode).toBe(200);
      if (second % 300 === 295) callsAtPeriodEnd.push(standIn.calls);
      advance(5);
    }
    expect(callsAtPeriodEnd).toEqual([1, 2, 3]);
  });

  it("picks up a rotated key (new id and key) after the cache period, not before", async () => {
    const { request, advance, logs } = harness({ settings: { cacheSeconds: 60 } });
    expectToken(await request(), knownSecret);
    standIn.setSecret(JSON.stringify({ id: rotatedId, key: rotatedKey }));
    advance(59);
    expectToken(await request(), knownSecret);
    expect(standIn.calls).toBe(1);
    advance(1);
    expectToken(await request(), { id: rotatedId, key: rotatedKey });
    expect(standIn.calls).toBe(2);
    expect(logs.filter((l) => l.event === "secret.loaded").map((l) => l.fields["ski"])).toEqual([3, rotatedId]);
  });

  it("keeps signing with the cached key during an outage after a successful load, for the stale period only", async () => {
    const { request, advance, logs } = harness({ settings: { cacheSeconds: 60, staleSeconds: 120 } });
    expectToken(await request(), knownSecret);
    standIn.setBehaviour({ kind: "aws-error", type: "ThrottlingException" });
    advance(60);
    expectToken(await request(), knownSecret);
    expect(standIn.calls).toBe(2);
    const stale = logs.find((l) => l.event === "secret.refresh_failed_serving_stale");
    expect(stale?.level).toBe("warn");
    expect(stale?.fields).toMatchObject({
      errorCode: "Throttling",
      ski: 3,
      staleForSeconds: 0,
      staleLimitSeconds: 120,
    });
    // No call storm: within the retry interval the stale key is served without calling.
    expectToken(await request(), knownSecret);
    expect(standIn.calls).toBe(2);
    advance(119);
    expectToken(await request(), knownSecret);
    expect(standIn.calls).toBe(3);
    advance(1);
    expect503(await request());
    expect(standIn.calls).toBe(4);
    expect(logs.at(-2)?.fields).toMatchObject({ cachedKeyExpired: true });
    standIn.setBehaviour({ kind: "ok" });
    advance(1);
    expectToken(await request(), knownSecret);
    expect(standIn.calls).toBe(5);
  });

  it("does not fetch the key for an invalid request", async () => {
    const { signer } = harness();
    const response = (await signer.handle(postToken({ sub: "x", stp: "fax" }))) as FunctionUrlResponse;
    expect(response.statusCode).toBe(400);
    expect(standIn.calls).toBe(0);
  });
});

describe("Secrets Manager client: redirects", () => {
  it("does not follow a redirect with the signed request (session token) to another host; answers 503", async () => {
    const { createServer } = await import("node:http");
    const seen: Array<string | undefined> = [];
    const elsewhere = createServer((req, res) => {
      seen.push(req.headers["x-amz-security-token"] as string | undefined);
      res.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
      res.end(JSON.stringify({ SecretString: knownSecretText }));
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, "127.0.0.1", resolve));
    const elsewhereUrl = `http://localhost:${(elsewhere.address() as { port: number }).port}/`;
    const redirector = createServer((req, res) => {
      req.resume();
      res.writeHead(307, { location: elsewhereUrl });
      res.end();
    });
    await new Promise<void>((resolve) => redirector.listen(0, "127.0.0.1", resolve));
    try {
      const { request, logs } = harness({
        env: awsEnv({
          AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${(redirector.address() as { port: number }).port}`,
        }),
      });
      expect503(await request());
      expect(seen).toEqual([]);
      expect(logs.find((l) => l.event === "secret.load_failed")?.fields["errorCode"]).toBe("BadResponse");
    } finally {
      for (const server of [elsewhere, redirector]) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    }
  });
});
