import { describe, expect, test } from "vitest";
import { environmentOf, ofType, resource, unwrap } from "./mocks.ts";
import { runStack } from "./stackRun.ts";

const { config, outputs } = await runStack("prod");
const { buildCsp, parseCsp } = await import("../../components/csp/index.ts");
const { cspInputFromArgs } = await import("../../components/cspPolicy.ts");
const POLICY = "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy";

describe("index.ts with Pulumi.prod.yaml (enforced CSP)", () => {
  const csp = buildCsp(
    cspInputFromArgs({
      infobipLiveChat: { region: "fr", precise: true },
      userpilot: { detailed: true },
      reportUri: config["livechat:reportUri"] as string,
    }),
  );

  test("the CSP is enforced through the security-headers block and fits CloudFront", () => {
    expect(outputs["contentSecurityPolicy"]).toBe(csp.header);
    expect(csp.length).toBeLessThanOrEqual(1783);
    const policy = unwrap(resource(POLICY, "livechat-csp-headers").inputs) as Record<string, Record<string, unknown>>;
    expect(policy["name"]).toBe("livechat-prod-livechat-csp");
    expect(policy["securityHeadersConfig"]?.["contentSecurityPolicy"]).toEqual({
      contentSecurityPolicy: csp.header,
      override: true,
    });
    expect(policy["customHeadersConfig"]).toBeUndefined();
    expect(parseCsp(csp.header)["connect-src"]).toContain("wss://livechat-fr.infobip.com");
  });

  test("the signer uses the stack's TTLs, concurrency and retention", () => {
    const fn = unwrap(resource("aws:lambda/function:Function", "livechat-signer-function").inputs) as Record<
      string,
      unknown
    >;
    expect(environmentOf("livechat-signer-function")).toMatchObject({
      LIVECHAT_TOKEN_TTL_SECONDS: "15",
      LIVECHAT_MAX_TOKEN_TTL_SECONDS: "300",
    });
    expect(fn["reservedConcurrentExecutions"]).toBe(50);
    expect(
      (
        unwrap(resource("aws:cloudwatch/logGroup:LogGroup", "livechat-signer-logs").inputs) as {
          retentionInDays: number;
        }
      ).retentionInDays,
    ).toBe(90);
    expect(outputs["snippet"]).toBeUndefined();
    expect(outputs["secretArn"]).toBe(config["livechat:secretArn"]);
  });

  test("the signer's alarms notify the stack's on-call topic, and a dashboard shows them", () => {
    const alarms = ofType("aws:cloudwatch/metricAlarm:MetricAlarm").map(
      (r) => unwrap(r.inputs) as { alarmActions?: string[]; okActions?: string[] },
    );
    expect(alarms).toHaveLength(6);
    for (const alarm of alarms) {
      expect(alarm.alarmActions).toEqual(["arn:aws:sns:eu-central-1:222222222222:shop-prod-oncall"]);
      expect(alarm.okActions).toEqual(["arn:aws:sns:eu-central-1:222222222222:shop-prod-oncall"]);
    }
    expect(ofType("aws:cloudwatch/dashboard:Dashboard")).toHaveLength(1);
  });
});
