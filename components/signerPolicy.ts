// The signer's IAM documents, as pure data: what the Lambda may do, and who may assume its role.
import { parseArn } from "../lambda/awsArn.ts";
import { awsPartitions } from "../lambda/awsPartitions.ts";

/** An IAM policy document (the subset we emit). */
export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly PolicyStatement[];
}

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: "Allow";
  readonly Action: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Principal?: { readonly Service: string };
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

/** Trust policy: only the Lambda service may assume the signer's role. */
export const lambdaTrustPolicy: PolicyDocument = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
};

export interface SignerPolicyInput {
  /** The secret holding the key (full ARN). */
  readonly secretArn: string;
  /** The customer-managed KMS key encrypting the secret, if any. */
  readonly kmsKeyArn?: string;
  /** The signer's own log group ARN (without the trailing `:*`). */
  readonly logGroupArn: string;
  /** The second secret, the Infobip API key `{"apiKey", "baseUrl"}` for ending sessions (full ARN), if any. */
  readonly apiSecretArn?: string;
}

/** The region part of an ARN (`arn:partition:service:region:account:resource`). */
export function arnRegion(arn: string): string {
  const region = parseArn(arn)?.region;
  if (region === undefined || region === "") throw new Error(`livechat-aws: ${JSON.stringify(arn)} has no region part`);
  return region;
}

/** DNS suffix of AWS service endpoints per ARN partition; `kms:ViaService` uses it. */
export const partitionDnsSuffixes: Readonly<Record<string, string>> = Object.fromEntries(
  awsPartitions.map((p) => [p.name, p.dnsSuffix]),
);

/** Secrets Manager's endpoint name for a secret ARN, the value `kms:ViaService` carries (`secretsmanager.cn-north-1.amazonaws.com.cn` in China). */
export function secretsManagerService(secretArn: string): string {
  const partition = parseArn(secretArn)?.partition ?? "";
  const suffix = partitionDnsSuffixes[partition];
  if (suffix === undefined) {
    throw new Error(
      `livechat-aws: ${JSON.stringify(secretArn)} is in partition ${JSON.stringify(partition)}, which this package does not know; ` +
        `known partitions: ${Object.keys(partitionDnsSuffixes).join(", ")}.`,
    );
  }
  return `secretsmanager.${arnRegion(secretArn)}.${suffix}`;
}

/**
 * Least privilege: read this one secret (and the Infobip API key secret when session invalidation is on),
 * decrypt with the KMS key only through Secrets Manager in the secrets' region, and write to its own log
 * group. Nothing else.
 */
export function signerPolicy(input: SignerPolicyInput): PolicyDocument {
  const statements: PolicyStatement[] = [
    { Sid: "ReadSigningKey", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: input.secretArn },
  ];
  if (input.apiSecretArn !== undefined) {
    statements.push({
      Sid: "ReadInfobipApiKey",
      Effect: "Allow",
      Action: "secretsmanager:GetSecretValue",
      Resource: input.apiSecretArn,
    });
  }
  if (input.kmsKeyArn !== undefined) {
    const services = [
      ...new Set(
        [input.secretArn, ...(input.apiSecretArn === undefined ? [] : [input.apiSecretArn])].map(secretsManagerService),
      ),
    ];
    statements.push({
      Sid: "DecryptSigningKey",
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: input.kmsKeyArn,
      Condition: { StringEquals: { "kms:ViaService": services.length === 1 ? (services[0] as string) : services } },
    });
  }
  statements.push({
    Sid: "WriteOwnLogs",
    Effect: "Allow",
    Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
    Resource: `${input.logGroupArn.replace(/:\*$/, "")}:*`,
  });
  return { Version: "2012-10-17", Statement: statements };
}
