// The one resolver of a TokenSigner's arguments (components/signerSettings.ts): the defaults, the sources
// of both secrets, how a parent's prefix names the fields (and which it leaves alone), the error codes,
// and the hand-over of settings LiveChat resolved to the TokenSigner it creates.
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, test } from "vitest";
import { account, installMocks, region } from "./mocks.ts";
import { thrown } from "./thrown.ts";

await installMocks("livechat-test", "test");
const settingsModule = await import("../../components/signerSettings.ts");
const { resolveTokenSignerSettings, signerEnvironment, tokenSignerSettings, withSettings } = settingsModule;
const { ArgsError } = await import("../../components/validation.ts");

const widgetId = "3f1c2b9e-5a7d-4e21-9b0c-7d6e5f4a3b21";
const secretArn = `arn:aws:secretsmanager:${region}:${account}:secret:livechat/key-AbC123`;
const apiSecretArn = `arn:aws:secretsmanager:${region}:${account}:secret:livechat/api-AbC123`;
const secretString = JSON.stringify({ id: 3, key: Buffer.alloc(32, 7).toString("base64") });
const base = { widgetId, secretArn };

describe("resolveTokenSignerSettings", () => {
  test("the defaults, for the least a TokenSigner takes", () => {
    expect(resolveTokenSignerSettings("sig", base)).toEqual({
      prefix: "",
      widgetId,
      secret: { kind: "existing", arn: secretArn },
      apiSecret: undefined,
      functionName: "livechat-test-test-sig",
      tokenTtlSeconds: 15,
      maxTokenTtlSeconds: 60,
      secretCacheSeconds: 300,
      memorySize: 256,
      architecture: "arm64",
      logRetentionInDays: 30,
      reservedConcurrency: undefined,
      kmsKeyArn: undefined,
      permissionsBoundary: undefined,
      allowedInvokerArns: [],
      directInvoke: false,
      exposure: { mode: "iam", pathPrefix: undefined },
      cloudFrontDistributionArn: undefined,
      identity: undefined,
      alarms: undefined,
    });
  });

  test("both secrets: created from a value, or existing by ARN; the API key only when asked for", () => {
    const created = resolveTokenSignerSettings("sig", { widgetId, secretString, infobipApiSecretArn: apiSecretArn });
    expect(created.secret).toEqual({ kind: "create", value: secretString });
    expect(created.apiSecret).toEqual({ kind: "existing", arn: apiSecretArn });
    const apiValue = JSON.stringify({ apiKey: "k".repeat(32), baseUrl: "https://xyz.api.infobip.com" });
    const withApiValue = resolveTokenSignerSettings("sig", { ...base, infobipApiSecretString: apiValue });
    expect(withApiValue.apiSecret).toEqual({ kind: "create", value: apiValue });
  });

  test("identity behind CloudFront, alarms: resolved and checked", () => {
    const distribution = `arn:aws:cloudfront::${account}:distribution/E2QWRUHAPOMQZL`;
    const settings = resolveTokenSignerSettings("sig", {
      ...base,
      identity: { issuer: "https://idp.example.com/", audiences: ["client"] },
      cloudFrontDistributionArn: distribution,
      alarms: { actions: [`arn:aws:sns:${region}:${account}:ops`], dashboard: true },
    });
    expect(settings.exposure).toEqual({ mode: "cloudfront", pathPrefix: "/livechat" });
    expect(settings.cloudFrontDistributionArn).toBe(distribution);
    expect(settings.identity?.header).toBe("x-livechat-identity");
    expect(settings.alarms).toEqual({ actions: [`arn:aws:sns:${region}:${account}:ops`], dashboard: true });
  });

  test("a parent's prefix names the TokenSignerOptions fields, and only those (LiveChat has the others at its top level)", () => {
    const under = (args: Record<string, unknown>) =>
      thrown(ArgsError, () => resolveTokenSignerSettings("chat-signer", { ...base, ...args } as never, "signer."))
        .field;
    expect(under({ tokenTtlSeconds: 5 })).toBe("signer.tokenTtlSeconds");
    expect(under({ allowedInvokerArns: ["*"] })).toBe("signer.allowedInvokerArns[0]");
    expect(under({ kmsKeyArn: `arn:aws:kms:us-east-1:${account}:key/k` })).toBe("signer.kmsKeyArn");
    expect(under({ infobipApiSecretString: "not json" })).toBe("signer.infobipApiSecretString");
    expect(under({ infobipApiSecretArn: "livechat/api" })).toBe("signer.infobipApiSecretArn");
    expect(under({ widgetId: "bad id" })).toBe("widgetId");
    expect(under({ secretArn: "livechat/key" })).toBe("secretArn");
    expect(under({ secretArn: undefined, secretString: "not json" })).toBe("secretString");
    expect(under({ alarms: { actions: ["ops@example.com"] } })).toBe("alarms.actions[0]");
  });

  test("every refusal carries a code: one value, two that exclude each other, one missing", () => {
    const resolve = (args: Record<string, unknown>) =>
      thrown(ArgsError, () => resolveTokenSignerSettings("sig", args as never));
    expect(resolve({ ...base, memorySize: 64 }).code).toBe("invalid-argument");
    expect(resolve({ ...base, secretString })).toMatchObject({ code: "conflicting-arguments", field: "secretString" });
    expect(resolve({ widgetId })).toMatchObject({ code: "missing-argument", field: "secretString" });
    expect(resolve({ ...base, tokenTtlSeconds: 120, maxTokenTtlSeconds: 60 }).code).toBe("conflicting-arguments");
    expect(resolve({ ...base, publicFunctionUrl: true }).code).toBe("conflicting-arguments");
  });

  test("a plain secret value is checked with the rest, before anything is created; the value is not shown", () => {
    const { field, message } = thrown(ArgsError, () =>
      resolveTokenSignerSettings("sig", { widgetId, secretString: '{"id": 1, "key": "c2hvcnQ="}' }),
    );
    expect(field).toBe("secretString");
    expect(message).toContain("secretString is not usable (value not shown, it is secret)");
    expect(message).not.toContain("c2hvcnQ=");
  });
});

describe("the settings a parent resolved", () => {
  const args = { ...base, memorySize: 512 };
  const settings = resolveTokenSignerSettings("chat-signer", args, "signer.");

  test("reach the TokenSigner created with those args and that name, unresolved again", () => {
    expect(tokenSignerSettings("chat-signer", withSettings("chat-signer", args, settings))).toBe(settings);
  });

  test("not another name, nor other args: those resolve on their own", () => {
    const other = tokenSignerSettings("other", args);
    expect(other).not.toBe(settings);
    expect(other.functionName).toBe("livechat-test-test-other");
    expect(other.prefix).toBe("");
    expect(tokenSignerSettings("chat-signer", { ...args })).not.toBe(settings);
  });
});

describe("signerEnvironment", () => {
  test("the Lambda's environment, exactly: IAM mode, then identity behind CloudFront with the API key", () => {
    const iam = resolveTokenSignerSettings("sig", { ...base, tokenTtlSeconds: 20 });
    expect(signerEnvironment(iam, secretArn, undefined)).toEqual({
      LIVECHAT_WIDGET_ID: widgetId,
      LIVECHAT_SECRET_ID: secretArn,
      LIVECHAT_TOKEN_TTL_SECONDS: "20",
      LIVECHAT_MAX_TOKEN_TTL_SECONDS: "60",
      LIVECHAT_SECRET_CACHE_SECONDS: "300",
    });
    const edge = resolveTokenSignerSettings("sig", {
      ...base,
      identity: { issuer: "https://idp.example.com/", audiences: ["a", "b"] },
    });
    const apiArn = pulumi.output(apiSecretArn);
    expect(signerEnvironment(edge, secretArn, apiArn)).toMatchObject({
      LIVECHAT_SECRET_ID: secretArn,
      LIVECHAT_IDENTITY_ISSUER: "https://idp.example.com/",
      LIVECHAT_IDENTITY_AUDIENCES: "a,b",
      LIVECHAT_PATH_PREFIX: "/livechat",
      LIVECHAT_INFOBIP_API_SECRET_ID: apiArn,
    });
  });
});
