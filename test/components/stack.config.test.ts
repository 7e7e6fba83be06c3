// Identity config keys of the stack program that do not fit together stop it before anything is created.
import { describe, expect, test } from "vitest";
import { runFixture } from "./fixtures/run.ts";

const base = {
  "livechat:widgetId": "00000000-0000-4000-8000-00000static0",
  "livechat:secretArn": "arn:aws:secretsmanager:eu-central-1:333333333333:secret:livechat/key-StA456",
};

async function run(config: Record<string, string>): Promise<string> {
  return ((await runFixture("stackRefusal.ts", [JSON.stringify({ ...base, ...config })])) as { message: string })
    .message;
}

describe.concurrent("stack config for identity mode", () => {
  test("identity keys without livechat:identityIssuer", async () => {
    expect(
      await run({
        "livechat:identityAudiences": '["client"]',
        "livechat:allowedOrigins": '["https://www.shop.example"]',
      }),
    ).toBe(
      "livechat:identityAudiences, livechat:allowedOrigins are set but livechat:identityIssuer is not: set the issuer to turn on OIDC identity mode, or remove them.",
    );
  });

  test("an issuer without audiences", async () => {
    expect(await run({ "livechat:identityIssuer": "https://shop.eu.auth0.com/" })).toBe(
      "livechat:identityAudiences is not set: list the site's OIDC client ID(s), e.g. pulumi config set --path 'livechat:identityAudiences[0]' <client ID>.",
    );
  });

  test("a public Function URL without allowed origins: the component's message, under signer.", async () => {
    expect(
      await run({
        "livechat:identityIssuer": "https://shop.eu.auth0.com/",
        "livechat:identityAudiences": '["client"]',
        "livechat:publicFunctionUrl": "true",
      }),
    ).toMatch(/^signer\.identity\.allowedOrigins is empty but signer\.publicFunctionUrl is true/);
  });

  test("a complete public configuration runs", async () => {
    expect(
      await run({
        "livechat:identityIssuer": "https://shop.eu.auth0.com/",
        "livechat:identityAudiences": '["client"]',
        "livechat:publicFunctionUrl": "true",
        "livechat:allowedOrigins": '["https://www.shop.example"]',
      }),
    ).toBe("no error");
  });
});
