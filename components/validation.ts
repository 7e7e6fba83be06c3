// Argument checks for the Pulumi components, as plain functions with no Pulumi or AWS imports, so
// they run at preview (before anything is created) and can be unit-tested directly. Every
// message names the field, what is wrong with it, and how to fix it.
import { parseApiSecret } from "../lambda/sessions/apiSecret.ts";
import { parseSecret } from "../lambda/secret/parseSecret.ts";
import { parseArn } from "../lambda/awsArn.ts";
import { partitionForRegion } from "../lambda/awsPartitions.ts";
import { partitionDnsSuffixes } from "./signerPolicy.ts";
import { isWidgetId } from "./csp/liveChatSnippet.ts";
import { LambdaArchitecture, LogRetentionDays } from "./enums.ts";
import { defaults } from "../lambda/contract.ts";

/**
 * What an `ArgsError` reports, stable for programs that react to it: one argument's value cannot work
 * (`invalid-argument`), two arguments exclude each other (`conflicting-arguments`), or a required one is
 * missing (`missing-argument`).
 */
export type ArgsErrorCode = "invalid-argument" | "conflicting-arguments" | "missing-argument";

/** A component argument that cannot work; thrown at preview, before any resource is created. */
export class ArgsError extends Error {
  override readonly name = "ArgsError";
  /** What kind of problem it is; see `ArgsErrorCode`. */
  readonly code: ArgsErrorCode;
  /** The argument at fault, e.g. `secretArn` or `signer.tokenTtlSeconds`. */
  readonly field: string;
  constructor(field: string, message: string, code: ArgsErrorCode = "invalid-argument") {
    super(message);
    this.code = code;
    this.field = field;
  }
}

/** An argument's value as an `ArgsError` message quotes it: strings as JSON, cut at 200 characters. */
export function show(value: unknown): string {
  return typeof value === "string"
    ? JSON.stringify(value.length > 200 ? `${value.slice(0, 200)}…` : value)
    : String(value);
}

/** The retention periods CloudWatch Logs accepts (PutRetentionPolicy), ascending. */
export const logRetentionDays: readonly LogRetentionDays[] = Object.values(LogRetentionDays).sort((a, b) => a - b);

/** The Lambda architectures. */
export const lambdaArchitectures: readonly LambdaArchitecture[] = Object.values(LambdaArchitecture);

const controlChars = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;
// Only the partitions whose endpoint names the signer's IAM policy knows (kms:ViaService).
const partition = `(?:${Object.keys(partitionDnsSuffixes).join("|")})`;
const region = "[a-z]{2,4}(?:-[a-z]+)+-\\d+";
const secretArnShape = new RegExp(
  `^arn:${partition}:secretsmanager:${region}:\\d{12}:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}$`,
);
const kmsKeyArnShape = new RegExp(`^arn:${partition}:kms:${region}:\\d{12}:key/[A-Za-z0-9-]{1,128}$`);
// IAM: a path is "/" or "/…/" of printable ASCII; a policy name is 1–128 of [A-Za-z0-9+=,.@_-]; `aws` owns managed policies.
const policyArnShape = new RegExp(
  `^arn:${partition}:iam::(?:\\d{12}|aws):policy/(?:[\\x21-\\x7e]{1,510}/)?[A-Za-z0-9+=,.@_-]{1,128}$`,
);
const principalArnShape = new RegExp(
  `^arn:${partition}:iam::\\d{12}:(?:root|(?:role|user)/[A-Za-z0-9+=,.@_/-]{1,512})$`,
);
const lambdaNameShape = /^[A-Za-z0-9_-]{1,64}$/;
const policyNameShape = /^[A-Za-z0-9_-]{1,128}$/;

/** `widgetId`: the ID from the widget's installation snippet (`liveChat('init', '<widget-id>')`). */
export function validateWidgetId(widgetId: string, field = "widgetId"): void {
  // The CSP engine's rule: the ID is embedded in the install snippet it hashes.
  if (!isWidgetId(widgetId)) {
    throw new ArgsError(
      field,
      `${field} ${show(widgetId)} is not a Live Chat widget ID: copy the ID from the widget's installation snippet ` +
        `(liveChat('init', '<widget-id>')) in the Infobip portal; it is 1–64 letters, digits, "-" or "_" (usually a UUID).`,
    );
  }
}

/** Where a create-or-use-existing secret comes from: created from a value, an existing secret by ARN, or neither. */
export type SecretSourceKind = "create" | "existing" | "none";

/** Which of a value/ARN argument pair is set; both is refused with `both`, naming `field`. */
function secretSourceKind(value: unknown, arn: unknown, field: string, both: string): SecretSourceKind {
  const hasValue = value !== undefined && value !== null;
  const hasArn = arn !== undefined && arn !== null;
  if (hasValue && hasArn) throw new ArgsError(field, both, "conflicting-arguments");
  return hasValue ? "create" : hasArn ? "existing" : "none";
}

/** Exactly one of `secretString` / `secretArn` must be set. */
export function validateSecretSource(args: {
  readonly secretString?: unknown;
  readonly secretArn?: unknown;
}): "create" | "existing" {
  const kind = secretSourceKind(
    args.secretString,
    args.secretArn,
    "secretString",
    `secretString and secretArn are both set: set exactly one — secretString to have the component create the secret ` +
      `from the portal's JSON, or secretArn to use an existing Secrets Manager secret.`,
  );
  if (kind === "none") {
    throw new ArgsError(
      "secretString",
      `Neither secretString nor secretArn is set: set secretString to the portal's key JSON {"id": …, "key": "<base64>"} ` +
        `as a Pulumi secret (e.g. pulumi config set --secret), or secretArn to an existing Secrets Manager secret's ARN.`,
      "missing-argument",
    );
  }
  return kind;
}

/**
 * `secretString`: the secret key exactly as the Infobip portal shows it, `{"id": 3, "key": "<base64>"}`.
 * Same rules as the signer applies at run time. The message never contains the value.
 */
export function validateSecretString(secretString: string, field = "secretString"): void {
  if (typeof secretString !== "string") {
    throw new ArgsError(field, `${field} must be a string holding the portal's key JSON {"id": …, "key": "<base64>"}.`);
  }
  try {
    parseSecret(secretString).keyBytes.fill(0);
  } catch (error) {
    const reason = error instanceof Error ? error.message : "it is not the portal's key JSON.";
    throw new ArgsError(field, `${field} is not usable (value not shown, it is secret): ${reason}`);
  }
}

/**
 * At most one of `infobipApiSecretString` / `infobipApiSecretArn` (the Infobip API key for ending chat
 * sessions); neither leaves session invalidation off.
 */
export function apiSecretSource(
  args: { readonly infobipApiSecretString?: unknown; readonly infobipApiSecretArn?: unknown },
  prefix = "",
): SecretSourceKind {
  return secretSourceKind(
    args.infobipApiSecretString,
    args.infobipApiSecretArn,
    `${prefix}infobipApiSecretString`,
    `${prefix}infobipApiSecretString and ${prefix}infobipApiSecretArn are both set: set at most one — ${prefix}infobipApiSecretString to have ` +
      `the component create the secret from {"apiKey": "<key with live-chat:manage>", "baseUrl": "https://<yours>.api.infobip.com"}, ` +
      `or ${prefix}infobipApiSecretArn to use an existing Secrets Manager secret holding that JSON. Set neither to leave session invalidation off.`,
  );
}

/** `apiSecretSource`'s rule; returns whether session invalidation is on. */
export function validateApiSecretSource(
  args: { readonly infobipApiSecretString?: unknown; readonly infobipApiSecretArn?: unknown },
  prefix = "",
): boolean {
  return apiSecretSource(args, prefix) !== "none";
}

/**
 * `infobipApiSecretString`: `{"apiKey": "<key>", "baseUrl": "https://<yours>.api.infobip.com"}`, checked with the
 * signer's own parser (lambda/sessions/apiSecret.ts). The message never contains the API key.
 */
export function validateApiSecretString(value: string, field = "infobipApiSecretString"): void {
  if (typeof value !== "string") {
    throw new ArgsError(
      field,
      `${field} must be a string holding {"apiKey": "<key>", "baseUrl": "https://<yours>.api.infobip.com"}.`,
    );
  }
  try {
    parseApiSecret(value);
  } catch (error) {
    const reason = error instanceof Error ? error.message : "it is not the Infobip API secret JSON.";
    throw new ArgsError(field, `${field} is not usable (value not shown, it is secret): ${reason}`);
  }
}

/** An ARN whose partition is not its region's (e.g. `arn:aws:…:cn-north-1:…`) names no resource anywhere. */
function checkArnPartition(arn: string, field: string): void {
  const parts = parseArn(arn);
  if (parts === undefined) return;
  const expected = partitionForRegion(parts.region).name;
  if (parts.partition !== expected) {
    throw new ArgsError(
      field,
      `${field} ${show(arn)} names partition ${show(parts.partition)} but region ${show(parts.region)}, which is in partition ${show(expected)}: ` +
        `copy the ARN exactly as AWS shows it (arn:${expected}:…:${parts.region}:…).`,
    );
  }
}

/**
 * `secretArn`: the full ARN of a Secrets Manager secret, including the 6-character suffix AWS appends. Its region
 * may differ from the signer's: the signer reads each secret from the region in its ARN.
 */
export function validateSecretArn(secretArn: string, field = "secretArn"): void {
  if (typeof secretArn !== "string" || !secretArnShape.test(secretArn)) {
    throw new ArgsError(
      field,
      `${field} ${show(secretArn)} is not a Secrets Manager secret ARN: use the full ARN, ` +
        `arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 characters> (aws secretsmanager describe-secret --secret-id <name> --query ARN).`,
    );
  }
  checkArnPartition(secretArn, field);
}

/** `kmsKeyArn`: a KMS key ARN (not an alias: IAM grants `kms:Decrypt` on keys). */
export function validateKmsKeyArn(kmsKeyArn: string, field = "kmsKeyArn"): void {
  if (typeof kmsKeyArn !== "string" || !kmsKeyArnShape.test(kmsKeyArn)) {
    throw new ArgsError(
      field,
      `${field} ${show(kmsKeyArn)} is not a KMS key ARN: use arn:aws:kms:<region>:<account>:key/<key-id> ` +
        `(an alias ARN cannot be granted kms:Decrypt; aws kms describe-key --key-id alias/<name> --query KeyMetadata.Arn).`,
    );
  }
  checkArnPartition(kmsKeyArn, field);
}

/**
 * `kmsKeyArn` with an existing `secretArn`: Secrets Manager encrypts a secret only with a KMS key of the secret's own
 * region, so a key elsewhere cannot be the one that encrypts it (and `kms:ViaService` would name the wrong endpoint).
 */
export function validateKmsKeyRegion(kmsKeyArn: string, secretArn: string, prefix = ""): void {
  const keyRegion = parseArn(kmsKeyArn)?.region;
  const secretRegion = parseArn(secretArn)?.region;
  if (keyRegion !== undefined && secretRegion !== undefined && keyRegion !== secretRegion) {
    throw new ArgsError(
      `${prefix}kmsKeyArn`,
      `${prefix}kmsKeyArn is in ${keyRegion} but secretArn is in ${secretRegion}: Secrets Manager encrypts a secret only with a KMS key ` +
        `of the secret's region. Use the key that encrypts the secret (aws secretsmanager describe-secret --secret-id <ARN> --query KmsKeyId), ` +
        `or leave ${prefix}kmsKeyArn unset if the secret uses the account's aws/secretsmanager key.`,
      "conflicting-arguments",
    );
  }
}

/** One entry of `allowedInvokerArns`: an IAM role, user or account-root ARN, or a 12-digit account ID. */
export function validateInvokerPrincipal(principal: string, field = "allowedInvokerArns"): void {
  if (typeof principal !== "string" || !(/^\d{12}$/.test(principal) || principalArnShape.test(principal))) {
    throw new ArgsError(
      field,
      `${field} ${show(principal)} is not an IAM principal: use a role or user ARN ` +
        `(arn:aws:iam::<account>:role/<name>), an account root ARN (arn:aws:iam::<account>:root) or a 12-digit account ID.`,
    );
  }
}

function wholeNumber(field: string, value: number, min: number, max: number, fix: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new ArgsError(field, `${field} is ${show(value)}: it must be a whole number from ${min} to ${max}; ${fix}`);
  }
  return value;
}

/** The TTLs the signer will use. */
export interface ResolvedTtls {
  readonly tokenTtlSeconds: number;
  readonly maxTokenTtlSeconds: number;
}

/** `tokenTtlSeconds` (default 15, at least 10) and `maxTokenTtlSeconds` (default max(TTL, 60), at least the TTL). */
export function resolveTtls(
  args: { readonly tokenTtlSeconds?: number; readonly maxTokenTtlSeconds?: number },
  prefix = "",
): ResolvedTtls {
  const ttlField = `${prefix}tokenTtlSeconds`;
  const maxField = `${prefix}maxTokenTtlSeconds`;
  const ttl = args.tokenTtlSeconds ?? defaults.ttlSeconds;
  if (typeof ttl === "number" && Number.isInteger(ttl) && ttl < defaults.minTtlSeconds) {
    throw new ArgsError(
      ttlField,
      `${ttlField} is ${ttl}: Infobip refuses personalization tokens that live less than ${defaults.minTtlSeconds} seconds; ` +
        `use ${defaults.minTtlSeconds} or more (default ${defaults.ttlSeconds}).`,
    );
  }
  wholeNumber(
    ttlField,
    ttl,
    defaults.minTtlSeconds,
    defaults.ttlCeilingSeconds,
    `the default is ${defaults.ttlSeconds}.`,
  );
  const max = args.maxTokenTtlSeconds ?? Math.max(ttl, defaults.maxTtlFloorSeconds);
  wholeNumber(
    maxField,
    max,
    defaults.minTtlSeconds,
    defaults.ttlCeilingSeconds,
    `it is the longest TTL a request may ask for.`,
  );
  if (ttl > max) {
    throw new ArgsError(
      ttlField,
      `${ttlField} (${ttl}) is greater than ${maxField} (${max}): lower ${ttlField} or raise ${maxField}.`,
      "conflicting-arguments",
    );
  }
  return { tokenTtlSeconds: ttl, maxTokenTtlSeconds: max };
}

/** `secretCacheSeconds`: how long one execution environment reuses the key before reading it again. */
export function validateSecretCacheSeconds(value: number, field = "secretCacheSeconds"): number {
  return wholeNumber(
    field,
    value,
    defaults.minCacheSeconds,
    defaults.maxCacheSeconds,
    `the default is ${defaults.cacheSeconds} (a rotated key is picked up within this period).`,
  );
}

/** `memorySize`: Lambda memory in MB. */
export function validateMemorySize(value: number, field = "memorySize"): number {
  return wholeNumber(field, value, 128, 10_240, "Lambda accepts 128–10240 MB; the default is 256.");
}

/** `reservedConcurrency`: a cap on concurrent executions of the signer. */
export function validateReservedConcurrency(value: number, field = "reservedConcurrency"): number {
  return wholeNumber(field, value, 1, 100_000, "leave it unset for no reservation (0 would disable the signer).");
}

/** `architecture`: `arm64` (default) or `x86_64`. */
export function validateArchitecture(value: string, field = "architecture"): LambdaArchitecture {
  if (!(lambdaArchitectures as readonly string[]).includes(value)) {
    throw new ArgsError(field, `${field} is ${show(value)}: use "arm64" (the default) or "x86_64".`);
  }
  return value as LambdaArchitecture;
}

/** `logRetentionInDays`: one of the periods CloudWatch Logs accepts. */
export function validateLogRetention(value: number, field = "logRetentionInDays"): LogRetentionDays {
  if (!(logRetentionDays as readonly number[]).includes(value)) {
    throw new ArgsError(
      field,
      `${field} is ${show(value)}: CloudWatch Logs accepts only ${logRetentionDays.join(", ")} days; the default is 30.`,
    );
  }
  return value as LogRetentionDays;
}

/**
 * `permissionsBoundary`: the ARN of an IAM managed policy (customer managed, or AWS managed with account `aws`)
 * in a partition this package knows. Organisations that require a boundary on every role name theirs here.
 */
export function validatePermissionsBoundary(value: string, field = "permissionsBoundary"): void {
  if (typeof value !== "string" || value.length > 2048 || !policyArnShape.test(value)) {
    throw new ArgsError(
      field,
      `${field} ${show(value)} is not an IAM managed policy ARN: use arn:<partition>:iam::<account>:policy/<path/><name> ` +
        `(partition one of ${Object.keys(partitionDnsSuffixes).join(", ")}; account "aws" for an AWS managed policy), ` +
        `e.g. arn:aws:iam::123456789012:policy/DeveloperBoundary (aws iam list-policies --scope Local --query 'Policies[].Arn').`,
    );
  }
}

/** `functionName`: an explicit Lambda function name. */
export function validateFunctionName(value: string, field = "functionName"): string {
  if (typeof value !== "string" || !lambdaNameShape.test(value)) {
    throw new ArgsError(
      field,
      `${field} ${show(value)} is not a Lambda function name: use 1–64 letters, digits, "-" or "_".`,
    );
  }
  return value;
}

/** `name` of a response-headers policy: CloudFront allows 1–128 letters, digits, "-" and "_". */
export function validatePolicyName(value: string, field = "name"): string {
  if (typeof value !== "string" || !policyNameShape.test(value)) {
    throw new ArgsError(
      field,
      `${field} ${show(value)} is not a CloudFront policy name: use 1–128 letters, digits, "-" or "_", unique in the account.`,
    );
  }
  return value;
}

/** CloudFront's limit on a response-headers policy comment. */
export const policyCommentMaxLength = 128;

/** `comment` of a response-headers policy: at most 128 characters, no control characters. */
export function validatePolicyComment(value: string, field = "comment"): string {
  validatePlainText(value, field);
  if (value.length > policyCommentMaxLength) {
    throw new ArgsError(
      field,
      `${field} is ${value.length} characters: CloudFront accepts at most ${policyCommentMaxLength} in a response-headers policy comment; shorten it.`,
    );
  }
  return value;
}

/** Rejects control characters in free text that ends up in resource properties (e.g. a CSP report URL). */
export function validatePlainText(value: string, field: string): string {
  if (typeof value !== "string" || value === "" || controlChars.test(value)) {
    throw new ArgsError(field, `${field} ${show(value)} must be a non-empty string without control characters.`);
  }
  return value;
}
