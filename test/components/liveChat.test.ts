import { randomBytes } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, test } from "vitest";
import { account, autoName, installMocks, region, resource, settle, underName, unwrap, valueOf } from "./mocks.ts";

await installMocks("livechat-test", "test");
const { LiveChat } = await import("../../components/index.ts");
const { buildCsp, liveChatSnippet } = await import("../../components/csp/index.ts");
const { cspInputFromArgs, securityHeadersFromArgs } = await import("../../components/cspPolicy.ts");

const widgetId = "3f1c2b9e-5a7d-4e21-9b0c-7d6e5f4a3b21";
const keyBase64 = randomBytes(48).toString("base64");
const secretJson = JSON.stringify({ id: "c0ffee00-1111-2222-3333-444455556666", key: keyBase64 });

describe("LiveChat", async () => {
  const chat = new LiveChat("chat", {
    widgetId,
    secretString: pulumi.secret(secretJson),
    signer: { allowedInvokerArns: [`arn:aws:iam::${account}:role/shop-backend`] },
    csp: { infobipLiveChat: { region: "fr" }, reportOnly: false },
    inlineSnippet: true,
  });
  const outputs = await valueOf(
    pulumi.all({
      functionArn: chat.functionArn,
      functionName: chat.functionName,
      functionUrl: chat.functionUrl,
      secretArn: chat.secretArn,
      roleArn: chat.roleArn,
      logGroupName: chat.logGroupName,
      policyId: chat.policyId,
      contentSecurityPolicy: chat.contentSecurityPolicy,
      snippet: chat.snippet,
      snippetHash: chat.snippetHash,
    }),
  );
  const lists = { headers: await valueOf(chat.headers), warnings: await valueOf(chat.warnings) };
  await settle();
  const mine = underName("chat");

  test("creates a TokenSigner and a CspPolicy and, under them, these AWS resources", () => {
    expect(mine.map((r) => `${r.type} ${r.name}`).sort()).toEqual(
      [
        "livechat-aws:index:LiveChat chat",
        "livechat-aws:index:TokenSigner chat-signer",
        "livechat-aws:index:CspPolicy chat-csp",
        "aws:secretsmanager/secret:Secret chat-signer-secret",
        "aws:secretsmanager/secretVersion:SecretVersion chat-signer-secret-version",
        "aws:iam/role:Role chat-signer-role",
        "aws:iam/rolePolicy:RolePolicy chat-signer-policy",
        "aws:cloudwatch/logGroup:LogGroup chat-signer-logs",
        "aws:lambda/function:Function chat-signer-function",
        "aws:lambda/functionUrl:FunctionUrl chat-signer-url",
        "aws:lambda/permission:Permission chat-signer-invoke-url-0",
        "aws:lambda/permission:Permission chat-signer-invoke-0",
        "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy chat-csp-headers",
      ].sort(),
    );
  });

  test("outputs", () => {
    const snippet = liveChatSnippet({ widgetId, region: "fr" });
    const built = buildCsp(cspInputFromArgs({ infobipLiveChat: { region: "fr" }, liveChatSnippetWidgetId: widgetId }));
    const csp = built.header;
    const headers = securityHeadersFromArgs({ infobipLiveChat: { region: "fr" }, liveChatSnippetWidgetId: widgetId });
    expect({ ...outputs, ...lists }).toEqual({
      functionArn: `arn:aws:lambda:${region}:${account}:function:livechat-test-test-chat-signer`,
      functionName: "livechat-test-test-chat-signer",
      functionUrl: `https://chat-signer-url.lambda-url.${region}.on.aws/`,
      secretArn: `arn:aws:secretsmanager:${region}:${account}:secret:${autoName("aws:secretsmanager/secret:Secret", "chat-signer-secret")}-AbCdEf`,
      roleArn: `arn:aws:iam::${account}:role/${autoName("aws:iam/role:Role", "chat-signer-role")}`,
      logGroupName: "/aws/lambda/livechat-test-test-chat-signer",
      policyId: "chat-csp-headers-id",
      contentSecurityPolicy: csp,
      snippet: snippet.script,
      snippetHash: snippet.hash,
      headers,
      warnings: built.warnings,
    });
    expect(csp).toContain(snippet.hash);
    expect(headers["Content-Security-Policy"]).toBe(csp);
  });

  test("the policy name is unique per project, stack and component", () => {
    expect(
      (
        unwrap(resource("aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy", "chat-csp-headers").inputs) as {
          name: string;
        }
      ).name,
    ).toBe("livechat-test-test-chat-csp");
  });

  test("the key material appears only in the SecretVersion", () => {
    for (const r of mine.filter((r) => r.type !== "aws:secretsmanager/secretVersion:SecretVersion")) {
      expect(JSON.stringify(unwrap(r.inputs)), r.name).not.toContain(keyBase64.slice(0, 12));
    }
  });
});

describe("LiveChat with default args and a secretString", async () => {
  const chat = new LiveChat("plain", { widgetId, secretString: pulumi.secret(secretJson) });
  await valueOf(chat.policyId);
  await settle();

  test("creates exactly these resources: no permissions, OAC or API key secret by default", () => {
    expect(
      underName("plain")
        .map((r) => `${r.type} ${r.name}`)
        .sort(),
    ).toEqual(
      [
        "livechat-aws:index:LiveChat plain",
        "livechat-aws:index:TokenSigner plain-signer",
        "livechat-aws:index:CspPolicy plain-csp",
        "aws:secretsmanager/secret:Secret plain-signer-secret",
        "aws:secretsmanager/secretVersion:SecretVersion plain-signer-secret-version",
        "aws:iam/role:Role plain-signer-role",
        "aws:iam/rolePolicy:RolePolicy plain-signer-policy",
        "aws:cloudwatch/logGroup:LogGroup plain-signer-logs",
        "aws:lambda/function:Function plain-signer-function",
        "aws:lambda/functionUrl:FunctionUrl plain-signer-url",
        "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy plain-csp-headers",
      ].sort(),
    );
  });
});

describe("LiveChat passes its CspPolicy's warnings through (README: LiveChat has all the outputs)", async () => {
  const csp = { userpilot: {}, directives: { "default-src": ["'self'"], "script-src": ["'self'", "'unsafe-inline'"] } };
  const chat = new LiveChat("warned", {
    widgetId,
    secretArn: `arn:aws:secretsmanager:${region}:${account}:secret:livechat/key-AbC123`,
    csp,
    inlineSnippet: true,
  });
  const warnings = await valueOf(chat.warnings);
  await settle();

  test("the same warnings as CspPolicy's, and at least one for this policy", () => {
    expect(warnings).toEqual(buildCsp(cspInputFromArgs({ ...csp, liveChatSnippetWidgetId: widgetId })).warnings);
    expect(warnings.length).toBeGreaterThan(0);
  });
});

describe("LiveChat refuses bad arguments, naming its own fields", () => {
  test.each([
    [
      { widgetId, secretArn: "x", signer: { tokenTtlSeconds: 9 } },
      "signer.tokenTtlSeconds is 9: Infobip refuses personalization tokens that live less than 10 seconds; use 10 or more (default 15).",
    ],
    [
      { widgetId, secretArn: "x", signer: { memorySize: 64 } },
      "signer.memorySize is 64: it must be a whole number from 128 to 10240; Lambda accepts 128–10240 MB; the default is 256.",
    ],
    [
      { widgetId },
      `Neither secretString nor secretArn is set: set secretString to the portal's key JSON {"id": …, "key": "<base64>"} as a Pulumi secret (e.g. pulumi config set --secret), or secretArn to an existing Secrets Manager secret's ARN.`,
    ],
    [
      { widgetId: "", secretArn: "x" },
      `widgetId "" is not a Live Chat widget ID: copy the ID from the widget's installation snippet (liveChat('init', '<widget-id>')) in the Infobip portal; it is 1–64 letters, digits, "-" or "_" (usually a UUID).`,
    ],
  ])("%j", (args, message) => {
    expect(() => new LiveChat("refused", args as never)).toThrow(message);
  });
});

describe("LiveChat checks every signer argument before its first child", () => {
  test("a plain secret value or Infobip API key that cannot work: no CspPolicy, no signer, the field named as LiveChat's", async () => {
    const arn = `arn:aws:secretsmanager:${region}:${account}:secret:livechat/key-AbC123`;
    expect(() => new LiveChat("early", { widgetId, secretString: "not json" })).toThrow(
      "secretString is not usable (value not shown, it is secret)",
    );
    expect(
      () => new LiveChat("early-api", { widgetId, secretArn: arn, signer: { infobipApiSecretString: "not json" } }),
    ).toThrow("signer.infobipApiSecretString is not usable (value not shown, it is secret)");
    await settle();
    expect(
      underName("early")
        .map((r) => `${r.type} ${r.name}`)
        .sort(),
    ).toEqual(["livechat-aws:index:LiveChat early", "livechat-aws:index:LiveChat early-api"]);
  });
});
