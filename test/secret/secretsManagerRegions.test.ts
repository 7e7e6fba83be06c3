// Secrets Manager has no cross-region lookup: a secret is found only at the endpoint of the region in its
// ARN. The signer may run in one region and read its secrets from others (the component accepts any
// secret ARN), so each secret must be fetched from, and signed for, its own region. One stand-in per
// region behind one endpoint override, each checking the SigV4 scope, plays AWS's regional endpoints.
import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { FunctionUrlResponse } from "../../lambda/http/functionUrlEvent.ts";
import { createSignerFromEnv } from "../../lambda/index.ts";
import type { LogFields, Logger, LogLevel } from "../../lambda/log.ts";
import { createSecretsManagerKeySource } from "../../lambda/secret/keySources.ts";
import { createSecretsManagerValueSource } from "../../lambda/secret/secretValueSource.ts";
import { secretRegion, secretsManagerEndpoint } from "../../lambda/secret/secretsManagerClient.ts";
import type { TokenResult } from "../../lambda/token/issueToken.ts";
import {
  credentialScopeRegion,
  type SecretsManagerRegions,
  type SecretsManagerStandIn,
  startSecretsManagerRegions,
  startSecretsManagerStandIn,
} from "../support/secretsManagerStandIn.ts";
import { decodeJwt, knownSecret, knownSecretText, postToken, tokenSettings } from "../support/signerFixtures.ts";

const apiSecretText = JSON.stringify({
  apiKey: "ib-api-key-regions-0123456789",
  baseUrl: "https://xyz.api.infobip.com",
});
const settings = { cacheSeconds: 300, staleSeconds: 900, timeoutMs: 2000 } as const;

interface LogEntry {
  readonly level: LogLevel;
  readonly event: string;
  readonly fields: LogFields;
}

const open: SecretsManagerRegions[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((regions) => regions.close()));
});

/** Regional stand-ins (key in `keyRegion`, API secret in another `apiRegion`) behind one endpoint. */
async function world(
  keyRegion: string,
  apiRegion: string,
): Promise<{ url: string; key: SecretsManagerStandIn; api: SecretsManagerStandIn }> {
  const key = await startSecretsManagerStandIn({
    secretName: "livechat/key",
    secretString: knownSecretText,
    region: keyRegion,
  });
  const api = await startSecretsManagerStandIn({
    secretName: "livechat/infobip-api",
    secretString: apiSecretText,
    region: apiRegion,
  });
  const regions = await startSecretsManagerRegions([key, api]);
  open.push(regions);
  return { url: regions.url, key, api };
}

function lambdaEnv(url: string, region: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    AWS_REGION: region,
    AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
    AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    AWS_SESSION_TOKEN: "session-token-example",
    AWS_ENDPOINT_URL_SECRETS_MANAGER: url,
    ...extra,
  };
}

function capture(): { log: Logger; logs: LogEntry[] } {
  const logs: LogEntry[] = [];
  return { logs, log: (level, event, fields = {}) => void logs.push({ level, event, fields }) };
}

function expectSignedWithKnownKey(response: FunctionUrlResponse): void {
  expect(response.statusCode).toBe(200);
  const jwt = decodeJwt((JSON.parse(response.body) as TokenResult).token);
  expect(jwt.signature).toBe(
    createHmac("sha256", Buffer.from(knownSecret.key, "base64")).update(jwt.signingInput).digest("base64url"),
  );
}

describe("the stand-ins behave like AWS's regional endpoints", () => {
  it("a request signed for another region does not find this region's secret, by name or by ARN", async () => {
    const { url, key } = await world("eu-central-1", "us-east-1");
    // A client in eu-west-1 that asks its own region for a secret of eu-central-1: directly at the
    // eu-central-1 stand-in (its own scope check), and through the regional endpoint (eu-west-1 has none).
    for (const endpoint of [key.url, url]) {
      const { log, logs } = capture();
      const env = lambdaEnv(endpoint, "eu-west-1");
      const byName = createSecretsManagerKeySource({ settings: { ...settings, secretId: "livechat/key" }, env, log });
      await expect(byName()).rejects.toThrow();
      expect(logs.find((l) => l.event === "secret.load_failed")?.fields["errorCode"]).toBe("ResourceNotFound");
    }
    expect(key.calls).toBe(1);
  });

  it("credentialScopeRegion reads the region of a SigV4 Authorization header", () => {
    const header =
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250101/ap-southeast-2/secretsmanager/aws4_request, SignedHeaders=host;x-amz-date, Signature=" +
      "a".repeat(64);
    expect(credentialScopeRegion(header)).toBe("ap-southeast-2");
    expect(credentialScopeRegion(undefined)).toBeUndefined();
    expect(credentialScopeRegion("Bearer x")).toBeUndefined();
  });
});

describe("each secret is fetched from the region in its ARN", () => {
  it("a Lambda in eu-west-1 signs with a key whose secret is in eu-central-1 (by ARN), signed for eu-central-1", async () => {
    const { url, key } = await world("eu-central-1", "us-east-1");
    const { log, logs } = capture();
    const loadKey = createSecretsManagerKeySource({
      settings: { ...settings, secretId: key.arn },
      env: lambdaEnv(url, "eu-west-1"),
      log,
    });
    const signer = createSignerFromEnv(
      lambdaEnv(url, "eu-west-1", { LIVECHAT_WIDGET_ID: tokenSettings.widgetId, LIVECHAT_SECRET_ID: key.arn }),
      { log },
    );
    expectSignedWithKnownKey(
      (await signer.handle(postToken({ sub: "customer@example.com", stp: "email" }))) as FunctionUrlResponse,
    );
    expect((await loadKey()).id).toBe(knownSecret.id);
    expect(logs.filter((l) => l.event === "secret.load_failed")).toEqual([]);
    expect(key.recorded.map((call) => credentialScopeRegion(call.authorization))).toEqual([
      "eu-central-1",
      "eu-central-1",
    ]);
  });

  it("the Infobip API secret comes from its own region too (us-east-1), independent of the key's (eu-central-1)", async () => {
    const { url, key, api } = await world("eu-central-1", "us-east-1");
    const { log } = capture();
    const env = lambdaEnv(url, "eu-west-1");
    const loadApiSecret = createSecretsManagerValueSource({
      secretId: api.arn,
      settings,
      parse: (text) => JSON.parse(text) as { apiKey: string; baseUrl: string },
      what: "The Infobip API secret",
      eventPrefix: "apiSecret",
      env,
      log,
    });
    const loadKey = createSecretsManagerKeySource({ settings: { ...settings, secretId: key.arn }, env, log });
    expect((await loadApiSecret()).baseUrl).toBe("https://xyz.api.infobip.com");
    expect((await loadKey()).id).toBe(knownSecret.id);
    expect(api.recorded.map((call) => credentialScopeRegion(call.authorization))).toEqual(["us-east-1"]);
    expect(key.recorded.map((call) => credentialScopeRegion(call.authorization))).toEqual(["eu-central-1"]);
  });

  it("a bare secret name lives in the Lambda's own region (AWS_REGION)", async () => {
    const { url, key } = await world("eu-west-1", "us-east-1");
    const loadKey = createSecretsManagerKeySource({
      settings: { ...settings, secretId: "livechat/key" },
      env: lambdaEnv(url, "eu-west-1"),
      log: capture().log,
    });
    expect((await loadKey()).id).toBe(knownSecret.id);
    expect(credentialScopeRegion(key.recorded[0]?.authorization)).toBe("eu-west-1");
  });
});

describe("secretRegion and the regional endpoint", () => {
  it.each([
    ["arn:aws:secretsmanager:eu-central-1:123456789012:secret:livechat/key-AbCdEf", "eu-central-1"],
    ["arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:k-AbCdEf", "cn-north-1"],
    ["arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:a:b-AbCdEf", "us-gov-west-1"],
    ["livechat/key", "eu-west-1"],
    ["arn-like/name:with:colons", "eu-west-1"],
    ["arn:aws:secretsmanager::123456789012:secret:k-AbCdEf", "eu-west-1"],
  ])("%s → %s", (secretId, region) => {
    expect(secretRegion(secretId, "eu-west-1")).toBe(region);
  });

  it("the endpoint is the secret's region's, in its partition's domain; overrides still win", () => {
    const cn = secretRegion("arn:aws-cn:secretsmanager:cn-northwest-1:123456789012:secret:k-AbCdEf", "eu-west-1");
    expect(secretsManagerEndpoint({}, cn)).toBe("https://secretsmanager.cn-northwest-1.amazonaws.com.cn");
    expect(secretsManagerEndpoint({ AWS_ENDPOINT_URL: "http://127.0.0.1:1" }, cn)).toBe("http://127.0.0.1:1");
  });
});
