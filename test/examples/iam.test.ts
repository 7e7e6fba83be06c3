// The caller-side IAM policies in examples/backend/iam/ (quoted by docs/backend.md): each grants
// exactly what the matching resource policy of TokenSigner allows, with the same condition keys
// (lambda:FunctionUrlAuthType for InvokeFunctionUrl, lambda:InvokedViaFunctionUrl for
// InvokeFunction), so a caller's identity policy and the function's resource policy meet.
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { account, installMocks, settle, underName, unwrap } from "../components/mocks.ts";

await installMocks("livechat-test", "test");
const { TokenSigner } = await import("../../components/index.ts");

interface Statement {
  readonly Effect: string;
  readonly Action: string;
  readonly Resource: string;
  readonly Condition?: Record<string, Record<string, string>>;
}

function statements(file: string): Statement[] {
  const policy = JSON.parse(readFileSync(new URL(`../../examples/backend/iam/${file}`, import.meta.url), "utf8")) as {
    Version: string;
    Statement: Statement[];
  };
  expect(policy.Version).toBe("2012-10-17");
  return policy.Statement;
}

/** The IAM condition a Lambda permission's fields stand for (AddPermission's documented mapping). */
function conditionOf(permission: Record<string, unknown>): Statement["Condition"] {
  if (permission["functionUrlAuthType"] !== undefined)
    return { StringEquals: { "lambda:FunctionUrlAuthType": String(permission["functionUrlAuthType"]) } };
  if (permission["invokedViaFunctionUrl"] === true) return { Bool: { "lambda:InvokedViaFunctionUrl": "true" } };
  return undefined;
}

describe("caller policies", async () => {
  new TokenSigner("shop", {
    widgetId: "3f1c2b9e-5a7d-4e21-9b0c-7d6e5f4a3b21",
    secretArn: `arn:aws:secretsmanager:eu-central-1:${account}:secret:w-AbC123`,
    allowedInvokerArns: ["210987654321"],
    directInvoke: true,
  });
  await settle();
  const granted = underName("shop")
    .filter((r) => r.type === "aws:lambda/permission:Permission")
    .map((r) => unwrap(r.inputs) as Record<string, unknown>)
    .map((p) => ({ Action: p["action"], Condition: conditionOf(p) }));

  test("caller-policy.json: both actions a Function URL call needs, each under the condition the component's resource policy uses", () => {
    const url = statements("caller-policy.json");
    const functionArn = "arn:aws:lambda:eu-central-1:111122223333:function:shop-prod-chat-signer";
    expect(url.map(({ Effect, Resource }) => [Effect, Resource])).toEqual([
      ["Allow", functionArn],
      ["Allow", functionArn],
    ]);
    const wanted = url.map(({ Action, Condition }) => ({ Action, Condition }));
    expect(wanted).toEqual([
      { Action: "lambda:InvokeFunctionUrl", Condition: { StringEquals: { "lambda:FunctionUrlAuthType": "AWS_IAM" } } },
      { Action: "lambda:InvokeFunction", Condition: { Bool: { "lambda:InvokedViaFunctionUrl": "true" } } },
    ]);
    for (const statement of wanted) expect(granted).toContainEqual(statement);
  });

  test("caller-policy-direct-invoke.json: a plain InvokeFunction, which the component grants only with directInvoke", () => {
    const direct = statements("caller-policy-direct-invoke.json");
    expect(direct.map(({ Effect, Action, Condition }) => ({ Effect, Action, Condition }))).toEqual([
      { Effect: "Allow", Action: "lambda:InvokeFunction", Condition: undefined },
    ]);
    expect(granted).toContainEqual({ Action: "lambda:InvokeFunction", Condition: undefined });
  });
});
