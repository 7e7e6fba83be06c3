// The one helper for an invoker's Function URL permission pair (components/invokePermissions.ts), under
// the mocks: the exact permissions for an IAM caller, anyone, and CloudFront on behalf of a distribution;
// the invokers' names with and without directInvoke; statement IDs only where the auto-name fails.
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, test } from "vitest";
import { account, installMocks, settle, testParent, underName, unwrap, resource } from "./mocks.ts";

await installMocks("livechat-test", "test");
const { childrenOf } = await import("../../components/children.ts");
const { permitFunctionUrl, permitInvokers } = await import("../../components/invokePermissions.ts");
const { autoNamedRules, nameUnlessAutoNamed } = await import("../../components/naming.ts");

const permission = "aws:lambda/permission:Permission";
const role = `arn:aws:iam::${account}:role/backend`;
const distributionArn = `arn:aws:cloudfront::${account}:distribution/E2QWRUHAPOMQZL`;
const inputsOf = (name: string) => unwrap(resource(permission, name).inputs);

describe("permitFunctionUrl", async () => {
  const { parent, parentOf } = testParent("pair");
  const children = childrenOf(parent);
  const fn = pulumi.output("signer-fn");
  permitFunctionUrl(
    { url: "pair-iam-url", invoke: "pair-iam" },
    fn,
    { principal: role, authType: "AWS_IAM" },
    children,
  );
  permitFunctionUrl(
    { url: "pair-anyone-url", invoke: "pair-anyone" },
    fn,
    { principal: "*", authType: "NONE" },
    children,
  );
  permitFunctionUrl(
    { url: "pair-cdn-url", invoke: "pair-cdn" },
    fn,
    { principal: "cloudfront.amazonaws.com", sourceArn: distributionArn, authType: "AWS_IAM" },
    children,
  );
  await settle();

  test("two permissions per caller, under the component, nothing else", () => {
    const names = ["pair-iam-url", "pair-iam", "pair-anyone-url", "pair-anyone", "pair-cdn-url", "pair-cdn"];
    const expected = ["test:index:Parent pair", ...names.map((n) => `${permission} ${n}`)];
    expect(
      underName("pair")
        .map((r) => `${r.type} ${r.name}`)
        .sort(),
    ).toEqual(expected.sort());
    for (const name of names) expect(parentOf.get(name), name).toBe(parent);
  });

  test("an IAM caller: InvokeFunctionUrl for AWS_IAM, and InvokeFunction only via the Function URL", () => {
    const iam = { function: "signer-fn", principal: role };
    expect(inputsOf("pair-iam-url")).toEqual({
      action: "lambda:InvokeFunctionUrl",
      ...iam,
      functionUrlAuthType: "AWS_IAM",
    });
    expect(inputsOf("pair-iam")).toEqual({ action: "lambda:InvokeFunction", ...iam, invokedViaFunctionUrl: true });
  });

  test("anyone, on a URL with auth NONE", () => {
    const anyone = { function: "signer-fn", principal: "*" };
    expect(inputsOf("pair-anyone-url")).toEqual({
      action: "lambda:InvokeFunctionUrl",
      ...anyone,
      functionUrlAuthType: "NONE",
    });
    expect(inputsOf("pair-anyone")).toEqual({
      action: "lambda:InvokeFunction",
      ...anyone,
      invokedViaFunctionUrl: true,
    });
  });

  test("a service principal on behalf of one resource: both permissions carry its source ARN", () => {
    const cdn = { function: "signer-fn", principal: "cloudfront.amazonaws.com", sourceArn: distributionArn };
    expect(inputsOf("pair-cdn-url")).toEqual({
      action: "lambda:InvokeFunctionUrl",
      ...cdn,
      functionUrlAuthType: "AWS_IAM",
    });
    expect(inputsOf("pair-cdn")).toEqual({ action: "lambda:InvokeFunction", ...cdn, invokedViaFunctionUrl: true });
  });
});

describe("permitInvokers", async () => {
  const invokers = [role, "210987654321"];
  permitInvokers("url-only", "fn-a", invokers, false, childrenOf(testParent("url-only").parent));
  permitInvokers("direct", "fn-b", invokers, true, childrenOf(testParent("direct").parent));
  permitInvokers("nobody", "fn-c", [], true, childrenOf(testParent("nobody").parent));
  await settle();
  const permissions = (name: string) =>
    underName(name)
      .filter((r) => r.type === permission)
      .map((r) => r.name)
      .sort();

  test("each invoker i gets <name>-invoke-url-i and <name>-invoke-i; with directInvoke also <name>-invoke-direct-i", () => {
    expect(permissions("url-only")).toEqual([
      "url-only-invoke-0",
      "url-only-invoke-1",
      "url-only-invoke-url-0",
      "url-only-invoke-url-1",
    ]);
    expect(permissions("direct")).toEqual([
      "direct-invoke-0",
      "direct-invoke-1",
      "direct-invoke-direct-0",
      "direct-invoke-direct-1",
      "direct-invoke-url-0",
      "direct-invoke-url-1",
    ]);
    expect(permissions("nobody")).toEqual([]);
  });

  test("the direct permission is a plain InvokeFunction, without the Function URL condition", () => {
    expect(inputsOf("direct-invoke-direct-1")).toEqual({
      action: "lambda:InvokeFunction",
      function: "fn-b",
      principal: "210987654321",
    });
    expect(inputsOf("direct-invoke-url-1")).toEqual({
      action: "lambda:InvokeFunctionUrl",
      function: "fn-b",
      principal: "210987654321",
      functionUrlAuthType: "AWS_IAM",
    });
  });
});

describe("statement IDs", async () => {
  const long = "s".repeat(95);
  permitInvokers(long, "fn-d", [role], false, childrenOf(testParent(long).parent));
  await settle();

  test("only a logical name whose auto-name AWS refuses gets an explicit statement ID", () => {
    const explicit = nameUnlessAutoNamed(`${long}-invoke-url-0`, autoNamedRules.statementId, ["livechat-test", "test"]);
    expect(explicit).toBeDefined();
    expect(inputsOf(`${long}-invoke-url-0`)).toMatchObject({ statementId: explicit });
    expect(inputsOf("url-only-invoke-url-0")).not.toHaveProperty("statementId");
  });
});
