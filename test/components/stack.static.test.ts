import { describe, expect, test } from "vitest";
import { readConfig } from "../../lambda/config.ts";
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
      origin: {
        originId: "livechat-signer",
        domainName: host,
        originAccessControlId: "livechat-signer-oac-id",
        customOriginConfig: {
          httpPort: 80,
          httpsPort: 443,
          originProtocolPolicy: "https-only",
          originSslProtocols: ["TLSv1.2"],
        },
      },
      cacheBehavior: {
        pathPattern: "/livechat/*",
        targetOriginId: "livechat-signer",
        viewerProtocolPolicy: "https-only",
        allowedMethods: ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"],
        cachedMethods: ["GET", "HEAD"],
        cachePolicyId: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
        originRequestPolicyId: "b689b0a8-53d0-40ab-baf2-68738e2966ac",
        compress: false,
      },
      infobipApiSecretArn: apiSecretArn,
    });
  });
});
