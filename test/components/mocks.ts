// Pulumi mocks for the component tests: records every resource registered, answers with
// deterministic cloud-assigned outputs, and unwraps Pulumi's wire encoding (secrets, assets).
// Where it matters they behave like the real provider: a child the program leaves unnamed gets
// pulumi-aws's auto-name (`<logical name>-<7 random hex>`, seeded here), and every physical name
// is held to pulumi-aws's and AWS's limits, so a registration that `pulumi preview` or AWS would
// refuse is refused here, with the same kind of message. Functions they do not know are refused too.
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { secretSig, sigKey } from "../support/pulumiWire.ts";

export const account = "123456789012";
export const region = "eu-central-1";

/** The types of the resources the components create, by a short name. */
export const T = {
  secret: "aws:secretsmanager/secret:Secret",
  version: "aws:secretsmanager/secretVersion:SecretVersion",
  role: "aws:iam/role:Role",
  policy: "aws:iam/rolePolicy:RolePolicy",
  logs: "aws:cloudwatch/logGroup:LogGroup",
  fn: "aws:lambda/function:Function",
  url: "aws:lambda/functionUrl:FunctionUrl",
  permission: "aws:lambda/permission:Permission",
  oac: "aws:cloudfront/originAccessControl:OriginAccessControl",
  distribution: "aws:cloudfront/distribution:Distribution",
} as const;

/** A resource as the mock monitor saw it. `inputs` still carries Pulumi's wire encoding. */
export interface Registered {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
  /** The physical name the provider would use (given by the program, or auto-named), for types that have one. */
  readonly physicalName?: string;
}

/** A registration the mocks refused, as the provider or AWS would. */
export interface Refusal {
  readonly type: string;
  readonly name: string;
  readonly message: string;
}

export const registered: Registered[] = [];
const refused: Refusal[] = [];

/**
 * How one AWS resource type is named. Kept apart from components/naming.ts on purpose: this is the test's
 * own reading of the provider and AWS, so a wrong rule in the product cannot also blind the test.
 */
export interface NamingRule {
  /** The input pulumi-aws auto-names when the program leaves it (and `prefixProperty`) unset. */
  readonly property: string;
  /**
   * pulumi-aws's cap on that auto-name (its resource_overrides.go `AutoName(…, N)`, else 255 for every `name`):
   * a longer one fails `pulumi preview`. Counted in bytes, as Go's `len` does.
   */
  readonly autoNameMaxLength: number;
  /** The `<property>Prefix` input: the provider then appends a 26-character unique suffix. */
  readonly prefixProperty?: string;
  /** AWS's (or the provider's plan-time) limit on the final name, in characters. */
  readonly maxLength: number;
  /** Every name AWS accepts matches this. */
  readonly pattern: RegExp;
  /** `pattern` for people, as the provider's message says it. */
  readonly allowed: string;
  /** Who refuses a name outside `maxLength`/`pattern`: the provider at preview, or AWS when creating. */
  readonly checkedBy: "provider" | "aws";
}

const printable = /^[^\u0000-\u001f\u007f]+$/;

/** The naming rule of every custom resource type the components (and their tests) create. */
export const namingRules: Readonly<Record<string, NamingRule | null>> = {
  // resource_overrides.go: AutoName("name", 64, "-"); terraform-provider-aws validResourceName(64), prefix ≤ 38.
  "aws:iam/role:Role": {
    property: "name",
    autoNameMaxLength: 64,
    prefixProperty: "namePrefix",
    maxLength: 64,
    pattern: /^[\w+=,.@-]+$/,
    allowed: "[\\w+=,.@-]",
    checkedBy: "provider",
  },
  // Default auto-name (255); AWS PutRolePolicy PolicyName: 1–128, [\w+=,.@-]+.
  "aws:iam/rolePolicy:RolePolicy": {
    property: "name",
    autoNameMaxLength: 255,
    prefixProperty: "namePrefix",
    maxLength: 128,
    pattern: /^[\w+=,.@-]+$/,
    allowed: "[\\w+=,.@-]+",
    checkedBy: "aws",
  },
  // resource_overrides.go: AutoName("statementId", 100, "-"); validPolicyStatementID: 1–100, [0-9A-Za-z_-].
  "aws:lambda/permission:Permission": {
    property: "statementId",
    autoNameMaxLength: 100,
    prefixProperty: "statementIdPrefix",
    maxLength: 100,
    pattern: /^[0-9A-Za-z_-]+$/,
    allowed: "alphanumeric, underscores or dashes only",
    checkedBy: "provider",
  },
  // Default auto-name (255); AWS CreateSecret Name: 1–512, letters, digits and /_+=.@-.
  "aws:secretsmanager/secret:Secret": {
    property: "name",
    autoNameMaxLength: 255,
    prefixProperty: "namePrefix",
    maxLength: 512,
    pattern: /^[A-Za-z0-9/_+=.@-]+$/,
    allowed: "alphanumeric characters or any of -/_+=.@",
    checkedBy: "aws",
  },
  // Default auto-name (255); validLogGroupName: 1–512, [.\-_/#A-Za-z0-9].
  "aws:cloudwatch/logGroup:LogGroup": {
    property: "name",
    autoNameMaxLength: 255,
    prefixProperty: "namePrefix",
    maxLength: 512,
    pattern: /^[.\-_/#A-Za-z0-9]+$/,
    allowed: "alphanumeric characters, underscores, hyphens, slashes, hash signs and dots",
    checkedBy: "provider",
  },
  // resource_overrides.go: AutoName("name", 64, "-") on function_name; CreateFunction: 1–64, [a-zA-Z0-9-_].
  "aws:lambda/function:Function": {
    property: "name",
    autoNameMaxLength: 64,
    maxLength: 64,
    pattern: /^[A-Za-z0-9_-]+$/,
    allowed: "letters, numbers, hyphens or underscores",
    checkedBy: "provider",
  },
  // Default auto-name (255) on the required name; CloudFront CreateOriginAccessControl Name: at most 64.
  "aws:cloudfront/originAccessControl:OriginAccessControl": {
    property: "name",
    autoNameMaxLength: 255,
    maxLength: 64,
    pattern: printable,
    allowed: "printable characters",
    checkedBy: "provider",
  },
  // Default auto-name (255); CloudFront policy names: 1–128 letters, digits, hyphens and underscores.
  "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy": {
    property: "name",
    autoNameMaxLength: 255,
    maxLength: 128,
    pattern: /^[A-Za-z0-9_-]+$/,
    allowed: "letters, digits, hyphens and underscores",
    checkedBy: "aws",
  },
  // resource_overrides.go: AutoName("name", 255, "-") on alarm_name; PutMetricAlarm AlarmName: 1–255.
  "aws:cloudwatch/metricAlarm:MetricAlarm": {
    property: "name",
    autoNameMaxLength: 255,
    maxLength: 255,
    pattern: printable,
    allowed: "printable characters",
    checkedBy: "aws",
  },
  // We always name it (dashboardName); PutDashboard DashboardName: 1–255, letters, digits, "-" and "_".
  "aws:cloudwatch/dashboard:Dashboard": {
    property: "dashboardName",
    autoNameMaxLength: 255,
    maxLength: 255,
    pattern: /^[A-Za-z0-9_-]+$/,
    allowed: "alphanumerics, dash (-) and underscore (_)",
    checkedBy: "aws",
  },
  // Default auto-name (255); SNS CreateTopic Name: 1–256 letters, digits, hyphens, underscores (+ .fifo).
  "aws:sns/topic:Topic": {
    property: "name",
    autoNameMaxLength: 255,
    prefixProperty: "namePrefix",
    maxLength: 256,
    pattern: /^[A-Za-z0-9_-]+(\.fifo)?$/,
    allowed: "alphanumeric characters, hyphens and underscores",
    checkedBy: "aws",
  },
  // No physical name the program or Pulumi chooses.
  "aws:secretsmanager/secretVersion:SecretVersion": null,
  "aws:lambda/functionUrl:FunctionUrl": null,
  "aws:cloudfront/distribution:Distribution": null,
};

/** The 7 "random" hex characters Pulumi would append to `logicalName` (seeded by type and name, so tests can predict them). */
function autoNameSuffix(type: string, logicalName: string): string {
  return createHash("sha256").update(`${type}::${logicalName}`).digest("hex").slice(0, 7);
}

/** The auto-name pulumi-aws gives a `type` child named `logicalName` in the program. */
export function autoName(type: string, logicalName: string): string {
  return `${logicalName}-${autoNameSuffix(type, logicalName)}`;
}

/** A 26-character suffix like the one terraform's `name_prefix` appends (a timestamp and a counter). */
function prefixSuffix(type: string, logicalName: string): string {
  return `20250101000000${createHash("sha256").update(`prefix::${type}::${logicalName}`).digest("hex").slice(0, 12)}`.slice(
    0,
    26,
  );
}

/**
 * The physical name the provider would give a `type` resource named `logicalName` with `inputs`, checked against
 * the rules; throws the provider's (or AWS's) kind of error when it would refuse. `undefined` for unnamed types.
 */
export function physicalNameOf(type: string, logicalName: string, inputs: Record<string, unknown>): string | undefined {
  const rule = namingRules[type];
  if (rule === undefined) {
    throw new Error(
      `test/components/mocks.ts has no naming rule for ${type}: add which input pulumi-aws auto-names and AWS's limits on it ` +
        `(see the provider's resource_overrides.go and the service's API reference), or null when it has no name.`,
    );
  }
  if (rule === null) return undefined;
  const given = unwrap(inputs[rule.property]);
  const prefix = rule.prefixProperty === undefined ? undefined : unwrap(inputs[rule.prefixProperty]);
  let name: string;
  if (typeof given === "string") {
    name = given;
  } else if (typeof prefix === "string") {
    const limit = rule.maxLength - 26;
    if (prefix.length > limit || !rule.pattern.test(prefix)) {
      throw new Error(
        `invalid value for ${rule.prefixProperty} (at most ${limit} characters, ${rule.allowed}): ${JSON.stringify(prefix)}`,
      );
    }
    name = `${prefix}${prefixSuffix(type, logicalName)}`;
  } else {
    const autoPrefix = `${logicalName}-`;
    if (Buffer.byteLength(autoPrefix, "utf8") + 7 > rule.autoNameMaxLength) {
      throw new Error(
        `could not make instance of '${type}': name '${autoPrefix}' plus 7 random chars is longer than maximum length ${rule.autoNameMaxLength}`,
      );
    }
    name = autoName(type, logicalName);
  }
  // The provider checks at preview; what only AWS checks fails when the resource is created.
  const when = rule.checkedBy === "provider" ? "" : "creating: ValidationException: ";
  if (name.length < 1 || name.length > rule.maxLength) {
    throw new Error(
      `${when}expected length of ${rule.property} to be in the range (1 - ${rule.maxLength}), got ${JSON.stringify(name)} (${name.length})`,
    );
  }
  if (!rule.pattern.test(name)) {
    throw new Error(
      `${when}invalid value for ${rule.property} (must contain ${rule.allowed}): ${JSON.stringify(name)}`,
    );
  }
  return name;
}

/** What the cloud assigns a `type` resource on creation (its ARN, URL or own name), given its physical name (`physicalNameOf`). */
export function outputsFor(type: string, name: string, physical: string | undefined): Record<string, unknown> {
  const named = physical ?? name;
  const ownName = physical === undefined ? {} : { [namingRules[type]?.property ?? "name"]: physical };
  switch (type) {
    case "aws:secretsmanager/secret:Secret":
      return { ...ownName, arn: `arn:aws:secretsmanager:${region}:${account}:secret:${named}-AbCdEf` };
    case "aws:iam/role:Role":
      return { ...ownName, arn: `arn:aws:iam::${account}:role/${named}` };
    case "aws:cloudwatch/logGroup:LogGroup":
      return { ...ownName, arn: `arn:aws:logs:${region}:${account}:log-group:${named}` };
    case "aws:lambda/function:Function":
      return { ...ownName, arn: `arn:aws:lambda:${region}:${account}:function:${named}` };
    case "aws:lambda/functionUrl:FunctionUrl": {
      // AWS picks a 32-character ID; the logical name stands in for it when it could be a host label (readable tests).
      const id = /^[a-z0-9-]{1,63}$/.test(name) ? name : createHash("sha256").update(name).digest("hex").slice(0, 32);
      return { functionUrl: `https://${id}.lambda-url.${region}.on.aws/` };
    }
    case "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy":
      return { ...ownName, etag: "E1" };
    case "aws:cloudfront/distribution:Distribution":
      return {
        arn: `arn:aws:cloudfront::${account}:distribution/E${name.toUpperCase().replace(/[^A-Z0-9]/g, "")}`,
        domainName: `d111111abcdef8.cloudfront.net`,
      };
    default:
      return ownName;
  }
}

/** Answers of the provider functions the components may call; any other call is refused. */
const functions: Readonly<Record<string, () => Record<string, unknown>>> = {
  "aws:index/getRegion:getRegion": () => ({
    id: region,
    name: region,
    region,
    endpoint: `ec2.${region}.amazonaws.com`,
  }),
  "aws:index/getCallerIdentity:getCallerIdentity": () => ({
    id: account,
    accountId: account,
    arn: `arn:aws:iam::${account}:user/test`,
    userId: "AIDATEST",
  }),
  "aws:index/getPartition:getPartition": () => ({
    id: "aws",
    partition: "aws",
    dnsSuffix: "amazonaws.com",
    reverseDnsPrefix: "com.amazonaws",
  }),
};

/** The answer of a provider function the components may call; any other call is refused. */
export function mockCall(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
  const answer = functions[args.token];
  if (answer === undefined) {
    throw new Error(
      `test/components/mocks.ts does not know the function ${args.token}: add an answer shaped like the provider's.`,
    );
  }
  return answer();
}

/** Installs the mocks. Call before creating any resource (and before importing a stack program). */
export async function installMocks(project = "livechat-test", stack = "test", preview = false): Promise<void> {
  registered.length = 0; // a test file starts from no resources, even in a worker another file used
  await pulumi.runtime.setMocks(
    {
      newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, unknown> } {
        const inputs = (args.inputs ?? {}) as Record<string, unknown>;
        if (!args.custom) {
          registered.push({ type: args.type, name: args.name, inputs });
          return { id: `${args.name}-id`, state: inputs };
        }
        let physical: string | undefined;
        try {
          physical = physicalNameOf(args.type, args.name, inputs);
        } catch (error) {
          refused.push({ type: args.type, name: args.name, message: (error as Error).message });
          throw error;
        }
        registered.push({
          type: args.type,
          name: args.name,
          inputs,
          ...(physical === undefined ? {} : { physicalName: physical }),
        });
        return { id: `${args.name}-id`, state: { ...inputs, ...outputsFor(args.type, args.name, physical) } };
      },
      call: mockCall,
    },
    project,
    stack,
    preview,
  );
}

/** True when `value` is Pulumi's wire encoding of a secret. */
export function isSecret(value: unknown): boolean {
  return typeof value === "object" && value !== null && (value as Record<string, unknown>)[sigKey] === secretSig;
}

/** Removes Pulumi's secret wrappers anywhere in `value`. */
export function unwrap(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrap);
  if (typeof value === "object" && value !== null) {
    const record = value as Record<string, unknown>;
    if (record[sigKey] === secretSig) return unwrap(record["value"]);
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, unwrap(v)]));
  }
  return value;
}

/** The resources of one type, in registration order. */
export function ofType(type: string): Registered[] {
  return registered.filter((r) => r.type === type);
}

/** The single resource of `type` whose name is `name`. */
export function resource(type: string, name: string): Registered {
  const found = registered.filter((r) => r.type === type && r.name === name);
  if (found.length !== 1) throw new Error(`expected one ${type} named ${name}, found ${found.length}`);
  return found[0] as Registered;
}

/** The environment variables of the Lambda function registered as `name`. */
export function environmentOf(name: string): Record<string, string> {
  const inputs = unwrap(resource(T.fn, name).inputs) as {
    environment: { variables: Record<string, string> };
  };
  return inputs.environment.variables;
}

/** The policy document of the inline role policy registered as `name`, parsed. */
export function policyOf(name: string): unknown {
  return JSON.parse(resource(T.policy, name).inputs["policy"] as string);
}

/** The value of an Output; rejects when a registration it depends on was refused (instead of hanging). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  // Internal but stable: every Output has it, and unlike `apply` it rejects when the value failed.
  return (output as unknown as { promise(withUnknowns?: boolean): Promise<T> }).promise();
}

/** The registrations refused since the last call (and forgets them, so `settle` does not throw for them). */
export function takeRefusals(): Refusal[] {
  return refused.splice(0);
}

/**
 * Waits until the runtime has no registration in flight, so `registered` is complete. Throws (once) when a
 * registration was refused (a name the provider or AWS would not take) and not taken by `takeRefusals`.
 */
export async function settle(): Promise<void> {
  // Internal but stable: what `pulumi` itself awaits before a program exits.
  const settings = (await import("@pulumi/pulumi/runtime/settings.js")) as unknown as { waitForRPCs(): Promise<void> };
  await settings.waitForRPCs();
  if (refused.length > 0) {
    const messages = refused.splice(0).map((r) => `${r.type} (${r.name}): error: ${r.message}`);
    throw new Error(`${messages.length} registration(s) refused as the provider or AWS would:\n${messages.join("\n")}`);
  }
}

/** The resources registered under component `name` (its own name or `name-…`). */
export function underName(name: string): Registered[] {
  return registered.filter((r) => r.name === name || r.name.startsWith(`${name}-`));
}

/** The text of the single asset `file` in an archive input as the mock monitor received it. */
export async function archiveText(code: unknown, file: string): Promise<string> {
  const archive = code as { assets?: unknown };
  const assets = (await archive.assets) as Record<string, { text?: unknown }> | undefined;
  const asset = assets?.[file];
  if (asset === undefined) throw new Error(`archive has no ${file}; it has ${Object.keys(assets ?? {}).join(", ")}`);
  return (await asset.text) as string;
}

/**
 * A component standing in for the one a helper creates children for (e.g. the TokenSigner): `parentOf`
 * records, by logical name, the parent each child was registered with.
 */
export function testParent(name: string): {
  parent: pulumi.ComponentResource;
  parentOf: Map<string, pulumi.Resource | undefined>;
} {
  const parentOf = new Map<string, pulumi.Resource | undefined>();
  const parent = new pulumi.ComponentResource(
    "test:index:Parent",
    name,
    {},
    {
      // SDK-side, so it runs under the mocks: every child of the component passes through it.
      transformations: [
        (args) => {
          parentOf.set(args.name, args.opts.parent);
          return undefined;
        },
      ],
    },
  );
  return { parent, parentOf };
}
