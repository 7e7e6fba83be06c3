import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, test } from "vitest";
import { account, autoName, environmentOf, region, resource, registered, unwrap } from "./mocks.ts";
import { projectName } from "./stackProgram.ts";
import { runStack } from "./stackRun.ts";

const { config, outputs } = await runStack("dev");
const { buildCsp, liveChatSnippet } = await import("../../components/csp/index.ts");
const { cspInputFromArgs } = await import("../../components/cspPolicy.ts");
const POLICY = "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy";

describe("index.ts with Pulumi.dev.yaml (report-only CSP)", () => {
  const widgetId = config["livechat:widgetId"] as string;
  const csp = buildCsp(
    cspInputFromArgs({
      infobipLiveChat: { defaultIcon: true },
      reportOnly: true,
      reportUri: config["livechat:reportUri"] as string,
      reportToUrl: config["livechat:reportToUrl"] as string,
      liveChatSnippetWidgetId: widgetId,
    }),
  );

  test("exports the LiveChat outputs", () => {
    expect(outputs).toEqual({
      functionArn: `arn:aws:lambda:${region}:${account}:function:livechat-dev-livechat-signer`,
      functionName: "livechat-dev-livechat-signer",
      functionUrl: `https://livechat-signer-url.lambda-url.${region}.on.aws/`,
      secretArn: config["livechat:secretArn"],
      roleArn: `arn:aws:iam::${account}:role/${autoName("aws:iam/role:Role", "livechat-signer-role")}`,
      logGroupName: "/aws/lambda/livechat-dev-livechat-signer",
      policyId: "livechat-csp-headers-id",
      contentSecurityPolicy: csp.header,
      headers: {
        "Content-Security-Policy-Report-Only": csp.header,
        "Reporting-Endpoints": csp.reportingEndpoints,
        "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
      },
      snippet: liveChatSnippet({ widgetId }).script,
      snippetHash: liveChatSnippet({ widgetId }).hash,
      // IAM mode: the host is known, the CloudFront wiring and the API key secret are not used.
      originDomainName: `livechat-signer-url.lambda-url.${region}.on.aws`,
      originAccessControlId: undefined,
      origin: undefined,
      cacheBehavior: undefined,
      infobipApiSecretArn: undefined,
      warnings: csp.warnings,
    });
    expect(csp.warnings.length).toBeGreaterThan(0); // the default icon's data: at least
  });

  test("the CSP is report-only: a custom header, no enforced CSP", () => {
    const policy = unwrap(resource(POLICY, "livechat-csp-headers").inputs) as Record<string, Record<string, unknown>>;
    expect(policy["name"]).toBe("livechat-dev-livechat-csp");
    expect(policy["securityHeadersConfig"]?.["contentSecurityPolicy"]).toBeUndefined();
    expect(policy["customHeadersConfig"]?.["items"]).toEqual([
      { header: "Content-Security-Policy-Report-Only", value: csp.header, override: true },
      { header: "Reporting-Endpoints", value: csp.reportingEndpoints, override: true },
    ]);
  });

  test("the signer uses the stack's settings", () => {
    const fn = unwrap(resource("aws:lambda/function:Function", "livechat-signer-function").inputs) as Record<
      string,
      unknown
    >;
    expect(environmentOf("livechat-signer-function")).toEqual({
      LIVECHAT_WIDGET_ID: widgetId,
      LIVECHAT_SECRET_ID: config["livechat:secretArn"],
      LIVECHAT_TOKEN_TTL_SECONDS: "15",
      LIVECHAT_MAX_TOKEN_TTL_SECONDS: "60",
      LIVECHAT_SECRET_CACHE_SECONDS: "300",
    });
    expect(fn["tags"]).toEqual({ "livechat:stack": "dev" });
    expect(
      (
        unwrap(resource("aws:cloudwatch/logGroup:LogGroup", "livechat-signer-logs").inputs) as {
          retentionInDays: number;
        }
      ).retentionInDays,
    ).toBe(14);
    const invokers = JSON.parse(config["livechat:allowedInvokerArns"] as string) as string[];
    expect(
      registered.filter((r) => r.type === "aws:lambda/permission:Permission").map((r) => unwrap(r.inputs)),
    ).toEqual([
      {
        action: "lambda:InvokeFunctionUrl",
        function: "livechat-dev-livechat-signer",
        principal: invokers[0],
        functionUrlAuthType: "AWS_IAM",
      },
      {
        action: "lambda:InvokeFunction",
        function: "livechat-dev-livechat-signer",
        principal: invokers[0],
        invokedViaFunctionUrl: true,
      },
    ]);
    expect(registered.some((r) => r.type === "aws:secretsmanager/secret:Secret")).toBe(false);
  });
});

test("plain Node 24 runs index.ts natively, as Pulumi's runner does (Pulumi.yaml: typescript false, main index.ts)", async () => {
  const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures", "nativeStack.ts");
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [fixture, projectName(), "dev", JSON.stringify(config)],
    { timeout: 60_000 },
  );
  const native = JSON.parse(stdout) as Record<string, unknown>;
  // JSON drops the outputs that are undefined in IAM mode.
  expect(Object.keys(native).sort()).toEqual(
    Object.keys(outputs)
      .filter((key) => outputs[key] !== undefined)
      .sort(),
  );
  expect(native["contentSecurityPolicy"]).toBe(outputs["contentSecurityPolicy"]);
  expect(native["functionName"]).toBe("livechat-dev-livechat-signer");
  expect(native["snippetHash"]).toBe(outputs["snippetHash"]);
});
