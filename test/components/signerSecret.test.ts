// The one factory for the signer's create-or-use-existing secrets (components/signerSecret.ts), under the
// mocks: what it registers for each source (and under which parent), what it returns, and how
// `secretSource` checks a value or ARN (plain values at once, Outputs when known).
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, test } from "vitest";
import {
  account,
  autoName,
  installMocks,
  isSecret,
  region,
  resource,
  settle,
  testParent,
  underName,
  unwrap,
  valueOf,
  T,
} from "./mocks.ts";

await installMocks("livechat-test", "test");
const { childrenOf } = await import("../../components/children.ts");
const { autoNamedRules, nameUnlessAutoNamed } = await import("../../components/naming.ts");
const { createOrUseSecret, secretSource } = await import("../../components/signerSecret.ts");
const { ArgsError } = await import("../../components/validation.ts");

const kmsKeyArn = `arn:aws:kms:${region}:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const existingArn = `arn:aws:secretsmanager:${region}:${account}:secret:livechat/key-AbC123`;
const details = { description: "the widget key", kmsKeyId: kmsKeyArn, tags: { team: "web" } };

describe("createOrUseSecret from a value", async () => {
  const { parent, parentOf } = testParent("made");
  const made = createOrUseSecret(
    "made-secret",
    { kind: "create", value: pulumi.secret("the value") },
    details,
    childrenOf(parent),
  );
  const arn = await valueOf(made.arn);
  await settle();

  test("registers the secret and its version, both under the component", () => {
    expect(
      underName("made")
        .map((r) => `${r.type} ${r.name}`)
        .sort(),
    ).toEqual(["test:index:Parent made", `${T.secret} made-secret`, `${T.version} made-secret-version`].sort());
    expect(parentOf.get("made-secret")).toBe(parent);
    expect(parentOf.get("made-secret-version")).toBe(parent);
    expect(made.version).toBeDefined();
  });

  test("the secret keeps Pulumi's auto-name and carries the description, KMS key and tags", () => {
    expect(unwrap(resource(T.secret, "made-secret").inputs)).toEqual(details);
    expect(arn).toBe(`arn:aws:secretsmanager:${region}:${account}:secret:${autoName(T.secret, "made-secret")}-AbCdEf`);
  });

  test("the version holds the value as a Pulumi secret", () => {
    const version = resource(T.version, "made-secret-version");
    expect(version.inputs["secretId"]).toBe("made-secret-id");
    expect(isSecret(version.inputs["secretString"])).toBe(true);
    expect(unwrap(version.inputs["secretString"])).toBe("the value");
  });
});

describe("createOrUseSecret for an existing secret, and without a source", async () => {
  const { parent } = testParent("used");
  const used = createOrUseSecret("used-secret", { kind: "existing", arn: existingArn }, details, childrenOf(parent));
  const skipped = createOrUseSecret("used-api-secret", undefined, details, childrenOf(parent));
  const arn = await valueOf(used.arn);
  await settle();

  test("registers nothing and returns the given ARN, or nothing at all", () => {
    expect(underName("used").map((r) => r.name)).toEqual(["used"]);
    expect(arn).toBe(existingArn);
    expect(used.version).toBeUndefined();
    expect(skipped).toBeUndefined();
  });
});

describe("createOrUseSecret under a name AWS would refuse as an auto-name", async () => {
  const long = `${"n".repeat(250)}-secret`;
  const { parent } = testParent("n".repeat(250));
  createOrUseSecret(long, { kind: "create", value: "v" }, details, childrenOf(parent));
  await settle();

  test("the secret gets the stable explicit name naming.ts gives it; the version has no name", () => {
    const explicit = nameUnlessAutoNamed(long, autoNamedRules.secret, ["livechat-test", "test"]);
    expect(explicit).toBeDefined();
    expect(resource(T.secret, long).physicalName).toBe(explicit);
    expect(unwrap(resource(T.secret, long).inputs)).toEqual({ name: explicit, ...details });
  });
});

describe("secretSource", () => {
  const pair = { value: '{"id": 1}', arn: "not-an-arn" };
  const refuse = (what: string) => (v: string) => {
    throw new ArgsError(what, `${what} ${v} refused`);
  };

  test("the kind decides which of the pair is used; none is no source", () => {
    const accept = { value: () => undefined, arn: () => undefined };
    expect(secretSource("create", pair, accept)).toEqual({ kind: "create", value: pair.value });
    expect(secretSource("existing", pair, accept)).toEqual({ kind: "existing", arn: pair.arn });
    expect(secretSource("none", pair, accept)).toBeUndefined();
  });

  test("a plain value or ARN is checked at once, with the check of its own field", () => {
    expect(() => secretSource("create", pair, { value: refuse("value"), arn: () => undefined })).toThrow(
      'value {"id": 1} refused',
    );
    expect(() => secretSource("existing", pair, { value: () => undefined, arn: refuse("arn") })).toThrow(
      "arn not-an-arn refused",
    );
  });

  test("an Output is checked when it becomes known, and passes through the check", async () => {
    const seen: string[] = [];
    const late = pulumi.output(Promise.resolve("arn-when-known"));
    const source = secretSource(
      "existing",
      { value: undefined, arn: late },
      { value: refuse("value"), arn: (v) => void seen.push(v) },
    );
    expect(seen).toEqual([]);
    expect(await valueOf(pulumi.output(source.kind === "existing" ? source.arn : ""))).toBe("arn-when-known");
    expect(seen).toEqual(["arn-when-known"]);
  });
});
