// The arguments of TokenSigner: `TokenSignerOptions`, the signer's settings (also LiveChat's `signer`),
// and `TokenSignerArgs`, which adds the widget, its key and the alarms. Types only: their JSDoc is the
// documentation of every language's SDK (components/index.ts exports this module before the components,
// so Pulumi's schema analyzer reads it). signerSettings.ts checks them and applies the defaults.
import type * as pulumi from "@pulumi/pulumi";
import type { LambdaArchitecture, LogRetentionDays } from "./enums.ts";
import type { TokenSignerIdentityOptions } from "./identityArgs.ts";
import type { SignerAlarmsOptions } from "./signerAlarms.ts";

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
