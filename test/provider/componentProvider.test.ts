// Python, Go, C# and YAML stacks reach the components only through Pulumi's component-provider protocol:
// the package started as Pulumi starts it (run-plugin, see test/support/componentProvider.ts), GetSchema
// for the SDKs `pulumi package add` generates, and Construct for every preview and update, against the
// engine's side played by test/support/pulumiEngineStandIn.ts. One provider process serves the file.
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { buildCsp } from "../../components/csp/index.ts";
import { cspInputFromArgs } from "../../components/cspPolicy.ts";
import { autoName, outputsFor, physicalNameOf } from "../components/mocks.ts";
import { startComponentProvider, type ComponentProvider, type ConstructResult } from "../support/componentProvider.ts";
import { startEngineStandIn, type EngineStandIn, type Registration } from "../support/pulumiEngineStandIn.ts";
import { yamlProgramProblems, type PackageSchema } from "../support/pulumiSchema.ts";
import { isWireSecret, plain, secretOutput } from "../support/pulumiWire.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { name: string; version: string };

const token = (name: string): string => `livechat-aws:index:${name}`;
const project = "shop";
const stack = "dev";

let engine: EngineStandIn;
let provider: ComponentProvider;
let schema: PackageSchema;
const programDir = mkdtempSync(path.join(tmpdir(), "livechat-python-program-"));

beforeAll(async () => {
  // The cloud of the mock tests: pulumi-aws's auto-names and AWS's limits, then the ARNs and URLs AWS assigns.
  engine = await startEngineStandIn({
    project,
    stack,
    cloudOutputs: (type, name, inputs) => outputsFor(type, name, physicalNameOf(type, name, inputs)),
  });
  // Pulumi runs the plugin with the program's directory (here: a Python stack's) as working directory.
  provider = await startComponentProvider({ pluginDir: root, engineAddress: engine.engineAddress, cwd: programDir });
  schema = (await provider.getSchema()) as PackageSchema;
}, 120_000);

afterAll(async () => {
  await provider?.close();
  await engine?.close();
  rmSync(programDir, { recursive: true, force: true });
});

/** Every `$ref` in `value`. */
function refs(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refs);
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    key === "$ref" && typeof inner === "string" ? [inner] : refs(inner),
  );
}

describe("GetSchema: what `pulumi package add` generates the Python, Go, C# and YAML SDKs from", () => {
  test("provider livechat-aws, schema and plugin version = package.json version, three components", async () => {
    expect(schema.name).toBe("livechat-aws");
    expect(manifest.name).toBe("livechat-aws");
    expect(schema.version).toBe(manifest.version);
    expect(await provider.getPluginVersion()).toBe(manifest.version);
    expect(Object.keys(schema.resources).sort()).toEqual([token("CspPolicy"), token("LiveChat"), token("TokenSigner")]);
    for (const resource of Object.values(schema.resources)) expect(resource.isComponent).toBe(true);
    expect(schema.dependencies ?? []).toEqual([]);
  });

  test("exactly these inputs and outputs, with the right ones required", () => {
    const shape = Object.fromEntries(
      Object.entries(schema.resources).map(([name, r]) => [
        name,
        {
          inputs: Object.keys(r.inputProperties).sort(),
          requiredInputs: r.requiredInputs,
          outputs: Object.keys(r.properties).sort(),
          required: r.required,
        },
      ]),
    );
    const signerOutputs = [
      "cacheBehavior",
      "functionArn",
      "functionName",
      "functionUrl",
      "infobipApiSecretArn",
      "logGroupName",
      "origin",
      "originAccessControlId",
      "originDomainName",
      "roleArn",
      "secretArn",
    ];
    expect(shape).toEqual({
      [token("LiveChat")]: {
        inputs: ["alarms", "csp", "inlineSnippet", "secretArn", "secretString", "signer", "widgetId"],
        requiredInputs: ["widgetId"],
        outputs: [
          ...signerOutputs,
          "contentSecurityPolicy",
          "headers",
          "policyId",
          "snippet",
          "snippetHash",
          "warnings",
        ].sort(),
        required: [
          "contentSecurityPolicy",
          "functionArn",
          "functionName",
          "functionUrl",
          "headers",
          "logGroupName",
          "originDomainName",
          "policyId",
          "roleArn",
          "secretArn",
          "warnings",
        ],
      },
      [token("TokenSigner")]: {
        inputs: [
          "alarms",
          "allowedInvokerArns",
          "architecture",
          "cloudFrontDistributionArn",
          "directInvoke",
          "functionName",
          "identity",
          "infobipApiSecretArn",
          "infobipApiSecretString",
          "kmsKeyArn",
          "logRetentionInDays",
          "maxTokenTtlSeconds",
          "memorySize",
          "pathPrefix",
          "permissionsBoundary",
          "publicFunctionUrl",
          "reservedConcurrency",
          "secretArn",
          "secretCacheSeconds",
          "secretString",
          "tags",
          "tokenTtlSeconds",
          "widgetId",
        ],
        requiredInputs: ["widgetId"],
        outputs: signerOutputs,
        required: [
          "functionArn",
          "functionName",
          "functionUrl",
          "logGroupName",
          "originDomainName",
          "roleArn",
          "secretArn",
        ],
      },
      [token("CspPolicy")]: {
        inputs: [
          "allowUnsafeEval",
          "comment",
          "cspQuotaCharacters",
          "directives",
          "frameOptions",
          "hstsPreload",
          "infobipLiveChat",
          "inlineScripts",
          "liveChatSnippetWidgetId",
          "name",
          "reportOnly",
          "reportToUrl",
          "reportUri",
          "userpilot",
        ],
        requiredInputs: [],
        outputs: ["contentSecurityPolicy", "headers", "policyId", "snippet", "snippetHash", "warnings"],
        required: ["contentSecurityPolicy", "headers", "policyId", "warnings"],
      },
    });
  });

  test("LiveChat has every output of TokenSigner and CspPolicy, typed the same (the README promises all of them)", () => {
    const live = schema.resources[token("LiveChat")]!.properties;
    for (const part of ["TokenSigner", "CspPolicy"]) {
      for (const [name, spec] of Object.entries(schema.resources[token(part)]!.properties)) {
        const { description: _partDoc, ...partType } = spec;
        const { description: _liveDoc, ...liveType } = live[name] ?? {};
        expect(liveType, `LiveChat.${name} (from ${part})`).toEqual(partType);
      }
    }
  });

  test("TokenSigner's inputs include everything it inherits from TokenSignerOptions, typed alike", () => {
    const options = schema.types[token("TokenSignerOptions")]?.properties ?? {};
    const signer = schema.resources[token("TokenSigner")]!.inputProperties;
    expect(Object.keys(options).length).toBeGreaterThan(15);
    for (const [name, spec] of Object.entries(options)) expect({ name, spec: signer[name] }).toEqual({ name, spec });
  });

  test("the fixed sets are enums, named as in TypeScript", () => {
    const enums = Object.fromEntries(
      Object.entries(schema.types)
        .filter(([, t]) => t.enum !== undefined)
        .map(([name, t]) => [name, { type: t.type, members: t.enum!.map((m) => `${m.name}=${m.value}`) }]),
    );
    expect(enums).toEqual({
      [token("LambdaArchitecture")]: { type: "string", members: ["Arm64=arm64", "X86_64=x86_64"] },
      [token("SubjectType")]: {
        type: "string",
        members: ["Email=email", "Msisdn=msisdn", "ExternalPersonId=externalPersonId"],
      },
      [token("UserpilotMode")]: { type: "string", members: ["Short=short", "Detailed=detailed"] },
      [token("LogRetentionDays")]: {
        type: "number",
        members: [
          "OneDay=1",
          "ThreeDays=3",
          "FiveDays=5",
          "OneWeek=7",
          "TwoWeeks=14",
          "OneMonth=30",
          "TwoMonths=60",
          "ThreeMonths=90",
          "FourMonths=120",
          "FiveMonths=150",
          "SixMonths=180",
          "OneYear=365",
          "ThirteenMonths=400",
          "EighteenMonths=545",
          "TwoYears=731",
          "ThreeYears=1096",
          "FiveYears=1827",
          "SixYears=2192",
          "SevenYears=2557",
          "EightYears=2922",
          "NineYears=3288",
          "TenYears=3653",
        ],
      },
    });
    const signer = schema.resources[token("TokenSigner")]!.inputProperties;
    expect(signer["architecture"]).toMatchObject({ $ref: `#/types/${token("LambdaArchitecture")}`, plain: true });
    expect(signer["logRetentionInDays"]).toMatchObject({ $ref: `#/types/${token("LogRetentionDays")}`, plain: true });
    expect(schema.types[token("TokenSignerIdentityOptions")]?.properties?.["subjectType"]).toMatchObject({
      $ref: `#/types/${token("SubjectType")}`,
    });
    expect(schema.types[token("UserpilotCspOptions")]?.properties?.["mode"]).toMatchObject({
      $ref: `#/types/${token("UserpilotMode")}`,
    });
  });

  test("object types: none named …Args (the SDKs add that suffix themselves), required fields right", () => {
    const objects = Object.entries(schema.types).filter(([, t]) => t.type === "object");
    expect(objects.map(([name]) => name).sort()).toEqual(
      [
        "CspPolicyOptions",
        "InfobipLiveChatCspOptions",
        "SignerAlarmsOptions",
        "SignerCacheBehavior",
        "SignerCustomOriginConfig",
        "SignerOrigin",
        "TokenSignerIdentityOptions",
        "TokenSignerOptions",
        "UserpilotCspOptions",
      ].map(token),
    );
    expect(schema.types[token("TokenSignerIdentityOptions")]?.required).toEqual(["audiences", "issuer"]);
    expect(schema.types[token("TokenSignerOptions")]?.required).toEqual([]);
    expect(schema.types[token("SignerOrigin")]?.required).toEqual([
      "customOriginConfig",
      "domainName",
      "originAccessControlId",
      "originId",
    ]);
    const live = schema.resources[token("LiveChat")]!.inputProperties;
    expect(live["signer"]).toMatchObject({ $ref: `#/types/${token("TokenSignerOptions")}`, plain: true });
    expect(live["csp"]).toMatchObject({ $ref: `#/types/${token("CspPolicyOptions")}`, plain: true });
    expect(live["alarms"]).toMatchObject({ $ref: `#/types/${token("SignerAlarmsOptions")}`, plain: true });
    expect(schema.types[token("SignerAlarmsOptions")]?.properties).toMatchObject({
      actions: { type: "array", items: { type: "string" }, plain: true },
      dashboard: { type: "boolean", plain: true },
    });
    // CspPolicyOptions is CspPolicyArgs under another name: the same properties, typed alike.
    expect(schema.types[token("CspPolicyOptions")]?.properties).toEqual(
      schema.resources[token("CspPolicy")]!.inputProperties,
    );
  });

  test("Inputs where Outputs may flow, plain values where the component decides at preview", () => {
    const signer = schema.resources[token("TokenSigner")]!.inputProperties;
    expect(signer["widgetId"]).toEqual(expect.objectContaining({ type: "string" }));
    expect(signer["widgetId"]?.plain).toBeUndefined();
    expect(signer["secretString"]?.plain).toBeUndefined();
    expect(signer["permissionsBoundary"]).toMatchObject({ type: "string" });
    expect(signer["permissionsBoundary"]?.plain).toBeUndefined();
    expect(signer["tags"]).toMatchObject({ type: "object", additionalProperties: { type: "string" } });
    expect(signer["allowedInvokerArns"]).toMatchObject({ type: "array", items: { type: "string" }, plain: true });
    expect(signer["tokenTtlSeconds"]).toMatchObject({ type: "number", plain: true });
    expect(schema.resources[token("LiveChat")]!.inputProperties["widgetId"]).toMatchObject({
      type: "string",
      plain: true,
    });
    expect(schema.resources[token("CspPolicy")]!.inputProperties["directives"]).toMatchObject({
      type: "object",
      additionalProperties: { type: "array", items: { type: "string" } },
    });
  });

  test("every reference resolves, nothing became `any`", () => {
    const unresolved = refs(schema).filter(
      (ref) => !(ref.startsWith("#/types/") && schema.types[ref.slice("#/types/".length)] !== undefined),
    );
    expect(unresolved).toEqual([]);
    expect(JSON.stringify(schema)).not.toContain("pulumi.json#/Any");
  });

  test("every component, input, output and type property is documented (the SDKs' docs)", () => {
    const undocumented: string[] = [];
    for (const [name, resource] of Object.entries(schema.resources)) {
      if (!resource.description) undocumented.push(name);
      for (const [prop, spec] of [
        ...Object.entries(resource.inputProperties),
        ...Object.entries(resource.properties),
      ]) {
        if (!spec.description) undocumented.push(`${name}.${prop}`);
      }
    }
    for (const [name, type] of Object.entries(schema.types)) {
      for (const [prop, spec] of Object.entries(type.properties ?? {}))
        if (!spec.description) undocumented.push(`${name}.${prop}`);
    }
    expect(undocumented).toEqual([]);
  });
});

describe("examples/yaml, the YAML stack, against the schema", () => {
  const program = yaml.load(readFileSync(path.join(root, "examples", "yaml", "Pulumi.yaml"), "utf8")) as Record<
    string,
    unknown
  >;

  test("uses LiveChat with properties, enum values and outputs the schema has, from the package it adds", () => {
    expect(yamlProgramProblems(program, schema)).toEqual([]);
    expect(Object.values(program["resources"] as object).map((r: { type: string }) => r.type)).toEqual([
      token("LiveChat"),
    ]);
    expect(Object.keys(program["packages"] as object)).toEqual(["livechat-aws"]);
    expect((program["packages"] as Record<string, string>)["livechat-aws"]).toMatch(
      new RegExp(`@v${manifest.version.replaceAll(".", "\\.")}$`),
    );
  });

  test("the check finds a misspelt property, a missing required input, a wrong enum value and an unknown output", () => {
    const resources = program["resources"] as Record<string, { type: string; properties: Record<string, unknown> }>;
    const [name, chat] = Object.entries(resources)[0]!;
    const { widgetId: _dropped, ...withoutWidget } = chat.properties;
    const broken = {
      ...program,
      resources: {
        [name]: { ...chat, properties: { ...withoutWidget, inlineSnipet: true, signer: { architecture: "arm" } } },
      },
      outputs: { url: `\${${name}.functionURL}` },
    };
    expect(yamlProgramProblems(broken, schema)).toEqual([
      `resources.${name}.properties.widgetId: required`,
      `resources.${name}.properties.signer.architecture: "arm" is not one of arm64, x86_64`,
      `resources.${name}.properties.inlineSnipet: no such property (known: widgetId, secretString, secretArn, signer, csp, inlineSnippet, alarms)`,
      `outputs: \${${name}.functionURL}: ${name} has no output functionURL`,
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Construct: what the engine asks the provider for at every preview and update of a non-TS stack.

const widgetId = "3f1c2b9e-5a7d-4e21-9b0c-7d6e5f4a3b21";
const keyBase64 = randomBytes(32).toString("base64");
const secretJson = JSON.stringify({ id: 7, key: keyBase64 });
const boundary = "arn:aws:iam::123456789012:policy/org/DeveloperBoundary";
const explicitProvider = `urn:pulumi:${stack}::${project}::pulumi:providers:aws::eu-west-1::0e9c2f4a-provider-id`;

async function construct(
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  providers?: Record<string, string>,
): Promise<ConstructResult> {
  engine.reset();
  return provider.construct({
    project,
    stack,
    monitorAddress: engine.monitorAddress,
    parent: engine.stackUrn,
    type: token(type),
    name,
    inputs,
    ...(providers === undefined ? {} : { providers }),
  });
}

/** `type name ← parent type`, one line per registration. */
function tree(registrations: readonly Registration[]): string[] {
  const typeOf = new Map(registrations.map((r) => [r.urn, r.type]));
  return registrations
    .map((r) => `${r.type} ${r.name} ← ${typeOf.get(r.parent) ?? (r.parent === engine.stackUrn ? "stack" : r.parent)}`)
    .sort();
}

/** The registrations whose inputs contain `text` anywhere, with the property holding it. */
function holders(registrations: readonly Registration[], text: string): string[] {
  return registrations.flatMap((r) =>
    Object.entries(r.inputs)
      .filter(([, value]) => JSON.stringify(value).includes(text))
      .map(([prop]) => `${r.type}.${prop}`),
  );
}

describe("Construct LiveChat from a non-TypeScript stack (secret key, Userpilot, snippet, boundary, tags)", () => {
  let result: ConstructResult;
  let registrations: Registration[];
  beforeAll(async () => {
    result = await construct("LiveChat", "chat", {
      widgetId,
      secretString: secretOutput(secretJson),
      signer: {
        allowedInvokerArns: ["arn:aws:iam::123456789012:role/shop-backend"],
        architecture: "x86_64",
        logRetentionInDays: 90,
        permissionsBoundary: boundary,
        tags: { team: "web", "cost-center": "42" },
      },
      csp: { userpilot: { mode: "detailed" } },
      inlineSnippet: true,
    });
    registrations = [...engine.registrations];
  }, 60_000);

  test("registers the component tree: LiveChat under the stack, its two components under it, AWS resources under those", () => {
    expect(tree(registrations)).toEqual(
      [
        `${token("LiveChat")} chat ← stack`,
        `${token("CspPolicy")} chat-csp ← ${token("LiveChat")}`,
        `aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy chat-csp-headers ← ${token("CspPolicy")}`,
        `${token("TokenSigner")} chat-signer ← ${token("LiveChat")}`,
        `aws:secretsmanager/secret:Secret chat-signer-secret ← ${token("TokenSigner")}`,
        `aws:secretsmanager/secretVersion:SecretVersion chat-signer-secret-version ← ${token("TokenSigner")}`,
        `aws:iam/role:Role chat-signer-role ← ${token("TokenSigner")}`,
        `aws:iam/rolePolicy:RolePolicy chat-signer-policy ← ${token("TokenSigner")}`,
        `aws:cloudwatch/logGroup:LogGroup chat-signer-logs ← ${token("TokenSigner")}`,
        `aws:lambda/function:Function chat-signer-function ← ${token("TokenSigner")}`,
        `aws:lambda/functionUrl:FunctionUrl chat-signer-url ← ${token("TokenSigner")}`,
        `aws:lambda/permission:Permission chat-signer-invoke-url-0 ← ${token("TokenSigner")}`,
        `aws:lambda/permission:Permission chat-signer-invoke-0 ← ${token("TokenSigner")}`,
      ].sort(),
    );
    expect(result.urn).toBe(`urn:pulumi:${stack}::${project}::${token("LiveChat")}::chat`);
    expect(engine.refused).toEqual([]);
  });

  test("returns the outputs: the exact CSP, the Function URL the cloud assigned, the snippet", () => {
    const state = plain(result.state) as Record<string, unknown>;
    const expected = buildCsp(cspInputFromArgs({ userpilot: { mode: "detailed" }, liveChatSnippetWidgetId: widgetId }));
    expect(state["contentSecurityPolicy"]).toBe(expected.header);
    expect(state["functionUrl"]).toBe(`https://chat-signer-url.lambda-url.eu-central-1.on.aws/`);
    expect(state["originDomainName"]).toBe("chat-signer-url.lambda-url.eu-central-1.on.aws");
    expect(String(state["snippet"])).toContain(`liveChat('init', '${widgetId}')`);
    expect(expected.header).toContain(String(state["snippetHash"]));
    expect(expected.header).toContain("wss://api.userpilot.io");
    expect((state["headers"] as Record<string, string>)["Content-Security-Policy"]).toBe(expected.header);
  });

  test("the enums arrive as their values: x86_64, 90 days", () => {
    const fn = registrations.find((r) => r.type === "aws:lambda/function:Function")!;
    expect(fn.inputs["architectures"]).toEqual(["x86_64"]);
    expect(registrations.find((r) => r.type === "aws:cloudwatch/logGroup:LogGroup")!.inputs["retentionInDays"]).toBe(
      90,
    );
  });

  test("the key stays secret across the boundary: plaintext only inside the SecretVersion's secret, nowhere else", () => {
    expect(holders(registrations, keyBase64)).toEqual(["aws:secretsmanager/secretVersion:SecretVersion.secretString"]);
    const version = registrations.find((r) => r.type === "aws:secretsmanager/secretVersion:SecretVersion")!;
    expect(isWireSecret(version.inputs["secretString"])).toBe(true);
    expect(plain(version.inputs["secretString"])).toBe(secretJson);
    expect(JSON.stringify(result.state)).not.toContain(keyBase64);
    expect(JSON.stringify([...engine.registeredOutputs.values()])).not.toContain(keyBase64);
    // Debug lines excepted: Pulumi's Node SDK itself logs every RegisterResource response at debug level, secret
    // outputs included (runtime/resource.ts "RegisterResource RPC finished"); `pulumi up --debug` prints them.
    expect(JSON.stringify(engine.logs.filter((line) => line.severity !== "debug"))).not.toContain(keyBase64);
    expect(provider.stderr()).not.toContain(keyBase64);
  });

  test("permissionsBoundary reaches the role; the tags reach every taggable child", () => {
    expect(registrations.find((r) => r.type === "aws:iam/role:Role")!.inputs["permissionsBoundary"]).toBe(boundary);
    const tagged = registrations.filter((r) => r.custom && r.inputs["tags"] !== undefined).map((r) => r.type);
    expect(tagged.sort()).toEqual([
      "aws:cloudwatch/logGroup:LogGroup",
      "aws:iam/role:Role",
      "aws:lambda/function:Function",
      "aws:secretsmanager/secret:Secret",
    ]);
    for (const r of registrations.filter((r) => r.inputs["tags"] !== undefined))
      expect(r.inputs["tags"]).toEqual({ team: "web", "cost-center": "42" });
  });
});

describe("Construct TokenSigner and CspPolicy on their own", () => {
  test("TokenSigner with an existing secret ARN: no secret created, its outputs returned", async () => {
    const secretArn = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:livechat/key-AbC123";
    const result = await construct("TokenSigner", "sig", { widgetId, secretArn, memorySize: 512 });
    expect(tree(engine.registrations).filter((line) => line.includes("secretsmanager"))).toEqual([]);
    const state = plain(result.state) as Record<string, unknown>;
    expect(state["secretArn"]).toBe(secretArn);
    expect(state["functionUrl"]).toBe("https://sig-url.lambda-url.eu-central-1.on.aws/");
    expect(state["roleArn"]).toBe(`arn:aws:iam::123456789012:role/${autoName("aws:iam/role:Role", "sig-role")}`);
    expect(engine.registrations.find((r) => r.type === "aws:lambda/function:Function")!.inputs["memorySize"]).toBe(512);
  });

  test("CspPolicy in report-only mode: one response-headers policy under the component, the header in the outputs", async () => {
    const args = { reportOnly: true, reportUri: "/csp-reports", infobipLiveChat: { region: "fr", precise: true } };
    const result = await construct("CspPolicy", "headers", args);
    expect(tree(engine.registrations)).toEqual(
      [
        `${token("CspPolicy")} headers ← stack`,
        `aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy headers-headers ← ${token("CspPolicy")}`,
      ].sort(),
    );
    const state = plain(result.state) as Record<string, unknown>;
    expect(state["contentSecurityPolicy"]).toBe(buildCsp(cspInputFromArgs(args)).header);
    expect(Object.keys(state["headers"] as object)).toContain("Content-Security-Policy-Report-Only");
  });
});

describe("resource options from the calling stack reach every child", () => {
  test("an explicit aws provider on the component binds every AWS resource it creates", async () => {
    await construct(
      "LiveChat",
      "pinned",
      { widgetId, secretString: secretOutput(secretJson) },
      { aws: explicitProvider },
    );
    const aws = engine.registrations.filter((r) => r.type.startsWith("aws:"));
    expect(aws).toHaveLength(8);
    expect(aws.filter((r) => r.provider !== explicitProvider).map((r) => `${r.type} ${r.provider}`)).toEqual([]);
  });

  test("every child descends from the component, so the engine applies the component's transforms to it", async () => {
    // The engine runs a resource's `transforms` on the resource and all its descendants; inside Construct the
    // provider only registers children, so what the component controls is that none escapes the parent chain.
    await construct("LiveChat", "chained", { widgetId, secretString: secretOutput(secretJson) });
    const byUrn = new Map(engine.registrations.map((r) => [r.urn, r]));
    const component = engine.registrations.find((r) => r.type === token("LiveChat"))!;
    for (const r of engine.registrations) {
      let ancestor: Registration | undefined = r;
      while (ancestor !== undefined && ancestor !== component) ancestor = byUrn.get(ancestor.parent);
      expect({ resource: `${r.type} ${r.name}`, descends: ancestor === component }).toEqual({
        resource: `${r.type} ${r.name}`,
        descends: true,
      });
    }
  });
});

// Last: a failed Construct leaves the provider's runtime with rejected registrations (the engine ends the
// deployment on the first error; this provider process is not reused after it).
describe("a refused argument", () => {
  test("comes back from Construct as the component's message, without the secret", async () => {
    const badKey = randomBytes(8).toString("base64");
    const refusal = await construct("LiveChat", "bad", {
      widgetId,
      secretString: secretOutput(JSON.stringify({ id: 7, key: badKey })),
    }).then(
      () => "constructed",
      (error: Error) => error.message,
    );
    expect(refusal).toContain("secretString is not usable (value not shown, it is secret)");
    expect(refusal).toContain("decodes to 8 bytes");
    expect(refusal).not.toContain(badKey);
  });
});
