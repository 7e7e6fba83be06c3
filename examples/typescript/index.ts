// The LiveChat stack in TypeScript: the same stack as ../yaml/Pulumi.yaml, from the npm package.
// String literals work where the other languages use the enums (architecture: "arm64").
import * as pulumi from "@pulumi/pulumi";
import { LambdaArchitecture, LiveChat, LogRetentionDays, UserpilotMode } from "livechat-aws";

const config = new pulumi.Config();

const chat = new LiveChat("chat", {
  widgetId: config.require("widgetId"),
  secretString: config.requireSecret("secret"), // the portal's {"id": …, "key": "…"} JSON
  signer: {
    allowedInvokerArns: [config.require("backendRoleArn")],
    architecture: LambdaArchitecture.Arm64,
    logRetentionInDays: LogRetentionDays.OneMonth,
    tags: { team: "web" },
  },
  csp: {
    infobipLiveChat: { region: "fr" },
    userpilot: { mode: UserpilotMode.Detailed },
    reportOnly: true,
    reportUri: "https://shop.example/csp-report",
  },
  inlineSnippet: true,
});

export const signerUrl = chat.functionUrl;
export const responseHeadersPolicyId = chat.policyId;
export const contentSecurityPolicy = chat.contentSecurityPolicy;
export const snippet = chat.snippet;
