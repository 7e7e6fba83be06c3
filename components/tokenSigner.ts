import * as pulumi from "@pulumi/pulumi";
import * as cloudwatch from "@pulumi/aws/cloudwatch/index.js";
import * as iam from "@pulumi/aws/iam/index.js";
import * as lambda from "@pulumi/aws/lambda/index.js";
import * as secretsmanager from "@pulumi/aws/secretsmanager/index.js";
import { checkedString } from "./inputs.ts";
import { physicalName } from "./naming.ts";
import { buildSignerBundle, signerFileName, signerHandlerName, type SignerBundle } from "./signerBundle.ts";
import { lambdaTrustPolicy, signerPolicy } from "./signerPolicy.ts";
import {
  resolveTtls,
  validateArchitecture,
  validateFunctionName,
  validateInvokerPrincipal,
  validateKmsKeyArn,
  validateLogRetention,
  validateMemorySize,
  validateReservedConcurrency,
  validateSecretArn,
  validateSecretCacheSeconds,
  validateSecretSource,
  validateSecretString,
  validateWidgetId,
} from "./validation.ts";

/** The Lambda runtime: the Node.js major the signer is built for and tested on. */
export const signerRuntime = "nodejs24.x";

/** Settings of the signer other than the widget and its key (shared by `TokenSignerArgs` and `LiveChatArgs.signer`). */
export interface TokenSignerOptions {
  /**
   * ARN of the customer-managed KMS key that encrypts the secret (`arn:aws:kms:<region>:<account>:key/<id>`).
   * The signer's role gets `kms:Decrypt` on this key only via Secrets Manager in the secret's region.
   * When the component creates the secret (`secretString`), the secret is encrypted with this key.
   * Default: the account's `aws/secretsmanager` key (no KMS permission needed).
   */
  kmsKeyArn?: pulumi.Input<string>;
  /**
   * IAM principals allowed to call the signer's Function URL: role or user ARNs, account root ARNs or
   * 12-digit account IDs. Each gets `lambda:InvokeFunctionUrl` (AWS_IAM) and `lambda:InvokeFunction`
   * via the Function URL. Default: none (only principals whose own IAM policy allows it, in this account).
   */
  allowedInvokerArns?: pulumi.Input<string>[];
  /** Lifetime of a token in seconds when the request does not ask for one. Default 15; at least 10. */
  tokenTtlSeconds?: number;
  /** Longest lifetime (seconds) a request may ask for with `ttlSeconds`. Default max(tokenTtlSeconds, 60); at most 86400. */
  maxTokenTtlSeconds?: number;
  /**
   * How long (seconds) one execution environment reuses the key before reading Secrets Manager again;
   * a rotated key is picked up within this period. Default 300.
   */
  secretCacheSeconds?: number;
  /** Lambda memory in MB (128–10240). Default 256. */
  memorySize?: number;
  /** Lambda architecture: `arm64` (default, cheaper) or `x86_64`. */
  architecture?: string;
  /** Days to keep the signer's logs; one of CloudWatch Logs' allowed periods. Default 30. */
  logRetentionInDays?: number;
  /** Cap on concurrent executions of the signer (protects the account's concurrency pool). Default: no reservation. */
  reservedConcurrency?: number;
  /**
   * Lambda function name (1–64 letters, digits, `-`, `_`). Default `<project>-<stack>-<component name>`,
   * shortened with a hash when longer than 64 characters. The log group is `/aws/lambda/<function name>`.
   */
  functionName?: string;
  /** Tags for the secret, role, log group and function. */
  tags?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
}

/** Arguments of `TokenSigner`. */
export interface TokenSignerArgs extends TokenSignerOptions {
  /** The Live Chat widget ID, from the widget's installation snippet; the tokens' `iss`. */
  widgetId: pulumi.Input<string>;
  /**
   * The widget's secret key exactly as the Infobip portal shows it, `{"id": 3, "key": "<base64>"}`, as a
   * Pulumi secret (`pulumi config set --secret`). The component creates a Secrets Manager secret holding it.
   * Set exactly one of `secretString` and `secretArn`.
   */
  secretString?: pulumi.Input<string>;
  /**
   * Full ARN of an existing Secrets Manager secret whose value is the portal's key JSON.
   * Set exactly one of `secretString` and `secretArn`.
   */
  secretArn?: pulumi.Input<string>;
}

let bundleOnce: Promise<SignerBundle> | undefined;

/** The signer bundle, built once per program run (the same bytes as `npm run build:signer`). */
export function signerCode(): Promise<pulumi.asset.AssetArchive> {
  bundleOnce ??= buildSignerBundle();
  return bundleOnce.then((bundle) => new pulumi.asset.AssetArchive({ [signerFileName]: new pulumi.asset.StringAsset(bundle.code) }));
}

/**
 * A Lambda that mints Infobip Live Chat personalization tokens with the widget's key from Secrets Manager,
 * behind a Function URL with AWS_IAM auth. The key never appears in the Lambda's environment, in logs or
 * in plaintext in Pulumi state.
 */
export class TokenSigner extends pulumi.ComponentResource {
  /** ARN of the signer Lambda. */
  public readonly functionArn: pulumi.Output<string>;
  /** Name of the signer Lambda. */
  public readonly functionName: pulumi.Output<string>;
  /** The Function URL (AWS_IAM auth); POST `<url>token` with a SigV4-signed request. */
  public readonly functionUrl: pulumi.Output<string>;
  /** ARN of the secret holding the key. */
  public readonly secretArn: pulumi.Output<string>;
  /** ARN of the signer's IAM role. */
  public readonly roleArn: pulumi.Output<string>;
  /** The signer's CloudWatch log group. */
  public readonly logGroupName: pulumi.Output<string>;

  constructor(name: string, args: TokenSignerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("livechat-aws:index:TokenSigner", name, {}, opts);
    const settings = resolveTokenSignerSettings(name, args);
    const parent = { parent: this };

    let secretArn: pulumi.Output<string>;
    const dependsOn: pulumi.Resource[] = [];
    if (args.secretString !== undefined) {
      const secret = new secretsmanager.Secret(
        `${name}-secret`,
        {
          description: pulumi.interpolate`Infobip Live Chat secret key for widget ${args.widgetId} (livechat-aws)`,
          kmsKeyId: settings.kmsKeyArn,
          tags: args.tags,
        },
        parent,
      );
      const version = new secretsmanager.SecretVersion(
        `${name}-secret-version`,
        { secretId: secret.id, secretString: pulumi.secret(checkedString(args.secretString, (v) => validateSecretString(v))) },
        parent,
      );
      secretArn = secret.arn;
      dependsOn.push(version);
    } else {
      secretArn = pulumi.output(checkedString(args.secretArn as pulumi.Input<string>, (v) => validateSecretArn(v)));
    }

    const role = new iam.Role(
      `${name}-role`,
      {
        description: "Infobip Live Chat token signer (livechat-aws)",
        assumeRolePolicy: JSON.stringify(lambdaTrustPolicy),
        tags: args.tags,
      },
      parent,
    );

    const logGroup = new cloudwatch.LogGroup(
      `${name}-logs`,
      { name: `/aws/lambda/${settings.functionName}`, retentionInDays: settings.logRetentionInDays, tags: args.tags },
      parent,
    );

    const kmsKeyArn = settings.kmsKeyArn === undefined ? undefined : pulumi.output(settings.kmsKeyArn);
    const policy = new iam.RolePolicy(
      `${name}-policy`,
      {
        role: role.id,
        policy: pulumi.all([secretArn, logGroup.arn, kmsKeyArn]).apply(([secret, logGroupArn, kms]) =>
          JSON.stringify(signerPolicy({ secretArn: secret, logGroupArn, ...(kms === undefined ? {} : { kmsKeyArn: kms }) })),
        ),
      },
      parent,
    );
    dependsOn.push(policy, logGroup);

    const fn = new lambda.Function(
      `${name}-function`,
      {
        name: settings.functionName,
        description: "Mints Infobip Live Chat personalization tokens (livechat-aws)",
        role: role.arn,
        runtime: signerRuntime,
        handler: signerHandlerName,
        architectures: [settings.architecture],
        memorySize: settings.memorySize,
        timeout: 10,
        code: signerCode(),
        reservedConcurrentExecutions: settings.reservedConcurrency,
        loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
        environment: {
          variables: {
            LIVECHAT_WIDGET_ID: checkedString(args.widgetId, (v) => validateWidgetId(v)),
            LIVECHAT_SECRET_ID: secretArn,
            LIVECHAT_TOKEN_TTL_SECONDS: String(settings.tokenTtlSeconds),
            LIVECHAT_MAX_TOKEN_TTL_SECONDS: String(settings.maxTokenTtlSeconds),
            LIVECHAT_SECRET_CACHE_SECONDS: String(settings.secretCacheSeconds),
          },
        },
        tags: args.tags,
      },
      { parent: this, dependsOn },
    );

    const url = new lambda.FunctionUrl(`${name}-url`, { functionName: fn.name, authorizationType: "AWS_IAM" }, parent);

    settings.allowedInvokerArns.forEach((principal, index) => {
      // Since October 2025 a Function URL call needs both permissions.
      new lambda.Permission(
        `${name}-invoke-url-${index}`,
        { action: "lambda:InvokeFunctionUrl", function: fn.name, principal, functionUrlAuthType: "AWS_IAM" },
        parent,
      );
      new lambda.Permission(
        `${name}-invoke-${index}`,
        { action: "lambda:InvokeFunction", function: fn.name, principal, invokedViaFunctionUrl: true },
        parent,
      );
    });

    this.functionArn = fn.arn;
    this.functionName = fn.name;
    this.functionUrl = url.functionUrl;
    this.secretArn = secretArn;
    this.roleArn = role.arn;
    this.logGroupName = logGroup.name;
    this.registerOutputs({
      functionArn: this.functionArn,
      functionName: this.functionName,
      functionUrl: this.functionUrl,
      secretArn: this.secretArn,
      roleArn: this.roleArn,
      logGroupName: this.logGroupName,
    });
  }
}

/** `TokenSignerArgs` with defaults applied and every plain value checked. */
export interface TokenSignerSettings {
  readonly functionName: string;
  readonly tokenTtlSeconds: number;
  readonly maxTokenTtlSeconds: number;
  readonly secretCacheSeconds: number;
  readonly memorySize: number;
  readonly architecture: string;
  readonly logRetentionInDays: number;
  readonly reservedConcurrency: number | undefined;
  readonly kmsKeyArn: pulumi.Input<string> | undefined;
  readonly allowedInvokerArns: pulumi.Input<string>[];
}

/**
 * Validates `TokenSignerArgs` and applies the defaults. Plain values are checked now; values that are
 * Outputs are checked when they become known (config values, secrets included, are known at preview).
 * Throws an `ArgsError` whose message names the field and the fix.
 */
export function resolveTokenSignerSettings(name: string, args: TokenSignerArgs, prefix = ""): TokenSignerSettings {
  validateSecretSource(args);
  if (typeof args.widgetId === "string") validateWidgetId(args.widgetId);
  const ttls = resolveTtls(args, prefix);
  return {
    functionName:
      args.functionName === undefined
        ? physicalName([pulumi.getProject(), pulumi.getStack(), name], 64)
        : validateFunctionName(args.functionName, `${prefix}functionName`),
    ...ttls,
    secretCacheSeconds: validateSecretCacheSeconds(args.secretCacheSeconds ?? 300, `${prefix}secretCacheSeconds`),
    memorySize: validateMemorySize(args.memorySize ?? 256, `${prefix}memorySize`),
    architecture: validateArchitecture(args.architecture ?? "arm64", `${prefix}architecture`),
    logRetentionInDays: validateLogRetention(args.logRetentionInDays ?? 30, `${prefix}logRetentionInDays`),
    reservedConcurrency:
      args.reservedConcurrency === undefined
        ? undefined
        : validateReservedConcurrency(args.reservedConcurrency, `${prefix}reservedConcurrency`),
    kmsKeyArn:
      args.kmsKeyArn === undefined
        ? undefined
        : checkedString(args.kmsKeyArn, (v) => validateKmsKeyArn(v, `${prefix}kmsKeyArn`)),
    allowedInvokerArns: (args.allowedInvokerArns ?? []).map((principal, index) =>
      checkedString(principal, (v) => validateInvokerPrincipal(v, `${prefix}allowedInvokerArns[${index}]`)),
    ),
  };
}

/**
 * Checks the plain values of `TokenSignerOptions` (numbers, names, ARNs given as strings) and throws an
 * `ArgsError` naming `<prefix><field>`. `LiveChat` calls it with `signer.` so messages match its args.
 */
export function checkTokenSignerOptions(options: TokenSignerOptions, prefix = ""): void {
  resolveTtls(options, prefix);
  if (options.secretCacheSeconds !== undefined) validateSecretCacheSeconds(options.secretCacheSeconds, `${prefix}secretCacheSeconds`);
  if (options.memorySize !== undefined) validateMemorySize(options.memorySize, `${prefix}memorySize`);
  if (options.architecture !== undefined) validateArchitecture(options.architecture, `${prefix}architecture`);
  if (options.logRetentionInDays !== undefined) validateLogRetention(options.logRetentionInDays, `${prefix}logRetentionInDays`);
  if (options.reservedConcurrency !== undefined) validateReservedConcurrency(options.reservedConcurrency, `${prefix}reservedConcurrency`);
  if (options.functionName !== undefined) validateFunctionName(options.functionName, `${prefix}functionName`);
  if (typeof options.kmsKeyArn === "string") validateKmsKeyArn(options.kmsKeyArn, `${prefix}kmsKeyArn`);
  (options.allowedInvokerArns ?? []).forEach((principal, index) => {
    if (typeof principal === "string") validateInvokerPrincipal(principal, `${prefix}allowedInvokerArns[${index}]`);
  });
}
