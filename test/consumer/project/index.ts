// A consumer's program: creates a LiveChat under Pulumi mocks and prints, as one JSON line, its
// outputs and the SHA-256 of the Lambda code it would deploy. Compiled to CommonJS by the
// project's own tsc, so `require("livechat-aws")` loads the ESM package through require(esm).
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import { LiveChat, type LiveChatArgs } from "livechat-aws";
import { buildCsp, presets } from "livechat-aws/csp";

const codeHashes: Promise<string>[] = [];

async function main(): Promise<void> {
  await pulumi.runtime.setMocks(
    {
      newResource(args: pulumi.runtime.MockResourceArgs) {
        const name = typeof args.inputs.name === "string" ? args.inputs.name : args.name;
        const arn = "arn:aws:" + args.type.split(":")[1]!.split("/")[0] + ":eu-central-1:123456789012:" + name;
        if (args.type === "aws:lambda/function:Function") {
          const assets = args.inputs.code.assets as Promise<Record<string, { text: Promise<string> }>>;
          codeHashes.push(
            assets.then((a) => a["index.mjs"]!.text).then((text) => createHash("sha256").update(text).digest("hex")),
          );
        }
        const state: Record<string, unknown> = { ...args.inputs, arn };
        if (args.type === "aws:lambda/functionUrl:FunctionUrl")
          state.functionUrl = "https://" + args.name + ".lambda-url.eu-central-1.on.aws/";
        return { id: args.name + "-id", state };
      },
      call: (args: pulumi.runtime.MockCallArgs) => {
        throw new Error("unexpected call " + args.token);
      },
    },
    "shop-infra",
    "dev",
  );
  const args: LiveChatArgs = {
    widgetId: "3f1c2b9e-5a7d-4e21-9b0c-7d6e5f4a3b21",
    secretArn: "arn:aws:secretsmanager:eu-central-1:123456789012:secret:livechat/key-AbC123",
    signer: { allowedInvokerArns: ["arn:aws:iam::123456789012:role/shop-backend"] },
    csp: { reportOnly: true },
  };
  const chat = new LiveChat("chat", args);
  const outputs = await new Promise((resolve) =>
    pulumi
      .all({
        functionUrl: chat.functionUrl,
        functionArn: chat.functionArn,
        secretArn: chat.secretArn,
        policyId: chat.policyId,
        contentSecurityPolicy: chat.contentSecurityPolicy,
      })
      .apply(resolve),
  );
  const expectedCsp = buildCsp({ presets: [presets.infobipLiveChat()] }).header;
  const codeSha256 = await Promise.all(codeHashes);
  console.log(JSON.stringify({ node: process.version, outputs, expectedCsp, codeSha256 }));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
