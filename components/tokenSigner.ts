import * as pulumi from "@pulumi/pulumi";
import * as cloudfront from "@pulumi/aws/cloudfront/index.js";
import * as cloudwatch from "@pulumi/aws/cloudwatch/index.js";
import * as iam from "@pulumi/aws/iam/index.js";
import * as lambda from "@pulumi/aws/lambda/index.js";
import * as secretsmanager from "@pulumi/aws/secretsmanager/index.js";
import type { LambdaArchitecture, LogRetentionDays } from "./enums.ts";
import { identityEnvironment, resolveIdentityArgs, type ResolvedIdentity, type TokenSignerIdentityOptions } from "./identityArgs.ts";
import { defaults, envNames, routingEnvNames, sessionEnvNames } from "../lambda/contract.ts";
import { checkedString } from "./inputs.ts";
import { autoNamedRules, nameUnlessAutoNamed, physicalName, type NameRule } from "./naming.ts";
import { signerBundle } from "./signerCode.ts";
import { signerFileName, signerHandlerName, signerRuntime } from "./signerManifest.ts";
import { checkSignerAlarmsArgs, createSignerAlarms, type SignerAlarmsOptions } from "./signerAlarms.ts";
import {
  cloudFrontPermissionNote,
  functionUrlHost,
  resolveExposure,
  signerCacheBehavior,
  signerOrigin,
  validateDistributionArn,
  type SignerCacheBehavior,
  type SignerExposure,
  type SignerOrigin,
} from "./signerExposure.ts";
import { lambdaTrustPolicy, signerPolicy } from "./signerPolicy.ts";
import {
  ArgsError,
  resolveTtls,
  validateApiSecretSource,
  validateApiSecretString,
  validateArchitecture,
  validateFunctionName,
  validateInvokerPrincipal,
  validateKmsKeyArn,
  validateKmsKeyRegion,
  validateLogRetention,
  validateMemorySize,
  validatePermissionsBoundary,
  validateReservedConcurrency,
  validateSecretArn,
  validateSecretCacheSeconds,
  validateSecretSource,
  validateSecretString,
  validateWidgetId,
} from "./validation.ts";

export { signerRuntime } from "./signerManifest.ts";

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
  /**
   * Also grant each of `allowedInvokerArns` a plain `lambda:InvokeFunction`, so a backend can call the signer with
   * the AWS SDK's `Invoke` (payload: the request object, e.g. `{"sub": …, "stp": "email"}`; result: the token object or
   * a problem object) instead of HTTP. In identity mode an invoke can only end sessions (`{"action": "invalidateSession",
   * "sid": …}`). Default false: the Function URL is the only way in.
   */
  directInvoke?: boolean;
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
  architecture?: LambdaArchitecture;
  /** Days to keep the signer's logs; one of CloudWatch Logs' allowed periods. Default 30. */
  logRetentionInDays?: LogRetentionDays;
  /** Cap on concurrent executions of the signer (protects the account's concurrency pool). Default: no reservation. */
  reservedConcurrency?: number;
  /**
   * Lambda function name (1–64 letters, digits, `-`, `_`). Default `<project>-<stack>-<component name>`,
   * shortened with a hash when longer than 64 characters. The log group is `/aws/lambda/<function name>`.
   */
  functionName?: string;
  /** Tags for every taggable resource the component creates: the secrets, the role, the log group, the function and the alarms. */
  tags?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
  /**
   * ARN of an IAM managed policy set as the permissions boundary of the signer's role
   * (`arn:aws:iam::<account>:policy/<path/><name>`), for organisations that require one on every role. The boundary must
   * allow what the role's own policy grants (reading the secret(s), `kms:Decrypt` via Secrets Manager when `kmsKeyArn` is
   * set, writing to the log group), or the signer fails with AccessDenied. Default: no boundary.
   */
  permissionsBoundary?: pulumi.Input<string>;
  /**
   * OIDC identity mode, for sites without a backend: the browser sends the site's own ID token (header
   * `x-livechat-identity`) and the signer takes the customer from its verified claims; the request body can no
   * longer choose who the token is for. By default the signer then sits behind the site's CloudFront distribution
   * with origin access control (outputs `origin`, `cacheBehavior`, `originAccessControlId`): the Function URL stays
   * AWS_IAM and only that distribution can call it. Through origin access control prefer `GET <pathPrefix>/token`:
   * a `POST` body needs its SHA-256 in `x-amz-content-sha256` from the browser, and CloudFront overwrites
   * `Authorization`, hence the dedicated identity header. Default: not set (callers sign with SigV4).
   */
  identity?: TokenSignerIdentityOptions;
  /**
   * Identity mode only: the Function URL's auth becomes NONE and browsers call it directly; every request reaches
   * the Lambda and only its code (ID-token verification, CORS for `identity.allowedOrigins`, which is then
   * required) keeps strangers out. Simpler (no distribution changes), but without CloudFront's TLS edge, WAF and
   * rate limits in front, and anyone can make the function run (cost, concurrency). Default false: behind CloudFront.
   */
  publicFunctionUrl?: boolean;
  /**
   * Identity mode behind CloudFront: ARN of the distribution that carries the `origin` and `cacheBehavior` outputs
   * (`arn:aws:cloudfront::<account>:distribution/<ID>`). The component then allows `cloudfront.amazonaws.com` to
   * call the Function URL for this distribution only. The distribution needs `originAccessControlId` first, so on
   * the first deploy leave it unset (a warning says what to add) and set it once the distribution exists.
   */
  cloudFrontDistributionArn?: pulumi.Input<string>;
  /**
   * Identity mode behind CloudFront: the path the distribution routes to the signer, which then serves
   * `<pathPrefix>/token` and `<pathPrefix>/sessions/{sid}`. `/` and lower-case letters, digits or `-`. Default `/livechat`.
   */
  pathPrefix?: string;
  /**
   * Session invalidation: the Infobip API key for `DELETE /sessions/{sid}` as a Pulumi secret, exactly
   * `{"apiKey": "<key with the live-chat:manage scope>", "baseUrl": "https://<yours>.api.infobip.com"}`. The
   * component stores it in a second Secrets Manager secret that only the signer may read. Set at most one of
   * `infobipApiSecretString` and `infobipApiSecretArn`; neither leaves session invalidation off.
   */
  infobipApiSecretString?: pulumi.Input<string>;
  /**
   * Session invalidation: full ARN of an existing Secrets Manager secret holding `{"apiKey", "baseUrl"}` (encrypted
   * with the account's default key or `kmsKeyArn`). Set at most one of `infobipApiSecretString` and `infobipApiSecretArn`.
   */
  infobipApiSecretArn?: pulumi.Input<string>;
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
  /**
   * CloudWatch alarms on the signer (function errors and throttles; 5xx answers, no signing key, a stale key,
   * Infobip failures from its own metrics), optionally notifying `actions` and with a dashboard; see
   * docs/operate.md for each alarm's runbook. Default: not set, no alarms.
   */
  alarms?: SignerAlarmsOptions;
}

/**
 * The Lambda's code: the prebuilt bundle checked against its manifest (the published package), or
 * the same bytes built from lambda/ (a checkout). Throws at once when the prebuilt bundle fails its check.
 */
export function signerCode(): pulumi.Input<pulumi.asset.AssetArchive> {
  const archive = (code: string) => new pulumi.asset.AssetArchive({ [signerFileName]: new pulumi.asset.StringAsset(code) });
  const bundle = signerBundle();
  return bundle instanceof Promise ? bundle.then((b) => archive(b.code)) : archive(bundle.code);
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
  /** The Function URL's host: the domain name of the signer as a CloudFront origin. */
  public readonly originDomainName: pulumi.Output<string>;
  /** ID of the origin access control CloudFront signs requests to the signer with (identity mode behind CloudFront). */
  public readonly originAccessControlId: pulumi.Output<string | undefined>;
  /** The signer as a CloudFront origin, for the distribution's `origins` (identity mode behind CloudFront). */
  public readonly origin: pulumi.Output<SignerOrigin | undefined>;
  /** Uncached cache behavior for `<pathPrefix>/*`, for the distribution's `orderedCacheBehaviors` (identity mode behind CloudFront). */
  public readonly cacheBehavior: pulumi.Output<SignerCacheBehavior | undefined>;
  /** ARN of the secret holding the Infobip API key, when session invalidation is on. */
  public readonly infobipApiSecretArn: pulumi.Output<string | undefined>;

  constructor(name: string, args: TokenSignerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("livechat-aws:index:TokenSigner", name, {}, opts);
    const settings = resolveTokenSignerSettings(name, args);
    const code = signerCode(); // a prebuilt bundle that fails its check stops here, before any child exists
    const parent = { parent: this };
    // Children named `${name}-…` keep Pulumi's auto-name unless AWS would refuse it (long or unusual names).
    const scope = [pulumi.getProject(), pulumi.getStack()];
    const named = (property: string, logicalName: string, rule: NameRule): Record<string, string> => {
      const explicit = nameUnlessAutoNamed(logicalName, rule, scope);
      return explicit === undefined ? {} : { [property]: explicit };
    };
    const permit = (logicalName: string, permission: lambda.PermissionArgs): void => {
      new lambda.Permission(logicalName, { ...permission, ...named("statementId", logicalName, autoNamedRules.statementId) }, parent);
    };

    let secretArn: pulumi.Output<string>;
    const dependsOn: pulumi.Resource[] = [];
    if (args.secretString !== undefined) {
      const secret = new secretsmanager.Secret(
        `${name}-secret`,
        {
          ...named("name", `${name}-secret`, autoNamedRules.secret),
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
        ...named("name", `${name}-role`, autoNamedRules.iamRole),
        description: "Infobip Live Chat token signer (livechat-aws)",
        assumeRolePolicy: JSON.stringify(lambdaTrustPolicy),
        permissionsBoundary: settings.permissionsBoundary,
        tags: args.tags,
      },
      parent,
    );

    const logGroup = new cloudwatch.LogGroup(
      `${name}-logs`,
      { name: `/aws/lambda/${settings.functionName}`, retentionInDays: settings.logRetentionInDays, tags: args.tags },
      parent,
    );

    let apiSecretArn: pulumi.Output<string> | undefined;
    if (args.infobipApiSecretString !== undefined && args.infobipApiSecretString !== null) {
      const apiSecret = new secretsmanager.Secret(
        `${name}-api-secret`,
        {
          ...named("name", `${name}-api-secret`, autoNamedRules.secret),
          description: pulumi.interpolate`Infobip API key that ends Live Chat sessions of widget ${args.widgetId} (livechat-aws)`,
          kmsKeyId: settings.kmsKeyArn,
          tags: args.tags,
        },
        parent,
      );
      const apiVersion = new secretsmanager.SecretVersion(
        `${name}-api-secret-version`,
        {
          secretId: apiSecret.id,
          secretString: pulumi.secret(checkedString(args.infobipApiSecretString, (v) => validateApiSecretString(v))),
        },
        parent,
      );
      apiSecretArn = apiSecret.arn;
      dependsOn.push(apiVersion);
    } else if (args.infobipApiSecretArn !== undefined && args.infobipApiSecretArn !== null) {
      apiSecretArn = pulumi.output(checkedString(args.infobipApiSecretArn, (v) => validateSecretArn(v, "infobipApiSecretArn")));
    }

    const kmsKeyArn = settings.kmsKeyArn === undefined ? undefined : pulumi.output(settings.kmsKeyArn);
    const policy = new iam.RolePolicy(
      `${name}-policy`,
      {
        ...named("name", `${name}-policy`, autoNamedRules.rolePolicy),
        role: role.id,
        policy: pulumi.all([secretArn, logGroup.arn, kmsKeyArn, apiSecretArn]).apply(([secret, logGroupArn, kms, apiSecret]) =>
          JSON.stringify(
            signerPolicy({
              secretArn: secret,
              logGroupArn,
              ...(kms === undefined ? {} : { kmsKeyArn: kms }),
              ...(apiSecret === undefined ? {} : { apiSecretArn: apiSecret }),
            }),
          ),
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
        code,
        reservedConcurrentExecutions: settings.reservedConcurrency,
        loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
        environment: {
          variables: {
            [envNames.widgetId]: checkedString(args.widgetId, (v) => validateWidgetId(v)),
            [envNames.secretId]: secretArn,
            [envNames.ttlSeconds]: String(settings.tokenTtlSeconds),
            [envNames.maxTtlSeconds]: String(settings.maxTokenTtlSeconds),
            [envNames.cacheSeconds]: String(settings.secretCacheSeconds),
            ...(settings.identity === undefined ? {} : identityEnvironment(settings.identity)),
            ...(settings.exposure.pathPrefix === undefined ? {} : { [routingEnvNames.pathPrefix]: settings.exposure.pathPrefix }),
            ...(apiSecretArn === undefined ? {} : { [sessionEnvNames.apiSecretId]: apiSecretArn }),
          },
        },
        tags: args.tags,
      },
      { parent: this, dependsOn },
    );

    if (args.alarms !== undefined && args.alarms !== null) {
      createSignerAlarms(name, this, { functionName: settings.functionName, functionArn: fn.arn, tags: args.tags }, args.alarms);
    }

    const isPublic = settings.exposure.mode === "public";
    const url = new lambda.FunctionUrl(`${name}-url`, { functionName: fn.name, authorizationType: isPublic ? "NONE" : "AWS_IAM" }, parent);

    settings.allowedInvokerArns.forEach((principal, index) => {
      // Since October 2025 a Function URL call needs both permissions.
      permit(`${name}-invoke-url-${index}`, { action: "lambda:InvokeFunctionUrl", function: fn.name, principal, functionUrlAuthType: "AWS_IAM" });
      permit(`${name}-invoke-${index}`, { action: "lambda:InvokeFunction", function: fn.name, principal, invokedViaFunctionUrl: true });
      if (settings.directInvoke) {
        permit(`${name}-invoke-direct-${index}`, { action: "lambda:InvokeFunction", function: fn.name, principal });
      }
    });

    if (isPublic) {
      // Auth NONE: anyone may call the URL; the signer verifies the ID token and the Origin itself.
      permit(`${name}-public-invoke-url`, { action: "lambda:InvokeFunctionUrl", function: fn.name, principal: "*", functionUrlAuthType: "NONE" });
      permit(`${name}-public-invoke`, { action: "lambda:InvokeFunction", function: fn.name, principal: "*", invokedViaFunctionUrl: true });
    }

    let oac: cloudfront.OriginAccessControl | undefined;
    if (settings.exposure.mode === "cloudfront") {
      oac = new cloudfront.OriginAccessControl(
        `${name}-oac`,
        {
          name: physicalName([pulumi.getProject(), pulumi.getStack(), name], 64),
          description: "CloudFront signs its requests to the Live Chat token signer's Function URL (livechat-aws)",
          originAccessControlOriginType: "lambda",
          signingBehavior: "always",
          signingProtocol: "sigv4",
        },
        parent,
      );
      if (args.cloudFrontDistributionArn !== undefined && args.cloudFrontDistributionArn !== null) {
        const sourceArn = checkedString(args.cloudFrontDistributionArn, (v) => validateDistributionArn(v));
        permit(`${name}-cloudfront-invoke-url`, {
          action: "lambda:InvokeFunctionUrl",
          function: fn.name,
          principal: "cloudfront.amazonaws.com",
          sourceArn,
          functionUrlAuthType: "AWS_IAM",
        });
        permit(`${name}-cloudfront-invoke`, {
          action: "lambda:InvokeFunction",
          function: fn.name,
          principal: "cloudfront.amazonaws.com",
          sourceArn,
          invokedViaFunctionUrl: true,
        });
      } else {
        void pulumi.log.warn(cloudFrontPermissionNote(`TokenSigner ${name}`, settings.functionName), this);
      }
    }

    const originId = name;
    const pathPrefix = settings.exposure.pathPrefix;
    this.originDomainName = url.functionUrl.apply(functionUrlHost);
    this.originAccessControlId = oac === undefined ? pulumi.output(undefined) : oac.id;
    this.origin =
      oac === undefined
        ? pulumi.output(undefined)
        : pulumi.all([this.originDomainName, oac.id]).apply(([domainName, oacId]): SignerOrigin | undefined => signerOrigin(originId, domainName, oacId));
    this.cacheBehavior = pulumi.output(pathPrefix === undefined ? undefined : signerCacheBehavior(originId, pathPrefix));
    this.infobipApiSecretArn = apiSecretArn ?? pulumi.output(undefined);

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
      originDomainName: this.originDomainName,
      originAccessControlId: this.originAccessControlId,
      origin: this.origin,
      cacheBehavior: this.cacheBehavior,
      infobipApiSecretArn: this.infobipApiSecretArn,
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
  readonly architecture: LambdaArchitecture;
  readonly logRetentionInDays: LogRetentionDays;
  readonly reservedConcurrency: number | undefined;
  readonly kmsKeyArn: pulumi.Input<string> | undefined;
  readonly permissionsBoundary: pulumi.Input<string> | undefined;
  readonly allowedInvokerArns: pulumi.Input<string>[];
  /** Whether the invokers also get a plain `lambda:InvokeFunction`. */
  readonly directInvoke: boolean;
  /** How callers reach the signer (SigV4, behind CloudFront, or a public Function URL). */
  readonly exposure: SignerExposure;
  /** OIDC identity mode, checked; undefined in IAM mode. */
  readonly identity: ResolvedIdentity | undefined;
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
  const exposure = resolveExposure(args, prefix);
  validateApiSecretSource(args, prefix);
  if (typeof args.infobipApiSecretArn === "string") validateSecretArn(args.infobipApiSecretArn, `${prefix}infobipApiSecretArn`);
  if (typeof args.kmsKeyArn === "string" && typeof args.secretArn === "string") {
    validateKmsKeyArn(args.kmsKeyArn, `${prefix}kmsKeyArn`);
    validateSecretArn(args.secretArn);
    validateKmsKeyRegion(args.kmsKeyArn, args.secretArn, prefix);
  }
  if (args.alarms !== undefined && args.alarms !== null) checkSignerAlarmsArgs(args.alarms, prefix);
  return {
    functionName:
      args.functionName === undefined
        ? physicalName([pulumi.getProject(), pulumi.getStack(), name], 64)
        : validateFunctionName(args.functionName, `${prefix}functionName`),
    ...ttls,
    secretCacheSeconds: validateSecretCacheSeconds(args.secretCacheSeconds ?? defaults.cacheSeconds, `${prefix}secretCacheSeconds`),
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
    permissionsBoundary:
      args.permissionsBoundary === undefined || args.permissionsBoundary === null
        ? undefined
        : checkedString(args.permissionsBoundary, (v) => validatePermissionsBoundary(v, `${prefix}permissionsBoundary`)),
    allowedInvokerArns: (args.allowedInvokerArns ?? []).map((principal, index) =>
      checkedString(principal, (v) => validateInvokerPrincipal(v, `${prefix}allowedInvokerArns[${index}]`)),
    ),
    directInvoke: checkedDirectInvoke(args.directInvoke, prefix),
    exposure,
    identity: args.identity === undefined || args.identity === null ? undefined : resolveIdentity(args.identity, exposure, prefix),
  };
}

function checkedDirectInvoke(value: unknown, prefix: string): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value !== "boolean") throw new ArgsError(`${prefix}directInvoke`, `${prefix}directInvoke is ${JSON.stringify(value)}: use true or false (the default).`);
  return value;
}

function resolveIdentity(identity: TokenSignerIdentityOptions, exposure: SignerExposure, prefix: string): ResolvedIdentity {
  const resolved = resolveIdentityArgs(identity, prefix, exposure.mode === "cloudfront");
  if (exposure.mode === "public" && resolved.allowedOrigins.length === 0) {
    throw new ArgsError(
      `${prefix}identity.allowedOrigins`,
      `${prefix}identity.allowedOrigins is empty but ${prefix}publicFunctionUrl is true: the site's pages call the Function URL from their own ` +
        `origin, so list them exactly, e.g. ["https://www.example.com"] (browsers on any other origin are refused).`,
    );
  }
  return resolved;
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
  if (typeof options.permissionsBoundary === "string") validatePermissionsBoundary(options.permissionsBoundary, `${prefix}permissionsBoundary`);
  (options.allowedInvokerArns ?? []).forEach((principal, index) => {
    if (typeof principal === "string") validateInvokerPrincipal(principal, `${prefix}allowedInvokerArns[${index}]`);
  });
  checkedDirectInvoke(options.directInvoke, prefix);
  const exposure = resolveExposure(options, prefix);
  if (options.identity !== undefined && options.identity !== null) resolveIdentity(options.identity, exposure, prefix);
  validateApiSecretSource(options, prefix);
  if (typeof options.infobipApiSecretArn === "string") validateSecretArn(options.infobipApiSecretArn, `${prefix}infobipApiSecretArn`);
}
