// A TokenSigner's arguments checked, with the defaults applied, in one place. A TokenSigner resolves its
// own; LiveChat resolves its signer's at preview, under its own field names (`signer.…`), before it
// creates any child, and hands the result to the TokenSigner it creates (`withSettings`): every check
// runs once, in one order, with one set of messages. Plain values are checked at once; Outputs when
// they become known (config values, secrets included, are known at preview).
import * as pulumi from "@pulumi/pulumi";
import type { LambdaArchitecture, LogRetentionDays } from "./enums.ts";
import {
  identityEnvironment,
  resolveIdentityArgs,
  type ResolvedIdentity,
  type TokenSignerIdentityOptions,
} from "./identityArgs.ts";
import { defaults, envNames, routingEnvNames, sessionEnvNames } from "../lambda/contract.ts";
import { checkedString } from "./inputs.ts";
import { physicalName } from "./naming.ts";
import { checkSignerAlarmsArgs, type CheckedSignerAlarms } from "./signerAlarms.ts";
import { resolveExposure, validateDistributionArn, type SignerExposure } from "./signerExposure.ts";
import { secretSource, type SecretSource } from "./signerSecret.ts";
import type { TokenSignerArgs } from "./tokenSignerArgs.ts";
import {
  ArgsError,
  apiSecretSource,
  resolveTtls,
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

/** `TokenSignerArgs` with defaults applied and every value checked (Outputs when known). */
export interface TokenSignerSettings {
  /** How the arguments name the `TokenSignerOptions` fields in messages: `""`, or `signer.` under LiveChat. */
  readonly prefix: string;
  readonly widgetId: pulumi.Input<string>;
  /** The widget's key: created from `secretString`, or the existing `secretArn`. */
  readonly secret: SecretSource;
  /** The Infobip API key, when session invalidation is on. */
  readonly apiSecret: SecretSource | undefined;
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
  /** The distribution in front of the signer (`cloudfront` exposure only); undefined until it exists. */
  readonly cloudFrontDistributionArn: pulumi.Input<string> | undefined;
  /** OIDC identity mode, checked; undefined in IAM mode. */
  readonly identity: ResolvedIdentity | undefined;
  readonly alarms: CheckedSignerAlarms | undefined;
}

/**
 * Validates `TokenSignerArgs` and applies the defaults; throws an `ArgsError` whose message names the field
 * and the fix. `prefix` is how the caller's own arguments name the `TokenSignerOptions` fields (`signer.` for
 * LiveChat); the fields `TokenSignerArgs` adds (`widgetId`, `secretString`, `secretArn`, `alarms`) are
 * top-level arguments of LiveChat too and keep their names.
 */
export function resolveTokenSignerSettings(name: string, args: TokenSignerArgs, prefix = ""): TokenSignerSettings {
  const secretKind = validateSecretSource(args);
  const widgetId = checkedString(args.widgetId, (v) => validateWidgetId(v));
  const ttls = resolveTtls(args, prefix);
  const exposure = resolveExposure(args, prefix);
  const apiSecret = secretSource(
    apiSecretSource(args, prefix),
    { value: args.infobipApiSecretString, arn: args.infobipApiSecretArn },
    {
      value: (v) => validateApiSecretString(v, `${prefix}infobipApiSecretString`),
      arn: (v) => validateSecretArn(v, `${prefix}infobipApiSecretArn`),
    },
  );
  const alarms = args.alarms === undefined || args.alarms === null ? undefined : checkSignerAlarmsArgs(args.alarms);
  const settings = {
    functionName:
      args.functionName === undefined
        ? physicalName([pulumi.getProject(), pulumi.getStack(), name], 64)
        : validateFunctionName(args.functionName, `${prefix}functionName`),
    ...ttls,
    secretCacheSeconds: validateSecretCacheSeconds(
      args.secretCacheSeconds ?? defaults.cacheSeconds,
      `${prefix}secretCacheSeconds`,
    ),
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
        : checkedString(args.permissionsBoundary, (v) =>
            validatePermissionsBoundary(v, `${prefix}permissionsBoundary`),
          ),
    allowedInvokerArns: (args.allowedInvokerArns ?? []).map((principal, index) =>
      checkedString(principal, (v) => validateInvokerPrincipal(v, `${prefix}allowedInvokerArns[${index}]`)),
    ),
    directInvoke: checkedDirectInvoke(args.directInvoke, prefix),
    exposure,
    cloudFrontDistributionArn:
      args.cloudFrontDistributionArn === undefined || args.cloudFrontDistributionArn === null
        ? undefined
        : checkedString(args.cloudFrontDistributionArn, (v) =>
            validateDistributionArn(v, `${prefix}cloudFrontDistributionArn`),
          ),
    identity:
      args.identity === undefined || args.identity === null
        ? undefined
        : resolveIdentity(args.identity, exposure, prefix),
  };
  const secret = secretSource(
    secretKind,
    { value: args.secretString, arn: args.secretArn },
    { value: (v) => validateSecretString(v), arn: (v) => validateSecretArn(v) },
  );
  // Both ARNs are checked by now (the plain ones at once); then whether they fit together.
  if (typeof args.kmsKeyArn === "string" && typeof args.secretArn === "string") {
    validateKmsKeyRegion(args.kmsKeyArn, args.secretArn, prefix);
  }
  return { prefix, widgetId, secret, apiSecret, ...settings, alarms };
}

function checkedDirectInvoke(value: unknown, prefix: string): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value !== "boolean") {
    throw new ArgsError(
      `${prefix}directInvoke`,
      `${prefix}directInvoke is ${JSON.stringify(value)}: use true or false (the default).`,
    );
  }
  return value;
}

function resolveIdentity(
  identity: TokenSignerIdentityOptions,
  exposure: SignerExposure,
  prefix: string,
): ResolvedIdentity {
  const resolved = resolveIdentityArgs(identity, prefix, exposure.mode === "cloudfront");
  if (exposure.mode === "public" && resolved.allowedOrigins.length === 0) {
    throw new ArgsError(
      `${prefix}identity.allowedOrigins`,
      `${prefix}identity.allowedOrigins is empty but ${prefix}publicFunctionUrl is true: the site's pages call the Function URL from their own ` +
        `origin, so list them exactly, e.g. ["https://www.example.com"] (browsers on any other origin are refused).`,
      "conflicting-arguments",
    );
  }
  return resolved;
}

/** The Lambda's environment for `settings` (lambda/contract.ts names it; lambda/config.ts reads it). */
export function signerEnvironment(
  settings: TokenSignerSettings,
  secretArn: pulumi.Input<string>,
  apiSecretArn: pulumi.Input<string> | undefined,
): Record<string, pulumi.Input<string>> {
  return {
    [envNames.widgetId]: settings.widgetId,
    [envNames.secretId]: secretArn,
    [envNames.ttlSeconds]: String(settings.tokenTtlSeconds),
    [envNames.maxTtlSeconds]: String(settings.maxTokenTtlSeconds),
    [envNames.cacheSeconds]: String(settings.secretCacheSeconds),
    ...(settings.identity === undefined ? {} : identityEnvironment(settings.identity)),
    ...(settings.exposure.pathPrefix === undefined
      ? {}
      : { [routingEnvNames.pathPrefix]: settings.exposure.pathPrefix }),
    ...(apiSecretArn === undefined ? {} : { [sessionEnvNames.apiSecretId]: apiSecretArn }),
  };
}

const resolvedByParent = new WeakMap<
  TokenSignerArgs,
  { readonly name: string; readonly settings: TokenSignerSettings }
>();

/** For a parent component: the `args` of `new TokenSigner(name, args)`, whose settings it has resolved (under its own field names). */
export function withSettings(name: string, args: TokenSignerArgs, settings: TokenSignerSettings): TokenSignerArgs {
  resolvedByParent.set(args, { name, settings });
  return args;
}

/** The settings of `new TokenSigner(name, args)`: those its parent resolved, else resolved now. */
export function tokenSignerSettings(name: string, args: TokenSignerArgs): TokenSignerSettings {
  const resolved = resolvedByParent.get(args);
  return resolved !== undefined && resolved.name === name ? resolved.settings : resolveTokenSignerSettings(name, args);
}
