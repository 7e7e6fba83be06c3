import * as pulumi from "@pulumi/pulumi";
import { CspPolicy, type CspPolicyArgs, type CspPolicyOptions } from "./cspPolicy.ts";
import type { SignerAlarmsOptions } from "./signerAlarms.ts";
import type { SignerCacheBehavior, SignerOrigin } from "./signerExposure.ts";
import { resolveTokenSignerSettings, withSettings } from "./signerSettings.ts";
import { TokenSigner } from "./tokenSigner.ts";
import type { TokenSignerArgs, TokenSignerOptions } from "./tokenSignerArgs.ts";
import { validateWidgetId } from "./validation.ts";

/** Arguments of `LiveChat`. */
export interface LiveChatArgs {
  /**
   * The Live Chat widget ID, from the widget's installation snippet. A plain string (not an Output):
   * the install snippet's hash is computed from it at preview.
   */
  widgetId: string;
  /**
   * The widget's secret key exactly as the Infobip portal shows it, `{"id": 3, "key": "<base64>"}`, as a
   * Pulumi secret (`pulumi config set --secret`); the component creates a Secrets Manager secret holding it.
   * Set exactly one of `secretString` and `secretArn`.
   */
  secretString?: pulumi.Input<string>;
  /** Full ARN of an existing Secrets Manager secret holding the portal's key JSON. Set exactly one of `secretString` and `secretArn`. */
  secretArn?: pulumi.Input<string>;
  /**
   * Settings of the token signer: TTLs, invokers, KMS key, sizing, logs, and for sites without a backend the OIDC
   * `identity` mode (behind the site's CloudFront distribution by default), plus the Infobip API key for ending sessions.
   */
  signer?: TokenSignerOptions;
  /** The Content-Security-Policy and security headers; the Infobip Live Chat preset is on by default. */
  csp?: CspPolicyOptions;
  /**
   * Allow Infobip's standard install snippet for `widgetId` inline by hash (sets `csp.liveChatSnippetWidgetId`);
   * the `snippet` and `snippetHash` outputs then hold the exact script to inline. Default false.
   */
  inlineSnippet?: boolean;
  /**
   * CloudWatch alarms on the token signer (errors, throttles, 5xx, no signing key, a stale key, Infobip failures),
   * optionally notifying `actions` and with a dashboard; see docs/operate.md. Default: not set, no alarms.
   */
  alarms?: SignerAlarmsOptions;
}

/**
 * Infobip Live Chat on an AWS-hosted website: a token signer (Lambda + Secrets Manager, Function URL with
 * AWS_IAM) for authenticated customers, and a CloudFront response-headers policy with the CSP Live Chat needs.
 */
export class LiveChat extends pulumi.ComponentResource {
  /** ARN of the signer Lambda. */
  public readonly functionArn: pulumi.Output<string>;
  /** Name of the signer Lambda. */
  public readonly functionName: pulumi.Output<string>;
  /** The signer's Function URL (AWS_IAM auth). */
  public readonly functionUrl: pulumi.Output<string>;
  /** ARN of the secret holding the widget's key. */
  public readonly secretArn: pulumi.Output<string>;
  /** ARN of the signer's IAM role. */
  public readonly roleArn: pulumi.Output<string>;
  /** The signer's CloudWatch log group. */
  public readonly logGroupName: pulumi.Output<string>;
  /** ID of the CloudFront response-headers policy; attach it to the distribution's cache behaviors. */
  public readonly policyId: pulumi.Output<string>;
  /** The exact Content-Security-Policy value. */
  public readonly contentSecurityPolicy: pulumi.Output<string>;
  /** Every header the policy sends, name → value. */
  public readonly headers: pulumi.Output<{ [name: string]: string }>;
  /** Caveats about the CSP a security reviewer should read (also logged at `pulumi preview`); empty when there are none. */
  public readonly warnings: pulumi.Output<string[]>;
  /** The install snippet allowed by hash, when `inlineSnippet` (or `csp.liveChatSnippetWidgetId`) is set. */
  public readonly snippet: pulumi.Output<string | undefined>;
  /** The snippet's `'sha256-…'` source expression. */
  public readonly snippetHash: pulumi.Output<string | undefined>;
  /** The signer's Function URL host: its domain name as a CloudFront origin. */
  public readonly originDomainName: pulumi.Output<string>;
  /** ID of the origin access control for the signer origin (`signer.identity` behind CloudFront). */
  public readonly originAccessControlId: pulumi.Output<string | undefined>;
  /** The signer as a CloudFront origin, for the distribution's `origins` (`signer.identity` behind CloudFront). */
  public readonly origin: pulumi.Output<SignerOrigin | undefined>;
  /** Uncached cache behavior routing `<pathPrefix>/*` to the signer, for `orderedCacheBehaviors` (`signer.identity` behind CloudFront). */
  public readonly cacheBehavior: pulumi.Output<SignerCacheBehavior | undefined>;
  /** ARN of the secret holding the Infobip API key, when session invalidation is on. */
  public readonly infobipApiSecretArn: pulumi.Output<string | undefined>;

  constructor(name: string, args: LiveChatArgs, opts?: pulumi.ComponentResourceOptions) {
    super("livechat-aws:index:LiveChat", name, {}, opts);
    validateWidgetId(args.widgetId); // a plain string here: the snippet's hash is computed from it at preview
    const signerName = `${name}-signer`;
    const signerArgs: TokenSignerArgs = {
      ...args.signer,
      widgetId: args.widgetId,
      ...(args.secretString === undefined ? {} : { secretString: args.secretString }),
      ...(args.secretArn === undefined ? {} : { secretArn: args.secretArn }),
      ...(args.alarms === undefined ? {} : { alarms: args.alarms }),
    };
    // Every signer argument checked before any child exists, named as LiveChat's (`signer.…`); the signer reuses the result.
    const signerSettings = resolveTokenSignerSettings(signerName, signerArgs, "signer.");

    const cspArgs: CspPolicyArgs = {
      ...args.csp,
      ...(args.inlineSnippet === true ? { liveChatSnippetWidgetId: args.widgetId } : {}),
    };
    const csp = new CspPolicy(`${name}-csp`, cspArgs, { parent: this });
    const signer = new TokenSigner(signerName, withSettings(signerName, signerArgs, signerSettings), { parent: this });

    this.functionArn = signer.functionArn;
    this.functionName = signer.functionName;
    this.functionUrl = signer.functionUrl;
    this.secretArn = signer.secretArn;
    this.roleArn = signer.roleArn;
    this.logGroupName = signer.logGroupName;
    this.policyId = csp.policyId;
    this.contentSecurityPolicy = csp.contentSecurityPolicy;
    this.headers = csp.headers;
    this.warnings = csp.warnings;
    this.snippet = csp.snippet;
    this.snippetHash = csp.snippetHash;
    this.originDomainName = signer.originDomainName;
    this.originAccessControlId = signer.originAccessControlId;
    this.origin = signer.origin;
    this.cacheBehavior = signer.cacheBehavior;
    this.infobipApiSecretArn = signer.infobipApiSecretArn;
    this.registerOutputs({
      functionArn: this.functionArn,
      functionName: this.functionName,
      functionUrl: this.functionUrl,
      secretArn: this.secretArn,
      roleArn: this.roleArn,
      logGroupName: this.logGroupName,
      policyId: this.policyId,
      contentSecurityPolicy: this.contentSecurityPolicy,
      headers: this.headers,
      warnings: this.warnings,
      snippet: this.snippet,
      snippetHash: this.snippetHash,
      originDomainName: this.originDomainName,
      originAccessControlId: this.originAccessControlId,
      origin: this.origin,
      cacheBehavior: this.cacheBehavior,
      infobipApiSecretArn: this.infobipApiSecretArn,
    });
  }
}
