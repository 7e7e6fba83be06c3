// The exposure step (components/exposeSigner.ts), under the mocks, in each mode: what it registers,
// the warning while the distribution is unknown, and the outputs the site's distribution takes.
import * as pulumi from "@pulumi/pulumi";
import { afterAll, describe, expect, test } from "vitest";
import { expectedCacheBehavior, expectedOrigin } from "./cloudFrontWiring.ts";
import { account, installMocks, region, resource, settle, testParent, underName, unwrap, valueOf, T } from "./mocks.ts";

await installMocks("livechat-test", "test");
const { childrenOf } = await import("../../components/children.ts");
const { exposeSigner } = await import("../../components/exposeSigner.ts");
const { cloudFrontPermissionNote } = await import("../../components/signerExposure.ts");

const distributionArn = `arn:aws:cloudfront::${account}:distribution/E2QWRUHAPOMQZL`;
const host = `abc123.lambda-url.${region}.on.aws`;

// The warning goes through pulumi.log; record it instead of printing it.
const warnings: { message: string; resource: unknown }[] = [];
const log = pulumi.log as { warn: (message: string, resource?: unknown) => Promise<void> };
const warn = log.warn;
log.warn = async (message, resource) => void warnings.push({ message, resource });
afterAll(() => {
  log.warn = warn;
});

/** Runs the step for the component `name` and returns its outputs, resolved. */
async function expose(
  name: string,
  exposure: { mode: "iam" | "cloudfront" | "public"; pathPrefix: string | undefined },
  extra = {},
) {
  const { parent, parentOf } = testParent(name);
  const fn = {
    name: pulumi.output(`${name}-fn`),
    physicalName: `livechat-test-test-${name}`,
    url: pulumi.output(`https://${host}/`),
  };
  const out = exposeSigner(
    name,
    fn,
    { exposure, cloudFrontDistributionArn: undefined, prefix: "", ...extra },
    childrenOf(parent),
  );
  const outputs = {
    originDomainName: await valueOf(out.originDomainName),
    originAccessControlId: await valueOf(out.originAccessControlId),
    origin: await valueOf(out.origin),
    cacheBehavior: await valueOf(out.cacheBehavior),
  };
  await settle();
  return {
    parent,
    parentOf,
    outputs,
    children: underName(name)
      .filter((r) => r.name !== name)
      .map((r) => `${r.type} ${r.name}`)
      .sort(),
  };
}

const noCloudFront = { originAccessControlId: undefined, origin: undefined, cacheBehavior: undefined };

describe("exposeSigner", () => {
  test("IAM mode: nothing besides the Function URL; the origin host only", async () => {
    const { children, outputs } = await expose("iam", { mode: "iam", pathPrefix: undefined });
    expect(children).toEqual([]);
    expect(outputs).toEqual({ originDomainName: host, ...noCloudFront });
  });

  test("a public Function URL: anyone's permission pair for auth NONE, no CloudFront wiring", async () => {
    const { children, outputs, parent, parentOf } = await expose("pub", { mode: "public", pathPrefix: undefined });
    expect(children).toEqual([`${T.permission} pub-public-invoke`, `${T.permission} pub-public-invoke-url`]);
    expect(unwrap(resource(T.permission, "pub-public-invoke-url").inputs)).toEqual({
      action: "lambda:InvokeFunctionUrl",
      function: "pub-fn",
      principal: "*",
      functionUrlAuthType: "NONE",
    });
    expect(unwrap(resource(T.permission, "pub-public-invoke").inputs)).toEqual({
      action: "lambda:InvokeFunction",
      function: "pub-fn",
      principal: "*",
      invokedViaFunctionUrl: true,
    });
    expect(parentOf.get("pub-public-invoke")).toBe(parent);
    expect(outputs).toEqual({ originDomainName: host, ...noCloudFront });
  });

  test("behind CloudFront, distribution unknown: the OAC and a warning naming what to add, no permission", async () => {
    const before = warnings.length;
    const edge = { mode: "cloudfront", pathPrefix: "/chat" } as const;
    const { children, outputs, parent, parentOf } = await expose("edge", edge, { prefix: "signer." });
    expect(children).toEqual([`${T.oac} edge-oac`]);
    expect(parentOf.get("edge-oac")).toBe(parent);
    expect(unwrap(resource(T.oac, "edge-oac").inputs)).toEqual({
      name: "livechat-test-test-edge",
      description: "CloudFront signs its requests to the Live Chat token signer's Function URL (livechat-aws)",
      originAccessControlOriginType: "lambda",
      signingBehavior: "always",
      signingProtocol: "sigv4",
    });
    expect(warnings.slice(before)).toEqual([
      { message: cloudFrontPermissionNote("TokenSigner edge", "livechat-test-test-edge", "signer."), resource: parent },
    ]);
    expect(warnings[before]?.message).toContain("set signer.cloudFrontDistributionArn to its ARN");
    expect(outputs).toEqual({
      originDomainName: host,
      originAccessControlId: "edge-oac-id",
      origin: expectedOrigin("edge", host, "edge-oac-id"),
      cacheBehavior: expectedCacheBehavior("edge", "/chat/*"),
    });
  });

  test("behind CloudFront, distribution known: the OAC and CloudFront's pair for that distribution, no warning", async () => {
    const before = warnings.length;
    const cloudfront = { mode: "cloudfront", pathPrefix: "/livechat" } as const;
    const { children } = await expose("cdn", cloudfront, { cloudFrontDistributionArn: distributionArn });
    expect(children).toEqual([
      `${T.oac} cdn-oac`,
      `${T.permission} cdn-cloudfront-invoke`,
      `${T.permission} cdn-cloudfront-invoke-url`,
    ]);
    const cdn = { function: "cdn-fn", principal: "cloudfront.amazonaws.com", sourceArn: distributionArn };
    const inputsOf = (name: string) => unwrap(resource(T.permission, name).inputs);
    expect(inputsOf("cdn-cloudfront-invoke-url")).toEqual({
      action: "lambda:InvokeFunctionUrl",
      ...cdn,
      functionUrlAuthType: "AWS_IAM",
    });
    expect(inputsOf("cdn-cloudfront-invoke")).toEqual({
      action: "lambda:InvokeFunction",
      ...cdn,
      invokedViaFunctionUrl: true,
    });
    expect(warnings.length).toBe(before);
  });
});
