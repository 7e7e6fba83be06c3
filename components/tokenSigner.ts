// The token signer: a Lambda that mints Infobip Live Chat personalization tokens with the widget's key
// from Secrets Manager. A thin shell: signerSettings.ts checks the arguments and applies the defaults,
// and the children come from one helper each (the secrets, the invoke permissions, the exposure).
import * as pulumi from "@pulumi/pulumi";
import * as cloudwatch from "@pulumi/aws/cloudwatch/index.js";
import * as iam from "@pulumi/aws/iam/index.js";
import * as lambda from "@pulumi/aws/lambda/index.js";
import { childrenOf, explicitName } from "./children.ts";
import { exposeSigner } from "./exposeSigner.ts";
import { permitInvokers } from "./invokePermissions.ts";
import { autoNamedRules } from "./naming.ts";
import { createSignerAlarms } from "./signerAlarms.ts";
import { signerCode } from "./signerCode.ts";
import { functionUrlAuthType, type SignerCacheBehavior, type SignerOrigin } from "./signerExposure.ts";
import { signerHandlerName, signerRuntime } from "./signerManifest.ts";
import { lambdaTrustPolicy, signerPolicy } from "./signerPolicy.ts";
import { createOrUseSecret } from "./signerSecret.ts";
import { signerEnvironment, tokenSignerSettings } from "./signerSettings.ts";
import type { TokenSignerArgs } from "./tokenSignerArgs.ts";

export { signerRuntime } from "./signerManifest.ts";
export type { TokenSignerArgs, TokenSignerOptions } from "./tokenSignerArgs.ts";

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
    const settings = tokenSignerSettings(name, args);
    const code = signerCode(); // a prebuilt bundle that fails its check stops here, before any child exists
    const children = childrenOf(this);
    const parent = { parent: this };

    const secret = createOrUseSecret(
      `${name}-secret`,
      settings.secret,
      {
        description: pulumi.interpolate`Infobip Live Chat secret key for widget ${args.widgetId} (livechat-aws)`,
        kmsKeyId: settings.kmsKeyArn,
        tags: args.tags,
      },
      children,
    );
    const role = new iam.Role(
      `${name}-role`,
      {
        ...explicitName(children, "name", `${name}-role`, autoNamedRules.iamRole),
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
    const apiSecret = createOrUseSecret(
      `${name}-api-secret`,
      settings.apiSecret,
      {
        description: pulumi.interpolate`Infobip API key that ends Live Chat sessions of widget ${args.widgetId} (livechat-aws)`,
        kmsKeyId: settings.kmsKeyArn,
        tags: args.tags,
      },
      children,
    );

    const policy = new iam.RolePolicy(
      `${name}-policy`,
      {
        ...explicitName(children, "name", `${name}-policy`, autoNamedRules.rolePolicy),
        role: role.id,
        policy: pulumi
          .all([secret.arn, logGroup.arn, settings.kmsKeyArn, apiSecret?.arn])
          .apply(([secretArn, logGroupArn, kms, apiSecretArn]) =>
            JSON.stringify(
              signerPolicy({
                secretArn,
                logGroupArn,
                ...(kms === undefined ? {} : { kmsKeyArn: kms }),
                ...(apiSecretArn === undefined ? {} : { apiSecretArn }),
              }),
            ),
          ),
      },
      parent,
    );

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
        environment: { variables: signerEnvironment(settings, secret.arn, apiSecret?.arn) },
        tags: args.tags,
      },
      {
        parent: this,
        dependsOn: [secret.version, apiSecret?.version, policy, logGroup].filter((r) => r !== undefined),
      },
    );

    if (settings.alarms !== undefined) {
      const target = { functionName: settings.functionName, functionArn: fn.arn, tags: args.tags };
      createSignerAlarms(name, this, target, settings.alarms);
    }

    const url = new lambda.FunctionUrl(
      `${name}-url`,
      { functionName: fn.name, authorizationType: functionUrlAuthType(settings.exposure.mode) },
      parent,
    );
    permitInvokers(name, fn.name, settings.allowedInvokerArns, settings.directInvoke, children);
    const exposed = { name: fn.name, physicalName: settings.functionName, url: url.functionUrl };
    const exposure = exposeSigner(name, exposed, settings, children);

    this.originDomainName = exposure.originDomainName;
    this.originAccessControlId = exposure.originAccessControlId;
    this.origin = exposure.origin;
    this.cacheBehavior = exposure.cacheBehavior;
    this.infobipApiSecretArn = apiSecret?.arn ?? pulumi.output(undefined);

    this.functionArn = fn.arn;
    this.functionName = fn.name;
    this.functionUrl = url.functionUrl;
    this.secretArn = secret.arn;
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
