// Every physical name the components register is one pulumi-aws and AWS accept, for any component name
// Pulumi allows (1–200 characters, dots, spaces, non-ASCII …), in every shape of the components. The
// mocks apply the provider's auto-naming and limits and refuse what the provider or AWS would refuse.
// And no name that works today changes: a child gets an explicit name only where its auto-name fails.
import * as pulumi from "@pulumi/pulumi";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  account,
  installMocks,
  namingRules,
  physicalNameOf,
  region,
  registered,
  settle,
  takeRefusals,
  type Registered,
} from "./mocks.ts";

await installMocks("livechat-test", "test");
const { TokenSigner } = await import("../../components/tokenSigner.ts");
const { CspPolicy } = await import("../../components/cspPolicy.ts");
const { LiveChat } = await import("../../components/liveChat.ts");

const widgetId = "3f1c2b9e-5a7d-4e21-9b0c-7d6e5f4a3b21";
const secretArn = `arn:aws:secretsmanager:${region}:${account}:secret:livechat/key-AbC123`;
const apiSecretArn = `arn:aws:secretsmanager:${region}:${account}:secret:livechat/api-AbC123`;
const secretString = JSON.stringify({ id: 3, key: Buffer.alloc(32, 7).toString("base64") });
const apiSecretString = JSON.stringify({ apiKey: "k".repeat(32), baseUrl: "https://xyz.api.infobip.com" });
const issuer = "https://idp.example.com/";
const distributionArn = `arn:aws:cloudfront::${account}:distribution/E2QWRUHAPOMQZL`;

/** Characters a Pulumi resource name may hold, weighted to the ones AWS names refuse. */
const nameCharacter = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") },
  { weight: 2, arbitrary: fc.constantFrom("-", "_", ".", " ", "@", "+", "=", ",", "/", "#", "(", ")", "'", "&") },
  { weight: 1, arbitrary: fc.constantFrom("é", "ß", "名", "ü", "\u00a0", "🙂", "Ω") },
);
const componentName = fc.string({ unit: nameCharacter, minLength: 1, maxLength: 200 });

/** The shapes a TokenSigner can take: secret source, invokers, exposure, session invalidation. */
const signerShape = fc.record({
  ownSecret: fc.boolean(),
  invokers: fc.constantFrom(0, 2),
  exposure: fc.constantFrom("iam", "cloudfront", "cloudfront-with-distribution", "public"),
  apiSecret: fc.constantFrom("none", "string", "arn"),
});
type SignerShape = typeof signerShape extends fc.Arbitrary<infer T> ? T : never;

function signerOptions(shape: SignerShape): Record<string, unknown> {
  const exposure =
    shape.exposure === "iam"
      ? {}
      : shape.exposure === "public"
        ? {
            identity: { issuer, audiences: ["client"], allowedOrigins: ["https://www.example.com"] },
            publicFunctionUrl: true,
          }
        : {
            identity: { issuer, audiences: ["client"] },
            ...(shape.exposure === "cloudfront-with-distribution"
              ? { cloudFrontDistributionArn: distributionArn }
              : {}),
          };
  return {
    ...(shape.invokers === 0 || shape.exposure === "public"
      ? {}
      : { allowedInvokerArns: [`arn:aws:iam::${account}:role/backend`, "210987654321"] }),
    ...exposure,
    ...(shape.apiSecret === "string" ? { infobipApiSecretString: pulumi.secret(apiSecretString) } : {}),
    ...(shape.apiSecret === "arn" ? { infobipApiSecretArn: apiSecretArn } : {}),
  };
}

function secretSource(shape: SignerShape): Record<string, unknown> {
  return shape.ownSecret ? { secretString: pulumi.secret(secretString) } : { secretArn };
}

/** Types the components always name themselves (function, logs, OAC, headers policy): not auto-named. */
const alwaysNamed = new Set([
  "aws:lambda/function:Function",
  "aws:cloudwatch/logGroup:LogGroup",
  "aws:cloudfront/originAccessControl:OriginAccessControl",
  "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy",
]);

/** Registers what `create` builds, waits, and checks every physical name; returns the new registrations. */
async function registerAndCheck(create: () => void): Promise<Registered[]> {
  const before = registered.length;
  // Pulumi records a stack trace for every promise it makes (for its leak report), and under vitest
  // each trace is source-mapped: that was two thirds of this file's time. Off while the components
  // register; on again for the checks, so a failing assertion still shows where it failed.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    create();
    await settle();
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  const mine = registered.slice(before);
  for (const r of mine) {
    const rule = namingRules[r.type];
    if (rule === undefined || rule === null) continue;
    expect(r.physicalName, `${r.type} ${r.name}`).toBeDefined();
    const name = r.physicalName as string;
    expect(name.length, `${r.type} ${r.name}: ${name}`).toBeLessThanOrEqual(rule.maxLength);
    expect(name, `${r.type} ${r.name}`).toMatch(rule.pattern);
    // A name the program gives is one Pulumi's auto-name could not have been: names that work today stay.
    const given = r.inputs[rule.property] !== undefined;
    if (given && !alwaysNamed.has(r.type)) {
      const { [rule.property]: _explicit, ...withoutName } = r.inputs;
      expect(
        () => physicalNameOf(r.type, r.name, withoutName),
        `${r.type} ${r.name} is named though its auto-name works`,
      ).toThrow();
    }
    if (!given) expect(alwaysNamed.has(r.type), `${r.type} ${r.name} is always named`).toBe(false);
  }
  const perType = new Map<string, string[]>();
  for (const r of mine.filter((m) => m.physicalName !== undefined))
    perType.set(r.type, [...(perType.get(r.type) ?? []), r.physicalName as string]);
  for (const [type, names] of perType) expect(new Set(names).size, `${type}: ${names.join(", ")}`).toBe(names.length);
  return mine;
}

const runs = { numRuns: 60, endOnFailure: true } as const;

describe("physical names are valid for any component name (fast-check, mocks with the provider's limits)", () => {
  test("TokenSigner", async () => {
    await fc.assert(
      fc.asyncProperty(componentName, signerShape, async (name, shape) => {
        await registerAndCheck(
          () => new TokenSigner(name, { widgetId, ...secretSource(shape), ...signerOptions(shape) }),
        );
      }),
      runs,
    );
  });

  test("CspPolicy", async () => {
    await fc.assert(
      fc.asyncProperty(componentName, fc.boolean(), async (name, snippet) => {
        await registerAndCheck(() => new CspPolicy(name, snippet ? { liveChatSnippetWidgetId: widgetId } : {}));
      }),
      runs,
    );
  });

  test("LiveChat", async () => {
    await fc.assert(
      fc.asyncProperty(componentName, signerShape, fc.boolean(), async (name, shape, inlineSnippet) => {
        await registerAndCheck(
          () => new LiveChat(name, { widgetId, ...secretSource(shape), signer: signerOptions(shape), inlineSnippet }),
        );
      }),
      runs,
    );
  });
});

describe("names at the edges", () => {
  // Longest names before the fix: a bare TokenSigner's role broke from 52 characters, LiveChat's from 45.
  test.each([44, 45, 51, 52, 63, 64, 79, 80, 106, 107, 113, 114, 200, 500])(
    "TokenSigner and LiveChat named with %i characters",
    async (length) => {
      const shape: SignerShape = {
        ownSecret: true,
        invokers: 2,
        exposure: "cloudfront-with-distribution",
        apiSecret: "string",
      };
      await registerAndCheck(
        () => new TokenSigner("t".repeat(length), { widgetId, ...secretSource(shape), ...signerOptions(shape) }),
      );
      await registerAndCheck(
        () => new LiveChat("l".repeat(length), { widgetId, ...secretSource(shape), signer: signerOptions(shape) }),
      );
    },
  );

  test("distinct long names that share their first 200 characters get distinct physical names", async () => {
    const stem = "x".repeat(200);
    const a = await registerAndCheck(
      () => new TokenSigner(`${stem}-a`, { widgetId, secretString: pulumi.secret(secretString) }),
    );
    const b = await registerAndCheck(
      () => new TokenSigner(`${stem}-b`, { widgetId, secretString: pulumi.secret(secretString) }),
    );
    const names = (list: Registered[]) =>
      list.filter((r) => r.physicalName !== undefined).map((r) => r.physicalName as string);
    for (const name of names(a)) expect(names(b)).not.toContain(name);
  });

  test("the mocks refuse what the provider refuses (the test can fail)", () => {
    expect(() => physicalNameOf("aws:iam/role:Role", `${"r".repeat(52)}-role`, {})).toThrow(
      `could not make instance of 'aws:iam/role:Role': name '${"r".repeat(52)}-role-' plus 7 random chars is longer than maximum length 64`,
    );
    expect(() => physicalNameOf("aws:lambda/permission:Permission", "my.chat-invoke-0", {})).toThrow(
      /invalid value for statementId \(must contain alphanumeric, underscores or dashes only\): "my\.chat-invoke-0-[0-9a-f]{7}"/,
    );
    expect(() => physicalNameOf("aws:iam/rolePolicy:RolePolicy", `${"p".repeat(114)}-policy`, {})).toThrow(
      /creating: ValidationException: expected length of name to be in the range \(1 - 128\)/,
    );
    expect(() => physicalNameOf("aws:secretsmanager/secret:Secret", "live chat-secret", {})).toThrow(
      /invalid value for name/,
    );
    expect(() => physicalNameOf("aws:iam/role:Role", "x", { name: "é" })).toThrow(/invalid value for name/);
    expect(() => physicalNameOf("aws:iam/role:Role", "x", { namePrefix: "p".repeat(39) })).toThrow(
      /invalid value for namePrefix \(at most 38 characters/,
    );
    expect(() => physicalNameOf("aws:ec2/vpc:Vpc", "x", {})).toThrow(/has no naming rule for aws:ec2\/vpc:Vpc/);
    expect(physicalNameOf("aws:iam/role:Role", "ok-role", {})).toMatch(/^ok-role-[0-9a-f]{7}$/);
    // A name in Unicode counts in bytes for Pulumi's cap, as Go's len does.
    expect(() => physicalNameOf("aws:lambda/function:Function", "é".repeat(29), {})).toThrow(
      /plus 7 random chars is longer than maximum length 64/,
    );
    expect(takeRefusals()).toEqual([]);
  });
});
