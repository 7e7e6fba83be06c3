// Inputs that are Outputs (config values, secrets) are checked when known — at preview — and the
// program fails with the same message. Run in a child process: the failure is an unhandled
// rejection, which is how Pulumi's runner reports it.
import { describe, expect, test } from "vitest";
import { runFixture } from "./fixtures/run.ts";

async function refusal(which: string, value: string): Promise<{ name: string; message: string }> {
  return (await runFixture("previewRefusal.ts", [which, value])) as { name: string; message: string };
}

describe.concurrent("Output-valued arguments are refused at preview", () => {
  test("a secretString that is not the portal's JSON; the value is not echoed", async () => {
    const value = "top-secret-value-not-json";
    const error = await refusal("secretString", value);
    expect(error.name).toBe("ArgsError");
    expect(error.message).toContain(
      `secretString is not usable (value not shown, it is secret): The secret is not valid JSON: store the key exactly as the Infobip portal shows it: {"id": 3, "key": "<base64>"}.`,
    );
    expect(error.message).not.toContain(value);
  });

  test("a secretString whose key is too short", async () => {
    const error = await refusal("secretString", JSON.stringify({ id: 3, key: Buffer.alloc(16, 1).toString("base64") }));
    expect(error.message).toContain(`The secret's "key" decodes to 16 bytes; HS256 needs at least 32 (RFC 7518 §3.2).`);
  });

  test("a secretArn that is a name", async () => {
    const error = await refusal("secretArn", "livechat/key");
    expect(error.message).toContain(`secretArn "livechat/key" is not a Secrets Manager secret ARN`);
  });

  test("a widgetId with a quote", async () => {
    const error = await refusal("widgetId", "abc'def");
    expect(error.message).toContain(`widgetId "abc'def" is not a Live Chat widget ID`);
  });

  test("an infobipApiSecretString that is not the API secret JSON; the API key is not echoed", async () => {
    const apiKey = "SECRET-api-key-0123456789abcdef";
    const error = await refusal(
      "infobipApiSecretString",
      JSON.stringify({ apiKey, baseUrl: "https://x.api.infobip.com/livechat" }),
    );
    expect(error.name).toBe("ArgsError");
    expect(error.message).toContain(
      `infobipApiSecretString is not usable (value not shown, it is secret): The API secret's "baseUrl" must be the account's API origin only, ` +
        `without a path, query or fragment (e.g. https://xxxxx.api.infobip.com); got "https://x.api.infobip.com/livechat".`,
    );
    expect(error.message).not.toContain(apiKey);
  });

  test("a cloudFrontDistributionArn that is a distribution ID", async () => {
    const error = await refusal("cloudFrontDistributionArn", "E2QWRUHAPOMQZL");
    expect(error.message).toContain(`cloudFrontDistributionArn "E2QWRUHAPOMQZL" is not a CloudFront distribution ARN`);
  });

  test("under LiveChat, a signer argument is named as LiveChat's field (signer.…)", async () => {
    const error = await refusal("signer.kmsKeyArn", "alias/livechat");
    expect(error.name).toBe("ArgsError");
    expect(error.message).toContain(
      `signer.kmsKeyArn "alias/livechat" is not a KMS key ARN: use arn:aws:kms:<region>:<account>:key/<key-id>`,
    );
  });

  test("a good infobipApiSecretString passes", async () => {
    const error = await refusal(
      "infobipApiSecretString",
      JSON.stringify({ apiKey: "SECRET-api-key-0123456789abcdef", baseUrl: "https://x.api.infobip.com" }),
    );
    expect(error).toEqual({ name: "none", message: "no error" });
  });

  test("a good secretString passes", async () => {
    const error = await refusal("secretString", JSON.stringify({ id: 3, key: Buffer.alloc(32, 7).toString("base64") }));
    expect(error).toEqual({ name: "none", message: "no error" });
  });
});
