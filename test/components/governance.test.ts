// What organisations require of every component library (the most-requested issues of pulumi-awsx and
// pulumi-eks), under Pulumi mocks: a permissions boundary on the signer's role, the tags on every child
// AWS can tag, and nothing in the components that stops the caller's explicit provider or transformations
// from reaching each child. Which AWS resources are taggable is read from @pulumi/aws itself, not listed here.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/aws/provider.js";
import { describe, expect, test } from "vitest";
import { account, mockCall, outputsFor, physicalNameOf, region, settle, valueOf } from "./mocks.ts";
import { thrown } from "./thrown.ts";

interface Seen {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
  readonly provider: string | undefined;
  readonly transforms: number;
}
const seen: Seen[] = [];
await pulumi.runtime.setMocks(
  {
    newResource(args) {
      const inputs = (args.inputs ?? {}) as Record<string, unknown>;
      seen.push({
        type: args.type,
        name: args.name,
        inputs,
        provider: args.provider,
        transforms: args.transforms?.length ?? 0,
      });
      // AWS resources get the shared mocks' names and ARNs; components and the provider resource are not named by AWS.
      const cloud = args.type.startsWith("aws:")
        ? outputsFor(args.type, args.name, physicalNameOf(args.type, args.name, inputs))
        : {};
      return { id: `${args.name}-id`, state: { ...inputs, ...cloud } };
    },
    call: mockCall,
  },
  "livechat-test",
  "test",
);
const { LiveChat, ArgsError } = await import("../../components/index.ts");

const widgetId = "3f1c2b9e-5a7d-4e21-9b0c-7d6e5f4a3b21";
const boundary = `arn:aws:iam::${account}:policy/org/DeveloperBoundary`;
const tags = { team: "web", "cost-center": "42" };
const keyJson = JSON.stringify({ id: 7, key: Buffer.alloc(32, 7).toString("base64") });
const apiJson = JSON.stringify({ apiKey: "k".repeat(40), baseUrl: "https://xyz12.api.infobip.com" });

/** Every optional child on: the key and the Infobip API key created as secrets, an invoker, identity mode behind CloudFront. */
const everything = {
  widgetId,
  secretString: pulumi.secret(keyJson),
  signer: {
    allowedInvokerArns: [`arn:aws:iam::${account}:role/shop-backend`],
    infobipApiSecretString: pulumi.secret(apiJson),
    identity: { issuer: `https://cognito-idp.${region}.amazonaws.com/${region}_AbC123`, audiences: ["client-a"] },
    cloudFrontDistributionArn: `arn:aws:cloudfront::${account}:distribution/E2QWRUHAPOMQZL`,
    permissionsBoundary: boundary,
    tags,
  },
  alarms: { dashboard: true },
};

const awsRequire = createRequire(createRequire(import.meta.url).resolve("@pulumi/aws/package.json"));
/** Whether @pulumi/aws sends `tags` for resources of `type` (e.g. `aws:lambda/function:Function` → lambda/function.js). */
function taggable(type: string): boolean {
  const [, modulePath] = /^aws:([^:]+):/.exec(type) ?? [];
  if (modulePath === undefined) throw new Error(`not an aws resource type: ${type}`);
  const source = readFileSync(awsRequire.resolve(`./${modulePath}.js`), "utf8");
  return source.includes(`resourceInputs["tags"] = args?.tags`);
}

function created(name: string): Seen[] {
  return seen.filter((r) => r.name === name || r.name.startsWith(`${name}-`));
}

describe("a LiveChat with every optional child, a permissions boundary and tags", async () => {
  const chat = new LiveChat("full", everything);
  await valueOf(chat.functionUrl);
  await settle();
  const aws = created("full").filter((r) => r.type.startsWith("aws:"));

  test("the signer's role carries the permissions boundary", () => {
    const roles = aws.filter((r) => r.type === "aws:iam/role:Role");
    expect(roles.map((r) => r.inputs["permissionsBoundary"])).toEqual([boundary]);
  });

  test("every child AWS can tag carries the tags; the audit of those it cannot", () => {
    const byTaggability = { taggable: new Set<string>(), untaggable: new Set<string>() };
    for (const r of aws) {
      if (taggable(r.type)) {
        expect({ resource: r.name, tags: r.inputs["tags"] }).toEqual({ resource: r.name, tags });
        byTaggability.taggable.add(r.type);
      } else {
        byTaggability.untaggable.add(r.type);
      }
    }
    expect([...byTaggability.taggable].sort()).toEqual([
      "aws:cloudwatch/logGroup:LogGroup",
      "aws:cloudwatch/metricAlarm:MetricAlarm",
      "aws:iam/role:Role",
      "aws:lambda/function:Function",
      "aws:secretsmanager/secret:Secret",
    ]);
    expect([...byTaggability.untaggable].sort()).toEqual([
      "aws:cloudfront/originAccessControl:OriginAccessControl",
      "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy",
      "aws:cloudwatch/dashboard:Dashboard",
      "aws:iam/rolePolicy:RolePolicy",
      "aws:lambda/functionUrl:FunctionUrl",
      "aws:lambda/permission:Permission",
      "aws:secretsmanager/secretVersion:SecretVersion",
    ]);
    expect(aws.filter((r) => r.type === "aws:secretsmanager/secret:Secret")).toHaveLength(2);
  });

  test("a permissions boundary that is not a policy ARN is refused at preview, naming the field", () => {
    const refusal = thrown(
      ArgsError,
      () =>
        new LiveChat("bad-boundary", {
          ...everything,
          signer: { ...everything.signer, permissionsBoundary: "arn:aws:iam::123456789012:role/Admin" },
        }),
    );
    expect(refusal.field).toBe("signer.permissionsBoundary");
  });
});

describe("the caller's resource options reach every child", async () => {
  const explicit = new Provider("eu-west-1", { region: "eu-west-1" });
  const providerRef = `${await valueOf(explicit.urn)}::${await valueOf(explicit.id)}`;
  const transformed: string[] = [];
  const chat = new LiveChat("opts", everything, {
    providers: { aws: explicit },
    // SDK-side, so they run under mocks: each child passes through them on its way to the engine.
    transformations: [
      (args) => {
        transformed.push(`${args.type} ${args.name}`);
        return args.type === "aws:lambda/function:Function"
          ? { props: { ...args.props, memorySize: 1024 }, opts: args.opts }
          : undefined;
      },
    ],
    // Engine-side: run by the engine on the component and its descendants (not by mocks).
    transforms: [async () => undefined],
  });
  await valueOf(chat.functionUrl);
  await settle();
  const mine = created("opts");
  const children = mine.filter((r) => r.type !== "livechat-aws:index:LiveChat");

  test("an explicit aws provider binds every AWS resource, nested components' included", () => {
    const aws = mine.filter((r) => r.type.startsWith("aws:"));
    // The same arguments as the LiveChat above: every AWS child it created is here.
    expect(aws.length).toBe(created("full").filter((r) => r.type.startsWith("aws:")).length);
    expect(aws.filter((r) => r.provider !== providerRef).map((r) => r.name)).toEqual([]);
  });

  test("a transformation on the component sees the component and every child, and its change lands", () => {
    expect(transformed.sort()).toEqual(mine.map((r) => `${r.type} ${r.name}`).sort());
    expect(children.length).toBe(created("full").length - 1);
    expect(mine.find((r) => r.type === "aws:lambda/function:Function")?.inputs["memorySize"]).toBe(1024);
  });

  test("transforms go to the engine with the component's registration (the children descend from it, as above)", () => {
    expect(mine.find((r) => r.type === "livechat-aws:index:LiveChat")?.transforms).toBe(1);
    expect(children.every((r) => r.transforms === 0)).toBe(true);
  });
});
