// The TypeScript example stack (examples/typescript/, quoted by the README) runs under Pulumi mocks
// with its own Pulumi.dev.yaml and a key set as a secret, as `pulumi up` would run it.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { ofType, registered, unwrap } from "../components/mocks.ts";
import { runStack } from "../components/stackRun.ts";
import { independentHash } from "../support/independentHash.ts";

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../examples/typescript");
const secret = JSON.stringify({ id: 3, key: Buffer.alloc(32, 7).toString("base64") });
const { config, outputs } = await runStack("dev", { dir, secrets: { "livechat-typescript:secret": secret } });
const { buildCsp } = await import("../../components/csp/index.ts");
const { cspInputFromArgs } = await import("../../components/cspPolicy.ts");

describe("examples/typescript with Pulumi.dev.yaml", () => {
  test("creates a LiveChat whose outputs are the signer URL, the headers policy, the CSP and the snippet", async () => {
    expect(Object.keys(outputs).sort()).toEqual([
      "contentSecurityPolicy",
      "responseHeadersPolicyId",
      "signerUrl",
      "snippet",
    ]);
    expect(outputs["signerUrl"]).toMatch(/^https:\/\/chat-signer-url\.lambda-url\.eu-central-1\.on\.aws\/$/);
    expect(outputs["responseHeadersPolicyId"]).toBe("chat-csp-headers-id");
    const csp = buildCsp(
      cspInputFromArgs({
        infobipLiveChat: { region: "fr" },
        userpilot: { mode: "detailed" },
        reportOnly: true,
        reportUri: "https://shop.example/csp-report",
        liveChatSnippetWidgetId: config["livechat-typescript:widgetId"] as string,
      }),
    );
    expect(outputs["contentSecurityPolicy"]).toBe(csp.header);
    expect(outputs["snippet"]).toContain(`liveChat('init', '${config["livechat-typescript:widgetId"]}')`);
    // Apart from buildCsp: the fr account's widget.js, Userpilot, the report URI, and the snippet's own hash.
    expect(outputs["snippet"]).toContain("'https://livechat-fr.infobip.com/widget.js'");
    const header = outputs["contentSecurityPolicy"] as string;
    expect(header).toContain(" https://js.userpilot.io ");
    expect(header).toMatch(/; report-uri https:\/\/shop\.example\/csp-report$/);
    expect(header).toContain(await independentHash(outputs["snippet"] as string));
  });

  test("only the backend role from the stack's config may call the signer, and the key stays a secret", () => {
    const principals = ofType("aws:lambda/permission:Permission").map(
      (r) => (unwrap(r.inputs) as { principal: string }).principal,
    );
    expect(new Set(principals)).toEqual(new Set([config["livechat-typescript:backendRoleArn"]]));
    const version = ofType("aws:secretsmanager/secretVersion:SecretVersion");
    expect(version).toHaveLength(1);
    expect(
      JSON.stringify(
        registered
          .filter((r) => r.type !== "aws:secretsmanager/secretVersion:SecretVersion")
          .map((r) => unwrap(r.inputs)),
      ),
    ).not.toContain(Buffer.alloc(32, 7).toString("base64"));
  });
});
