import { describe, expect, test } from "vitest";
import { readConfig } from "../../lambda/config.ts";
import { expectedCacheBehavior, expectedOrigin } from "./cloudFrontWiring.ts";
import { account, environmentOf, ofType, policyOf, region, resource, unwrap } from "./mocks.ts";
import { runStack } from "./stackRun.ts";

const { config, outputs } = await runStack("static");

describe("index.ts with Pulumi.static.yaml (no backend: OIDC identity behind CloudFront)", () => {
  const distributionArn = config["livechat:cloudFrontDistributionArn"] as string;
  const apiSecretArn = config["livechat:infobipApiSecretArn"] as string;
  const host = `livechat-signer-url.lambda-url.${region}.on.aws`;

  test("the signer's environment: identity from config, /livechat prefix, the API key secret", () => {
    const environment = environmentOf("livechat-signer-function");
    expect(environment).toEqual({
      LIVECHAT_WIDGET_ID: config["livechat:widgetId"],
      LIVECHAT_SECRET_ID: config["livechat:secretArn"],
      LIVECHAT_TOKEN_TTL_SECONDS: "15",
      LIVECHAT_MAX_TOKEN_TTL_SECONDS: "60",
      LIVECHAT_SECRET_CACHE_SECONDS: "300",
      LIVECHAT_IDENTITY_ISSUER: "https://shop-example.eu.auth0.com/",
      LIVECHAT_IDENTITY_AUDIENCES: "0a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P",
      LIVECHAT_IDENTITY_SUBJECT_TYPE: "email",
      LIVECHAT_IDENTITY_SESSION_CLAIM: "sid",
      LIVECHAT_IDENTITY_HEADER: "x-livechat-identity",
      LIVECHAT_PATH_PREFIX: "/livechat",
      LIVECHAT_INFOBIP_API_SECRET_ID: apiSecretArn,
    });
    expect(readConfig(environment).identity?.issuer).toBe("https://shop-example.eu.auth0.com/");
  });

  test("AWS_IAM Function URL, an OAC, and only CloudFront (for that distribution) may invoke it", () => {
    expect(unwrap(resource("aws:lambda/functionUrl:FunctionUrl", "livechat-signer-url").inputs)).toMatchObject({
      authorizationType: "AWS_IAM",
    });
    expect(
      unwrap(resource("aws:cloudfront/originAccessControl:OriginAccessControl", "livechat-signer-oac").inputs),
    ).toMatchObject({
      name: "livechat-static-livechat-signer",
      originAccessControlOriginType: "lambda",
    });
    expect(ofType("aws:lambda/permission:Permission").map((r) => unwrap(r.inputs))).toEqual([
      {
        action: "lambda:InvokeFunctionUrl",
        function: "livechat-static-livechat-signer",
        principal: "cloudfront.amazonaws.com",
        sourceArn: distributionArn,
        functionUrlAuthType: "AWS_IAM",
      },
      {
        action: "lambda:InvokeFunction",
        function: "livechat-static-livechat-signer",
        principal: "cloudfront.amazonaws.com",
        sourceArn: distributionArn,
        invokedViaFunctionUrl: true,
      },
    ]);
  });

  test("the role reads the widget key and the API key secret", () => {
    const policy = policyOf("livechat-signer-policy") as { Statement: { Resource: unknown }[] };
    expect(policy.Statement.map((s) => s.Resource)).toEqual([
      config["livechat:secretArn"],
      apiSecretArn,
      `arn:aws:logs:${region}:${account}:log-group:/aws/lambda/livechat-static-livechat-signer:*`,
    ]);
  });

  test("exports the CloudFront wiring", () => {
    expect({
      originDomainName: outputs["originDomainName"],
      originAccessControlId: outputs["originAccessControlId"],
      origin: outputs["origin"],
      cacheBehavior: outputs["cacheBehavior"],
      infobipApiSecretArn: outputs["infobipApiSecretArn"],
    }).toEqual({
      originDomainName: host,
      originAccessControlId: "livechat-signer-oac-id",
      origin: expectedOrigin("livechat-signer", host, "livechat-signer-oac-id"),
      cacheBehavior: expectedCacheBehavior("livechat-signer", "/livechat/*"),
      infobipApiSecretArn: apiSecretArn,
    });
  });
});
