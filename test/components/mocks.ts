// Pulumi mocks for the component tests: records every resource registered, answers with
// deterministic cloud-assigned outputs, and unwraps Pulumi's wire encoding (secrets, assets).
import * as pulumi from "@pulumi/pulumi";

const sigKey = "4dabf18193072939515e22adb298388d";
const secretSig = "1b47061264138c4ac30d75fd1eb44270";

export const account = "123456789012";
export const region = "eu-central-1";

/** A resource as the mock monitor saw it. `inputs` still carries Pulumi's wire encoding. */
export interface Registered {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
}

export const registered: Registered[] = [];

function outputsFor(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> {
  const arnName = typeof inputs["name"] === "string" ? inputs["name"] : name;
  switch (type) {
    case "aws:secretsmanager/secret:Secret":
      return { arn: `arn:aws:secretsmanager:${region}:${account}:secret:${name}-AbCdEf` };
    case "aws:iam/role:Role":
      return { arn: `arn:aws:iam::${account}:role/${name}`, name };
    case "aws:cloudwatch/logGroup:LogGroup":
      return { arn: `arn:aws:logs:${region}:${account}:log-group:${arnName}` };
    case "aws:lambda/function:Function":
      return { arn: `arn:aws:lambda:${region}:${account}:function:${arnName}` };
    case "aws:lambda/functionUrl:FunctionUrl":
      return { functionUrl: `https://${name}.lambda-url.${region}.on.aws/` };
    case "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy":
      return { etag: "E1" };
    case "aws:cloudfront/distribution:Distribution":
      return { arn: `arn:aws:cloudfront::${account}:distribution/E${name.toUpperCase().replace(/[^A-Z0-9]/g, "")}`, domainName: `d111111abcdef8.cloudfront.net` };
    default:
      return {};
  }
}

/** Installs the mocks. Call before creating any resource (and before importing a stack program). */
export async function installMocks(project = "livechat-test", stack = "test", preview = false): Promise<void> {
  registered.length = 0; // a test file starts from no resources, even in a worker another file used
  await pulumi.runtime.setMocks(
    {
      newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, unknown> } {
        const inputs = (args.inputs ?? {}) as Record<string, unknown>;
        registered.push({ type: args.type, name: args.name, inputs });
        return { id: `${args.name}-id`, state: { ...inputs, ...outputsFor(args.type, args.name, inputs) } };
      },
      call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
        return args.inputs as Record<string, unknown>;
      },
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

/** The value of an Output (mocks resolve everything, so this never hangs on an unknown). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((v) => resolve(v)));
}

/** Waits until the runtime has no registration in flight, so `registered` is complete. */
export async function settle(): Promise<void> {
  // Internal but stable: what `pulumi` itself awaits before a program exits.
  const settings = (await import("@pulumi/pulumi/runtime/settings.js")) as unknown as { waitForRPCs(): Promise<void> };
  await settings.waitForRPCs();
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

