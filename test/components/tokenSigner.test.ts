import { randomBytes } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, test } from "vitest";
import {
  account,
  archiveText,
  autoName,
  installMocks,
  isSecret,
  policyOf,
  region,
  resource,
  settle,
  underName,
  unwrap,
  valueOf,
  T,
} from "./mocks.ts";

await installMocks("livechat-test", "test");
const { TokenSigner } = await import("../../components/tokenSigner.ts");
const { buildSignerBundle } = await import("../../components/signerBundle.ts");

const existingSecretArn = `arn:aws:secretsmanager:${region}:${account}:secret:livechat/widget-key-AbC123`;
const kmsKeyArn = `arn:aws:kms:${region}:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const widgetId = "3f1c2b9e-5a7d-4e21-9b0c-7d6e5f4a3b21";
const keyBase64 = randomBytes(32).toString("base64");
const secretJson = JSON.stringify({ id: 7, key: keyBase64 });

describe("TokenSigner with an existing secret ARN", async () => {
  const signer = new TokenSigner("sig", {
    widgetId,
    secretArn: existingSecretArn,
    allowedInvokerArns: [`arn:aws:iam::${account}:role/shop-backend`, "210987654321"],
    tags: { team: "web" },
  });
  const outputs = {
    functionArn: await valueOf(signer.functionArn),
    functionName: await valueOf(signer.functionName),
    functionUrl: await valueOf(signer.functionUrl),
    secretArn: await valueOf(signer.secretArn),
    roleArn: await valueOf(signer.roleArn),
    logGroupName: await valueOf(signer.logGroupName),
  };
  await settle();
  const mine = underName("sig");

  test("creates exactly the role, policy, log group, function, URL and two permissions per invoker", () => {
    expect(mine.map((r) => `${r.type} ${r.name}`).sort()).toEqual(
      [
        "livechat-aws:index:TokenSigner sig",
        `${T.role} sig-role`,
        `${T.policy} sig-policy`,
        `${T.logs} sig-logs`,
        `${T.fn} sig-function`,
        `${T.url} sig-url`,
        `${T.permission} sig-invoke-url-0`,
        `${T.permission} sig-invoke-0`,
        `${T.permission} sig-invoke-url-1`,
        `${T.permission} sig-invoke-1`,
      ].sort(),
    );
  });

  test("outputs", () => {
    expect(outputs).toEqual({
      functionArn: `arn:aws:lambda:${region}:${account}:function:livechat-test-test-sig`,
      functionName: "livechat-test-test-sig",
      functionUrl: `https://sig-url.lambda-url.${region}.on.aws/`,
      secretArn: existingSecretArn,
      roleArn: `arn:aws:iam::${account}:role/${autoName(T.role, "sig-role")}`,
      logGroupName: "/aws/lambda/livechat-test-test-sig",
    });
  });

  test("the role trusts only lambda.amazonaws.com", () => {
    const trust = JSON.parse(resource(T.role, "sig-role").inputs["assumeRolePolicy"] as string);
    expect(trust).toEqual({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
    });
  });

  test("the inline policy grants only GetSecretValue on the secret and log writes to its own log group", () => {
    expect(resource(T.policy, "sig-policy").inputs["role"]).toBe("sig-role-id");
    expect(policyOf("sig-policy")).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "ReadSigningKey",
          Effect: "Allow",
          Action: "secretsmanager:GetSecretValue",
          Resource: existingSecretArn,
        },
        {
          Sid: "WriteOwnLogs",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: `arn:aws:logs:${region}:${account}:log-group:/aws/lambda/livechat-test-test-sig:*`,
        },
      ],
    });
  });

  test("the log group is named for the function and keeps logs 30 days", () => {
    expect(unwrap(resource(T.logs, "sig-logs").inputs)).toEqual({
      name: "/aws/lambda/livechat-test-test-sig",
      retentionInDays: 30,
      tags: { team: "web" },
    });
  });

  test("the function: Node 24 on arm64, JSON logs into its log group, settings in the environment", () => {
    const fn = unwrap(resource(T.fn, "sig-function").inputs) as Record<string, unknown>;
    expect(fn["name"]).toBe("livechat-test-test-sig");
    expect(fn["runtime"]).toBe("nodejs24.x");
    expect(fn["handler"]).toBe("index.handler");
    expect(fn["architectures"]).toEqual(["arm64"]);
    expect(fn["memorySize"]).toBe(256);
    expect(fn["timeout"]).toBe(10);
    expect(fn["role"]).toBe(`arn:aws:iam::${account}:role/${autoName(T.role, "sig-role")}`);
    expect(fn["loggingConfig"]).toEqual({ logFormat: "JSON", logGroup: "/aws/lambda/livechat-test-test-sig" });
    expect(fn["reservedConcurrentExecutions"]).toBeUndefined();
    expect(fn["environment"]).toEqual({
      variables: {
        LIVECHAT_WIDGET_ID: widgetId,
        LIVECHAT_SECRET_ID: existingSecretArn,
        LIVECHAT_TOKEN_TTL_SECONDS: "15",
        LIVECHAT_MAX_TOKEN_TTL_SECONDS: "60",
        LIVECHAT_SECRET_CACHE_SECONDS: "300",
      },
    });
  });

  test("the function's code is the build:signer bundle, byte for byte", async () => {
    const deployed = await archiveText(resource(T.fn, "sig-function").inputs["code"], "index.mjs");
    const built = await buildSignerBundle();
    expect(deployed.length).toBeGreaterThan(1000);
    expect(deployed).toBe(built.code);
  });

  test("the Function URL uses AWS_IAM", () => {
    expect(unwrap(resource(T.url, "sig-url").inputs)).toEqual({
      functionName: "livechat-test-test-sig",
      authorizationType: "AWS_IAM",
    });
  });

  test("each invoker gets InvokeFunctionUrl (AWS_IAM) and InvokeFunction via the Function URL", () => {
    const principals = [`arn:aws:iam::${account}:role/shop-backend`, "210987654321"];
    principals.forEach((principal, i) => {
      expect(unwrap(resource(T.permission, `sig-invoke-url-${i}`).inputs)).toEqual({
        action: "lambda:InvokeFunctionUrl",
        function: "livechat-test-test-sig",
        principal,
        functionUrlAuthType: "AWS_IAM",
      });
      expect(unwrap(resource(T.permission, `sig-invoke-${i}`).inputs)).toEqual({
        action: "lambda:InvokeFunction",
        function: "livechat-test-test-sig",
        principal,
        invokedViaFunctionUrl: true,
      });
    });
  });
});

describe("TokenSigner creating the secret from secretString, with a KMS key and custom settings", async () => {
  const signer = new TokenSigner("own", {
    widgetId,
    secretString: pulumi.secret(secretJson),
    kmsKeyArn,
    tokenTtlSeconds: 20,
    maxTokenTtlSeconds: 600,
    secretCacheSeconds: 120,
    memorySize: 512,
    architecture: "x86_64",
    logRetentionInDays: 7,
    reservedConcurrency: 5,
    functionName: "shop-livechat-signer",
  });
  const secretArn = await valueOf(signer.secretArn);
  await settle();
  const mine = underName("own");

  test("creates the secret and its version in addition", () => {
    expect(mine.map((r) => `${r.type} ${r.name}`).sort()).toEqual(
      [
        "livechat-aws:index:TokenSigner own",
        `${T.secret} own-secret`,
        `${T.version} own-secret-version`,
        `${T.role} own-role`,
        `${T.policy} own-policy`,
        `${T.logs} own-logs`,
        `${T.fn} own-function`,
        `${T.url} own-url`,
      ].sort(),
    );
    expect(secretArn).toBe(
      `arn:aws:secretsmanager:${region}:${account}:secret:${autoName(T.secret, "own-secret")}-AbCdEf`,
    );
  });

  test("the secret is encrypted with the KMS key; the version's value is a Pulumi secret", () => {
    const secret = unwrap(resource(T.secret, "own-secret").inputs) as Record<string, unknown>;
    expect(secret["kmsKeyId"]).toBe(kmsKeyArn);
    expect(secret["description"]).toBe(`Infobip Live Chat secret key for widget ${widgetId} (livechat-aws)`);
    const version = resource(T.version, "own-secret-version");
    expect(version.inputs["secretId"]).toBe("own-secret-id");
    expect(isSecret(version.inputs["secretString"])).toBe(true);
    expect(unwrap(version.inputs["secretString"])).toBe(secretJson);
  });

  test("the key material appears in no other resource input", () => {
    for (const r of mine) {
      const inputs = r.type === T.version ? { ...r.inputs, secretString: "<checked above>" } : r.inputs;
      const text = JSON.stringify(unwrap(inputs));
      expect(text, `${r.type} ${r.name}`).not.toContain(keyBase64);
      expect(text, `${r.type} ${r.name}`).not.toContain(keyBase64.slice(0, 16));
    }
  });

  test("the policy adds kms:Decrypt on the key, only via Secrets Manager in the secret's region", () => {
    expect((policyOf("own-policy") as { Statement: unknown[] }).Statement).toEqual([
      { Sid: "ReadSigningKey", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: secretArn },
      {
        Sid: "DecryptSigningKey",
        Effect: "Allow",
        Action: "kms:Decrypt",
        Resource: kmsKeyArn,
        Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${region}.amazonaws.com` } },
      },
      {
        Sid: "WriteOwnLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `arn:aws:logs:${region}:${account}:log-group:/aws/lambda/shop-livechat-signer:*`,
      },
    ]);
  });

  test("custom settings reach the function and log group", () => {
    const fn = unwrap(resource(T.fn, "own-function").inputs) as Record<string, unknown>;
    expect(fn["name"]).toBe("shop-livechat-signer");
    expect(fn["architectures"]).toEqual(["x86_64"]);
    expect(fn["memorySize"]).toBe(512);
    expect(fn["reservedConcurrentExecutions"]).toBe(5);
    expect(fn["environment"]).toEqual({
      variables: {
        LIVECHAT_WIDGET_ID: widgetId,
        LIVECHAT_SECRET_ID: secretArn,
        LIVECHAT_TOKEN_TTL_SECONDS: "20",
        LIVECHAT_MAX_TOKEN_TTL_SECONDS: "600",
        LIVECHAT_SECRET_CACHE_SECONDS: "120",
      },
    });
    expect(unwrap(resource(T.logs, "own-logs").inputs)).toEqual({
      name: "/aws/lambda/shop-livechat-signer",
      retentionInDays: 7,
    });
  });
});

describe("TokenSigner refuses bad arguments before creating anything", () => {
  const base = { widgetId, secretArn: existingSecretArn };
  const cases: [string, Record<string, unknown>, string][] = [
    [
      "both secret fields",
      { widgetId, secretArn: existingSecretArn, secretString: secretJson },
      "secretString and secretArn are both set: set exactly one — secretString to have the component create the secret from the portal's JSON, or secretArn to use an existing Secrets Manager secret.",
    ],
    [
      "neither secret field",
      { widgetId },
      `Neither secretString nor secretArn is set: set secretString to the portal's key JSON {"id": …, "key": "<base64>"} as a Pulumi secret (e.g. pulumi config set --secret), or secretArn to an existing Secrets Manager secret's ARN.`,
    ],
    [
      "a bad widget ID",
      { ...base, widgetId: "bad id" },
      `widgetId "bad id" is not a Live Chat widget ID: copy the ID from the widget's installation snippet (liveChat('init', '<widget-id>')) in the Infobip portal; it is 1–64 letters, digits, "-" or "_" (usually a UUID).`,
    ],
    [
      "a TTL under 10 s",
      { ...base, tokenTtlSeconds: 5 },
      "tokenTtlSeconds is 5: Infobip refuses personalization tokens that live less than 10 seconds; use 10 or more (default 15).",
    ],
    [
      "a TTL over the maximum",
      { ...base, tokenTtlSeconds: 120, maxTokenTtlSeconds: 60 },
      "tokenTtlSeconds (120) is greater than maxTokenTtlSeconds (60): lower tokenTtlSeconds or raise maxTokenTtlSeconds.",
    ],
    [
      "a retention CloudWatch does not offer",
      { ...base, logRetentionInDays: 10 },
      "logRetentionInDays is 10: CloudWatch Logs accepts only 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 days; the default is 30.",
    ],
    [
      "an alias instead of a KMS key ARN",
      { ...base, kmsKeyArn: `arn:aws:kms:${region}:${account}:alias/livechat` },
      `kmsKeyArn "arn:aws:kms:${region}:${account}:alias/livechat" is not a KMS key ARN: use arn:aws:kms:<region>:<account>:key/<key-id> (an alias ARN cannot be granted kms:Decrypt; aws kms describe-key --key-id alias/<name> --query KeyMetadata.Arn).`,
    ],
    [
      "a secret name instead of its ARN",
      { widgetId, secretArn: "livechat/widget-key" },
      `secretArn "livechat/widget-key" is not a Secrets Manager secret ARN: use the full ARN, arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 characters> (aws secretsmanager describe-secret --secret-id <name> --query ARN).`,
    ],
    [
      "an invoker that is not a principal",
      { ...base, allowedInvokerArns: ["arn:aws:lambda:eu-central-1:123456789012:function:x"] },
      `allowedInvokerArns[0] "arn:aws:lambda:eu-central-1:123456789012:function:x" is not an IAM principal: use a role or user ARN (arn:aws:iam::<account>:role/<name>), an account root ARN (arn:aws:iam::<account>:root) or a 12-digit account ID.`,
    ],
    [
      "an unknown architecture",
      { ...base, architecture: "arm" },
      `architecture is "arm": use "arm64" (the default) or "x86_64".`,
    ],
    [
      "a bad secret string given as a plain value",
      { widgetId, secretString: '{"id": 1, "key": "c2hvcnQ="}' },
      `secretString is not usable (value not shown, it is secret): The secret's "key" decodes to 5 bytes; HS256 needs at least 32 (RFC 7518 §3.2). Generate a new key in the Infobip portal.`,
    ],
  ];
  test.each(cases)("%s", (_label, args, message) => {
    expect(() => new TokenSigner("refused", args as never)).toThrow(message);
    try {
      new TokenSigner("refused", args as never);
    } catch (error) {
      expect((error as Error).message).toBe(message);
      expect((error as Error).name).toBe("ArgsError");
    }
  });

  test("a secret value that cannot work registers no child: every check runs before the first one", async () => {
    expect(() => new TokenSigner("early", { widgetId, secretString: '{"id": 1, "key": "c2hvcnQ="}' })).toThrow(
      "secretString is not usable",
    );
    await settle();
    expect(underName("early").map((r) => `${r.type} ${r.name}`)).toEqual(["livechat-aws:index:TokenSigner early"]);
  });

  test("the secret's value is never quoted in the error", () => {
    const leaky = '{"id": 1, "key": "not base64 at all but secret"}';
    try {
      new TokenSigner("refused", { widgetId, secretString: leaky });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).not.toContain('secret"');
      expect((error as Error).message).not.toContain("not base64 at all");
    }
  });
});
