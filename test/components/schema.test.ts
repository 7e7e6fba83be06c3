// Pulumi's component schema analyzer (what `pulumi package add` / multi-language components use)
// over the package's TypeScript sources: the three components must come out with their inputs and
// outputs, typed, documented, and without unsupported types (unions, callbacks, intersections).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { AnalyzeResult, Analyzer as AnalyzerClass } from "@pulumi/pulumi/provider/experimental/analyzer.js";
import { beforeAll, describe, expect, test } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const { Analyzer } = createRequire(import.meta.url)("@pulumi/pulumi/provider/experimental/analyzer") as { Analyzer: typeof AnalyzerClass };

let schema: AnalyzeResult;

beforeAll(() => {
  const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as Record<string, unknown>;
  // Point the analyzer at the TypeScript entry (the published `exports` name the compiled lib/).
  const sources = { ...manifest, exports: undefined, main: "components/index.ts" };
  schema = new Analyzer(root, "livechat-aws", sources, new Set(["LiveChat", "TokenSigner", "CspPolicy"])).analyze();
}, 60_000);

describe("component schema", () => {
  test("the three components, with exactly these inputs and outputs", () => {
    const shape = Object.fromEntries(
      Object.entries(schema.components).map(([name, c]) => [name, { inputs: Object.keys(c.inputs).sort(), outputs: Object.keys(c.outputs).sort() }]),
    );
    expect(shape).toEqual({
      LiveChat: {
        inputs: ["alarms", "csp", "inlineSnippet", "secretArn", "secretString", "signer", "widgetId"],
        outputs: [
          "cacheBehavior", "contentSecurityPolicy", "functionArn", "functionName", "functionUrl", "headers", "infobipApiSecretArn", "logGroupName", "origin",
          "originAccessControlId", "originDomainName", "policyId", "roleArn", "secretArn", "snippet", "snippetHash", "warnings",
        ],
      },
      TokenSigner: {
        inputs: [
          "alarms", "allowedInvokerArns", "architecture", "cloudFrontDistributionArn", "directInvoke", "functionName", "identity", "infobipApiSecretArn", "infobipApiSecretString",
          "kmsKeyArn", "logRetentionInDays", "maxTokenTtlSeconds", "memorySize", "pathPrefix", "publicFunctionUrl",
          "reservedConcurrency", "secretArn", "secretCacheSeconds", "secretString", "tags", "tokenTtlSeconds", "widgetId",
        ],
        outputs: [
          "cacheBehavior", "functionArn", "functionName", "functionUrl", "infobipApiSecretArn", "logGroupName", "origin", "originAccessControlId",
          "originDomainName", "roleArn", "secretArn",
        ],
      },
      CspPolicy: {
        inputs: [
          "allowUnsafeEval", "comment", "cspQuotaCharacters", "directives", "frameOptions", "hstsPreload", "infobipLiveChat", "inlineScripts", "liveChatSnippetWidgetId",
          "name", "reportOnly", "reportToUrl", "reportUri", "userpilot",
        ],
        outputs: ["contentSecurityPolicy", "headers", "policyId", "snippet", "snippetHash", "warnings"],
      },
    });
  });

  test("LiveChat has every output of TokenSigner and CspPolicy, typed the same (the README promises all of them)", () => {
    const live = schema.components["LiveChat"]!.outputs;
    for (const part of ["TokenSigner", "CspPolicy"]) {
      for (const [name, def] of Object.entries(schema.components[part]!.outputs)) {
        const { description: _partDoc, ...partType } = def;
        const { description: _liveDoc, ...liveType } = live[name] ?? {};
        expect(liveType, `LiveChat.${name} (from ${part})`).toEqual(partType);
      }
    }
  });

  test("required and optional inputs, Inputs vs plain values", () => {
    const signer = schema.components["TokenSigner"]!.inputs;
    expect(signer["widgetId"]).toMatchObject({ type: "string" });
    expect(signer["widgetId"]?.optional).toBeUndefined();
    expect(signer["secretString"]).toMatchObject({ type: "string", optional: true });
    expect(signer["secretString"]?.plain).toBeUndefined();
    expect(signer["tokenTtlSeconds"]).toMatchObject({ type: "number", optional: true, plain: true });
    expect(signer["allowedInvokerArns"]).toMatchObject({ type: "array", items: { type: "string" }, optional: true });
    expect(signer["tags"]).toMatchObject({ type: "object", additionalProperties: { type: "string" }, optional: true });
    const live = schema.components["LiveChat"]!.inputs;
    expect(live["widgetId"]).toMatchObject({ type: "string", plain: true });
    expect(live["signer"]).toMatchObject({ $ref: "#/types/livechat-aws:index:TokenSignerOptions", optional: true });
    expect(live["csp"]).toMatchObject({ $ref: "#/types/livechat-aws:index:CspPolicyArgs", optional: true });
    expect(signer["identity"]).toMatchObject({ $ref: "#/types/livechat-aws:index:TokenSignerIdentityArgs", optional: true, plain: true });
    expect(signer["publicFunctionUrl"]).toMatchObject({ type: "boolean", optional: true, plain: true });
    expect(signer["directInvoke"]).toMatchObject({ type: "boolean", optional: true, plain: true });
    expect(signer["pathPrefix"]).toMatchObject({ type: "string", optional: true, plain: true });
    expect(signer["cloudFrontDistributionArn"]).toMatchObject({ type: "string", optional: true });
    expect(signer["cloudFrontDistributionArn"]?.plain).toBeUndefined();
    expect(signer["infobipApiSecretString"]).toMatchObject({ type: "string", optional: true });
    expect(signer["infobipApiSecretArn"]).toMatchObject({ type: "string", optional: true });
    const signerOutputs = schema.components["TokenSigner"]!.outputs;
    expect(signerOutputs["originDomainName"]).toMatchObject({ type: "string" });
    expect(signerOutputs["originDomainName"]?.optional).toBeUndefined();
    expect(signerOutputs["originAccessControlId"]).toMatchObject({ type: "string", optional: true });
    expect(signerOutputs["origin"]).toMatchObject({ $ref: "#/types/livechat-aws:index:SignerOrigin", optional: true });
    expect(signerOutputs["cacheBehavior"]).toMatchObject({ $ref: "#/types/livechat-aws:index:SignerCacheBehavior", optional: true });
    const csp = schema.components["CspPolicy"]!.inputs;
    expect(csp["directives"]).toMatchObject({ type: "object", additionalProperties: { type: "array", items: { type: "string" } } });
    expect(csp["infobipLiveChat"]).toMatchObject({ $ref: "#/types/livechat-aws:index:InfobipLiveChatCspArgs" });
  });

  test("nested argument types", () => {
    expect(Object.keys(schema.typeDefinitions).sort()).toEqual([
      "CspPolicyArgs", "InfobipLiveChatCspArgs", "SignerAlarmsArgs", "SignerCacheBehavior", "SignerCustomOriginConfig", "SignerOrigin", "TokenSignerIdentityArgs",
      "TokenSignerOptions", "UserpilotCspArgs",
    ]);
    const identity = schema.typeDefinitions["TokenSignerIdentityArgs"]!;
    expect(Object.keys(identity.properties ?? {}).sort()).toEqual([
      "allowedOrigins", "audiences", "header", "issuer", "jwksUri", "sessionClaim", "subjectClaim", "subjectType",
    ]);
    const required = Object.entries(identity.properties ?? {}).filter(([, def]) => def.optional !== true).map(([prop]) => prop);
    expect(required.sort()).toEqual(["audiences", "issuer"]);
    expect(identity.properties?.["audiences"]).toMatchObject({ type: "array", items: { type: "string" }, plain: true });
    expect(Object.keys(schema.typeDefinitions["SignerCacheBehavior"]!.properties ?? {}).sort()).toEqual([
      "allowedMethods", "cachePolicyId", "cachedMethods", "compress", "originRequestPolicyId", "pathPattern", "targetOriginId", "viewerProtocolPolicy",
    ]);
    expect(Object.keys(schema.typeDefinitions["SignerOrigin"]!.properties ?? {}).sort()).toEqual([
      "customOriginConfig", "domainName", "originAccessControlId", "originId",
    ]);
    expect(Object.keys(schema.typeDefinitions["InfobipLiveChatCspArgs"]!.properties ?? {}).sort()).toEqual(["apiRegion", "defaultIcon", "enabled", "precise", "region"]);
    const alarms = schema.typeDefinitions["SignerAlarmsArgs"]!.properties ?? {};
    expect(alarms).toMatchObject({ actions: { type: "array", items: { type: "string" }, optional: true }, dashboard: { type: "boolean", optional: true, plain: true } });
    expect(Object.keys(alarms).sort()).toEqual(["actions", "dashboard"]);
    expect(schema.components["LiveChat"]!.inputs["alarms"]).toMatchObject({ $ref: "#/types/livechat-aws:index:SignerAlarmsArgs", optional: true });
  });

  test("every input and output is documented (JSDoc becomes the docs)", () => {
    const undocumented: string[] = [];
    for (const [name, component] of Object.entries(schema.components)) {
      if (!component.description) undocumented.push(name);
      for (const [prop, def] of [...Object.entries(component.inputs), ...Object.entries(component.outputs)]) {
        if (!def.description) undocumented.push(`${name}.${prop}`);
      }
    }
    for (const [name, type] of Object.entries(schema.typeDefinitions)) {
      for (const [prop, def] of Object.entries(type.properties ?? {})) if (!def.description) undocumented.push(`${name}.${prop}`);
    }
    expect(undocumented).toEqual([]);
  });

  test("depends on no other Pulumi package's resources", () => {
    expect(schema.dependencies).toEqual([]);
  });
});
