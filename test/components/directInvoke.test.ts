// TokenSigner's `directInvoke`: off by default (invokers reach the function only through the
// Function URL: their InvokeFunction carries lambda:InvokedViaFunctionUrl); on, each invoker also
// gets a plain lambda:InvokeFunction, so the AWS SDK's Invoke with the request object works.
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, test } from "vitest";
import { account, installMocks, settle, underName, unwrap } from "./mocks.ts";

await installMocks("livechat-test", "test");
const { TokenSigner, LiveChat } = await import("../../components/index.ts");

const widgetId = "3f1c2b9e-5a7d-4e21-9b0c-7d6e5f4a3b21";
const secretArn = `arn:aws:secretsmanager:eu-central-1:${account}:secret:livechat/widget-key-AbC123`;
const invokers = [`arn:aws:iam::${account}:role/shop-backend`, "210987654321"];
const permissionType = "aws:lambda/permission:Permission";

/** name → inputs of the Lambda permissions registered under a component. */
function permissions(componentName: string): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    underName(componentName)
      .filter((r) => r.type === permissionType)
      .map((r) => [r.name, unwrap(r.inputs) as Record<string, unknown>]),
  );
}

describe("TokenSigner directInvoke", async () => {
  new TokenSigner("url-only", { widgetId, secretArn, allowedInvokerArns: invokers });
  new TokenSigner("signer-direct", { widgetId, secretArn, allowedInvokerArns: invokers, directInvoke: true });
  new LiveChat("direct-chat", {
    widgetId,
    secretArn: pulumi.output(secretArn),
    signer: { allowedInvokerArns: [invokers[0] as string], directInvoke: true },
  });
  await settle();

  test("off by default: no invoker may call the function except through its URL", () => {
    const granted = permissions("url-only");
    expect(Object.keys(granted).sort()).toEqual([
      "url-only-invoke-0",
      "url-only-invoke-1",
      "url-only-invoke-url-0",
      "url-only-invoke-url-1",
    ]);
    for (const [name, inputs] of Object.entries(granted)) {
      if (inputs["action"] === "lambda:InvokeFunction") expect(inputs["invokedViaFunctionUrl"], name).toBe(true);
    }
  });

  test("on: each invoker also gets a plain lambda:InvokeFunction, without the Function URL condition", () => {
    const granted = permissions("signer-direct");
    expect(
      Object.keys(granted)
        .filter((n) => n.includes("-invoke-direct-"))
        .sort(),
    ).toEqual(["signer-direct-invoke-direct-0", "signer-direct-invoke-direct-1"]);
    invokers.forEach((principal, i) => {
      expect(granted[`signer-direct-invoke-direct-${i}`]).toEqual({
        action: "lambda:InvokeFunction",
        function: "livechat-test-test-signer-direct",
        principal,
      });
      expect(granted[`signer-direct-invoke-${i}`]).toMatchObject({
        action: "lambda:InvokeFunction",
        principal,
        invokedViaFunctionUrl: true,
      });
    });
  });

  test("LiveChat passes signer.directInvoke through", () => {
    expect(permissions("direct-chat")["direct-chat-signer-invoke-direct-0"]).toEqual({
      action: "lambda:InvokeFunction",
      function: "livechat-test-test-direct-chat-signer",
      principal: invokers[0],
    });
  });

  test("a value that is not a boolean is refused, naming the field", () => {
    expect(() => new TokenSigner("refused", { widgetId, secretArn, directInvoke: "true" as never })).toThrow(
      'directInvoke is "true": use true or false (the default).',
    );
    expect(() => new LiveChat("refused-chat", { widgetId, secretArn, signer: { directInvoke: 1 as never } })).toThrow(
      "signer.directInvoke is 1: use true or false (the default).",
    );
  });
});
