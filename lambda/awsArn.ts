// The parts of an AWS ARN, for the few decisions that depend on them: which region's endpoint holds a
// secret (the signer) and which endpoint name `kms:ViaService` carries (the component). One parser for both.

/** `arn:<partition>:<service>:<region>:<account>:<resource>`; the resource part may itself contain colons. */
export interface ArnParts {
  readonly partition: string;
  readonly service: string;
  /** Empty for global services (IAM, CloudFront). */
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

/** Splits an ARN into its parts; `undefined` for anything that is not shaped like one (e.g. a secret's bare name). */
export function parseArn(value: string): ArnParts | undefined {
  const parts = value.split(":");
  if (parts.length < 6 || parts[0] !== "arn" || parts[1] === "" || parts[2] === "") return undefined;
  const [, partition = "", service = "", region = "", account = ""] = parts;
  return { partition, service, region, account, resource: parts.slice(5).join(":") };
}
