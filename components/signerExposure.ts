// How browsers reach the signer in identity mode, as pure data: behind the site's CloudFront
// distribution with origin access control (the default), or on a public Function URL. No Pulumi imports.
import { ArgsError, show } from "./validation.ts";
import { pathPrefixPattern } from "../lambda/contract.ts";

/**
 * `iam`: no identity; callers sign with SigV4 (a site backend). `cloudfront`: identity mode behind the site's
 * distribution with origin access control; the Function URL stays AWS_IAM. `public`: identity mode on a
 * Function URL with auth NONE; only the code checks callers.
 */
export type SignerExposureMode = "iam" | "cloudfront" | "public";

/** The exposure settings, checked. */
export interface SignerExposure {
  readonly mode: SignerExposureMode;
  /** Only in `cloudfront` mode: the path the distribution routes to the signer, e.g. `/livechat`. */
  readonly pathPrefix: string | undefined;
}

/** AWS managed CloudFront policies (the same IDs in every account). */
export const managedCachePolicies = {
  /** Managed-CachingDisabled: every request goes to the signer; tokens are never cached. */
  cachingDisabled: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
  /** Managed-AllViewerExceptHostHeader: forwards the identity header, Origin and query, but not Host (a Function URL needs its own). */
  allViewerExceptHostHeader: "b689b0a8-53d0-40ab-baf2-68738e2966ac",
} as const;

export const defaultPathPrefix = "/livechat";

const distributionArnShape = /^arn:aws(?:-[a-z]+)*:cloudfront::\d{12}:distribution\/[A-Z0-9]{1,64}$/;

/** `pathPrefix`: `/` and lower-case letters, digits or `-`. */
export function validatePathPrefix(value: string, field = "pathPrefix"): string {
  if (typeof value !== "string" || !pathPrefixPattern.test(value)) {
    throw new ArgsError(
      field,
      `${field} ${show(value)} is not a path prefix: use "/" followed by lower-case letters, digits or "-", e.g. "${defaultPathPrefix}" (the default); ` +
        `the distribution then routes "<prefix>/*" to the signer.`,
    );
  }
  return value;
}

/** `cloudFrontDistributionArn`: the ARN of the distribution that fronts the signer. */
export function validateDistributionArn(value: string, field = "cloudFrontDistributionArn"): void {
  if (typeof value !== "string" || !distributionArnShape.test(value)) {
    throw new ArgsError(
      field,
      `${field} ${show(value)} is not a CloudFront distribution ARN: use arn:aws:cloudfront::<account>:distribution/<distribution ID> ` +
        `(aws cloudfront get-distribution --id <ID> --query Distribution.ARN).`,
    );
  }
}

/** The arguments that decide the exposure. */
export interface ExposureArgs {
  readonly identity?: unknown;
  readonly publicFunctionUrl?: boolean;
  readonly cloudFrontDistributionArn?: unknown;
  readonly pathPrefix?: string;
  readonly allowedInvokerArns?: readonly unknown[];
}

/** Checks that the exposure arguments fit together; throws an `ArgsError` naming `<prefix><field>`. */
export function resolveExposure(args: ExposureArgs, prefix = ""): SignerExposure {
  const hasIdentity = args.identity !== undefined && args.identity !== null;
  if (args.publicFunctionUrl !== undefined && typeof args.publicFunctionUrl !== "boolean") {
    throw new ArgsError(
      `${prefix}publicFunctionUrl`,
      `${prefix}publicFunctionUrl is ${show(args.publicFunctionUrl)}: use true or false (the default).`,
    );
  }
  const isPublic = args.publicFunctionUrl === true;
  if (isPublic && !hasIdentity) {
    throw new ArgsError(
      `${prefix}publicFunctionUrl`,
      `${prefix}publicFunctionUrl is true but ${prefix}identity is not set: anyone on the internet could then ask for a token for any customer. ` +
        `Set ${prefix}identity (the site's OIDC issuer and client IDs) so the signer verifies who is asking, or leave ${prefix}publicFunctionUrl false ` +
        `and call the signer from a backend with SigV4.`,
      "conflicting-arguments",
    );
  }
  const mode: SignerExposureMode = !hasIdentity ? "iam" : isPublic ? "public" : "cloudfront";
  const notBehindCloudFront =
    mode === "iam"
      ? `${prefix}identity is not set (only browsers signing in with an ID token reach the signer through CloudFront)`
      : `${prefix}publicFunctionUrl is true (browsers call the Function URL directly)`;
  if (args.cloudFrontDistributionArn !== undefined && args.cloudFrontDistributionArn !== null) {
    if (mode !== "cloudfront") {
      throw new ArgsError(
        `${prefix}cloudFrontDistributionArn`,
        `${prefix}cloudFrontDistributionArn is set but ${notBehindCloudFront}: remove it, or set ${prefix}identity and leave ${prefix}publicFunctionUrl false.`,
        "conflicting-arguments",
      );
    }
    if (typeof args.cloudFrontDistributionArn === "string")
      validateDistributionArn(args.cloudFrontDistributionArn, `${prefix}cloudFrontDistributionArn`);
  }
  if (args.pathPrefix !== undefined && mode !== "cloudfront") {
    throw new ArgsError(
      `${prefix}pathPrefix`,
      `${prefix}pathPrefix is set but ${notBehindCloudFront}: remove it, or set ${prefix}identity and leave ${prefix}publicFunctionUrl false.`,
      "conflicting-arguments",
    );
  }
  if (isPublic && (args.allowedInvokerArns ?? []).length > 0) {
    throw new ArgsError(
      `${prefix}allowedInvokerArns`,
      `${prefix}allowedInvokerArns is set but ${prefix}publicFunctionUrl is true: a Function URL with auth NONE does not check IAM callers, ` +
        `so their permissions would grant nothing; remove ${prefix}allowedInvokerArns, or leave ${prefix}publicFunctionUrl false.`,
      "conflicting-arguments",
    );
  }
  return {
    mode,
    pathPrefix:
      mode === "cloudfront"
        ? validatePathPrefix(args.pathPrefix ?? defaultPathPrefix, `${prefix}pathPrefix`)
        : undefined,
  };
}

/** The Function URL's auth type: NONE only for a public URL (the signer's code checks callers); else AWS_IAM. */
export function functionUrlAuthType(mode: SignerExposureMode): "AWS_IAM" | "NONE" {
  return mode === "public" ? "NONE" : "AWS_IAM";
}

/** The host of a Function URL (`https://<id>.lambda-url.<region>.on.aws/` → `<id>.lambda-url.<region>.on.aws`). */
export function functionUrlHost(functionUrl: string): string {
  return new URL(functionUrl).host;
}

/** TLS and ports CloudFront uses to reach the Function URL. */
export interface SignerCustomOriginConfig {
  /** 80; unused (the origin is HTTPS only) but required by CloudFront. */
  httpPort: number;
  /** 443. */
  httpsPort: number;
  /** `https-only`. */
  originProtocolPolicy: string;
  /** `["TLSv1.2"]`. */
  originSslProtocols: string[];
}

/** The signer as a CloudFront origin: add it to the distribution's `origins`. */
export interface SignerOrigin {
  /** The origin's ID in the distribution; the cache behavior's `targetOriginId`. */
  originId: string;
  /** The Function URL's host. */
  domainName: string;
  /** The origin access control that signs CloudFront's requests to the Function URL. */
  originAccessControlId: string;
  /** HTTPS-only connection settings. */
  customOriginConfig: SignerCustomOriginConfig;
}

/** A cache behavior routing `<pathPrefix>/*` to the signer, uncached: add it to the distribution's `orderedCacheBehaviors`. */
export interface SignerCacheBehavior {
  /** `<pathPrefix>/*`, e.g. `/livechat/*`. */
  pathPattern: string;
  /** The signer origin's `originId`. */
  targetOriginId: string;
  /** `https-only`: ID tokens never travel in clear text. */
  viewerProtocolPolicy: string;
  /** Every method, so the signer answers CORS preflights, `GET`/`POST /token` and `DELETE /sessions/{sid}` itself. */
  allowedMethods: string[];
  /** `GET`, `HEAD` (nothing is cached anyway). */
  cachedMethods: string[];
  /** AWS managed CachingDisabled. */
  cachePolicyId: string;
  /** AWS managed AllViewerExceptHostHeader: the identity header and Origin reach the signer, Host does not. */
  originRequestPolicyId: string;
  /** `false`: responses are tiny. */
  compress: boolean;
}

export function signerOrigin(originId: string, domainName: string, originAccessControlId: string): SignerOrigin {
  return {
    originId,
    domainName,
    originAccessControlId,
    customOriginConfig: {
      httpPort: 80,
      httpsPort: 443,
      originProtocolPolicy: "https-only",
      originSslProtocols: ["TLSv1.2"],
    },
  };
}

export function signerCacheBehavior(originId: string, pathPrefix: string): SignerCacheBehavior {
  return {
    pathPattern: `${pathPrefix}/*`,
    targetOriginId: originId,
    viewerProtocolPolicy: "https-only",
    allowedMethods: ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"],
    cachedMethods: ["GET", "HEAD"],
    cachePolicyId: managedCachePolicies.cachingDisabled,
    originRequestPolicyId: managedCachePolicies.allViewerExceptHostHeader,
    compress: false,
  };
}

/** What to do when the signer is behind CloudFront but the component does not know the distribution yet. */
export function cloudFrontPermissionNote(componentName: string, functionName: string, prefix = ""): string {
  return (
    `${componentName}: CloudFront cannot call the signer yet. The distribution needs this component's origin (with its origin access control) first, ` +
    `so once it exists either set ${prefix}cloudFrontDistributionArn to its ARN and run pulumi up again (the component then adds the permissions), ` +
    `or add them yourself: two aws.lambda.Permission on function ${functionName} for principal cloudfront.amazonaws.com with sourceArn = the distribution's ARN — ` +
    `action lambda:InvokeFunctionUrl with functionUrlAuthType AWS_IAM, and action lambda:InvokeFunction with invokedViaFunctionUrl true.`
  );
}
