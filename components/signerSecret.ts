// The TokenSigner's create-or-use-existing secrets (STYLE 2, after pulumi-awsx's defaultLogGroup): the
// widget key and the Infobip API key come the same way. `secretSource` turns a value/ARN argument pair,
// once validation.ts has decided which one is set (refusing both), into a source with its value or ARN
// checked; `createOrUseSecret` creates the secret and its version from a value, uses an existing one by
// ARN, or skips it when there is no source.
import * as pulumi from "@pulumi/pulumi";
import * as secretsmanager from "@pulumi/aws/secretsmanager/index.js";
import { explicitName, type Children } from "./children.ts";
import { checkedString } from "./inputs.ts";
import { autoNamedRules } from "./naming.ts";
import type { SecretSourceKind } from "./validation.ts";

/** A secret the component creates holding `value`, or an existing one at `arn`; both checked (Outputs when known). */
export type SecretSource =
  | { readonly kind: "create"; readonly value: pulumi.Input<string> }
  | { readonly kind: "existing"; readonly arn: pulumi.Input<string> };

/** A value/ARN argument pair, e.g. `secretString`/`secretArn`. */
export interface SecretPair {
  readonly value: pulumi.Input<string> | undefined | null;
  readonly arn: pulumi.Input<string> | undefined | null;
}

/** The checks of a pair's value and ARN; each throws an `ArgsError` naming its field. */
export interface SecretPairChecks {
  readonly value: (value: string) => void;
  readonly arn: (arn: string) => void;
}

/** The source `kind` (validation.ts's decision for `pair`) names, with its value or ARN checked; undefined for `none`. */
export function secretSource(kind: "create" | "existing", pair: SecretPair, checks: SecretPairChecks): SecretSource;
export function secretSource(
  kind: SecretSourceKind,
  pair: SecretPair,
  checks: SecretPairChecks,
): SecretSource | undefined;
export function secretSource(
  kind: SecretSourceKind,
  pair: SecretPair,
  checks: SecretPairChecks,
): SecretSource | undefined {
  if (kind === "create") return { kind, value: checkedString(pair.value as pulumi.Input<string>, checks.value) };
  if (kind === "existing") return { kind, arn: checkedString(pair.arn as pulumi.Input<string>, checks.arn) };
  return undefined;
}

/** What a created secret carries besides its value. */
export interface SecretDetails {
  readonly description: pulumi.Input<string>;
  /** The KMS key that encrypts it; undefined for the account's aws/secretsmanager key. */
  readonly kmsKeyId: pulumi.Input<string> | undefined;
  readonly tags: pulumi.Input<{ [key: string]: pulumi.Input<string> }> | undefined;
}

/** The secret in use, and the version holding its value when the component created it (the function waits for it). */
export interface SignerSecret {
  readonly arn: pulumi.Output<string>;
  readonly version: secretsmanager.SecretVersion | undefined;
}

/**
 * The secret `logicalName` created from `source.value` (its value in `<logicalName>-version`, as a Pulumi
 * secret), or the existing secret `source.arn`; nothing without a source.
 */
export function createOrUseSecret(
  logicalName: string,
  source: SecretSource,
  details: SecretDetails,
  children: Children,
): SignerSecret;
export function createOrUseSecret(
  logicalName: string,
  source: SecretSource | undefined,
  details: SecretDetails,
  children: Children,
): SignerSecret | undefined;
export function createOrUseSecret(
  logicalName: string,
  source: SecretSource | undefined,
  details: SecretDetails,
  children: Children,
): SignerSecret | undefined {
  if (source === undefined) return undefined;
  if (source.kind === "existing") return { arn: pulumi.output(source.arn), version: undefined };
  const secret = new secretsmanager.Secret(
    logicalName,
    {
      ...explicitName(children, "name", logicalName, autoNamedRules.secret),
      description: details.description,
      kmsKeyId: details.kmsKeyId,
      tags: details.tags,
    },
    { parent: children.parent },
  );
  const version = new secretsmanager.SecretVersion(
    `${logicalName}-version`,
    { secretId: secret.id, secretString: pulumi.secret(source.value) },
    { parent: children.parent },
  );
  return { arn: secret.arn, version };
}
