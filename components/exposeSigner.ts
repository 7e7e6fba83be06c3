// The exposure step of a TokenSigner in identity mode, as resources; the decisions are signerExposure.ts's
// pure functions. A public Function URL lets anyone call it. Behind CloudFront: an origin access control,
// CloudFront's permission pair for the known distribution (or, until it exists, a warning saying what to
// add), and the origin and cache behavior the site's distribution takes.
import * as pulumi from "@pulumi/pulumi";
import * as cloudfront from "@pulumi/aws/cloudfront/index.js";
import type { Children } from "./children.ts";
import { permitFunctionUrl } from "./invokePermissions.ts";
import { physicalName } from "./naming.ts";
import {
  cloudFrontPermissionNote,
  functionUrlHost,
  signerCacheBehavior,
  signerOrigin,
  type SignerCacheBehavior,
  type SignerExposure,
  type SignerOrigin,
} from "./signerExposure.ts";

/** The signer function and its URL. */
export interface ExposedFunction {
  /** The function's name as an Output: the permissions wait for the function. */
  readonly name: pulumi.Output<string>;
  /** Its physical name, known at preview: the warning names it. */
  readonly physicalName: string;
  readonly url: pulumi.Output<string>;
}

/** The checked settings the exposure needs. */
export interface ExposureSettings {
  readonly exposure: SignerExposure;
  /** The distribution in front of the signer (`cloudfront` mode), checked; undefined until it exists. */
  readonly cloudFrontDistributionArn: pulumi.Input<string> | undefined;
  /** How the component's own arguments name the signer's fields (`signer.` under LiveChat). */
  readonly prefix: string;
}

/** The outputs of the exposure; undefined where the mode has none. */
export interface ExposureOutputs {
  readonly originDomainName: pulumi.Output<string>;
  readonly originAccessControlId: pulumi.Output<string | undefined>;
  readonly origin: pulumi.Output<SignerOrigin | undefined>;
  readonly cacheBehavior: pulumi.Output<SignerCacheBehavior | undefined>;
}

/** Creates what the exposure of the signer `name` needs (children `<name>-public-…`, `<name>-oac`, `<name>-cloudfront-…`). */
export function exposeSigner(
  name: string,
  fn: ExposedFunction,
  settings: ExposureSettings,
  children: Children,
): ExposureOutputs {
  const { mode, pathPrefix } = settings.exposure;
  if (mode === "public") {
    // Auth NONE: anyone may call the URL; the signer verifies the ID token and the Origin itself.
    const names = { url: `${name}-public-invoke-url`, invoke: `${name}-public-invoke` };
    permitFunctionUrl(names, fn.name, { principal: "*", authType: "NONE" }, children);
  }
  const originDomainName = fn.url.apply(functionUrlHost);
  if (mode !== "cloudfront" || pathPrefix === undefined) {
    // (resolveExposure gives `cloudfront` mode a path prefix, always.)
    const none = pulumi.output(undefined);
    return { originDomainName, originAccessControlId: none, origin: none, cacheBehavior: none };
  }
  const oac = new cloudfront.OriginAccessControl(
    `${name}-oac`,
    {
      name: physicalName([...children.scope, name], 64),
      description: "CloudFront signs its requests to the Live Chat token signer's Function URL (livechat-aws)",
      originAccessControlOriginType: "lambda",
      signingBehavior: "always",
      signingProtocol: "sigv4",
    },
    { parent: children.parent },
  );
  if (settings.cloudFrontDistributionArn !== undefined) {
    permitFunctionUrl(
      { url: `${name}-cloudfront-invoke-url`, invoke: `${name}-cloudfront-invoke` },
      fn.name,
      { principal: "cloudfront.amazonaws.com", sourceArn: settings.cloudFrontDistributionArn, authType: "AWS_IAM" },
      children,
    );
  } else {
    void pulumi.log.warn(
      cloudFrontPermissionNote(`TokenSigner ${name}`, fn.physicalName, settings.prefix),
      children.parent,
    );
  }
  const originId = name;
  return {
    originDomainName,
    originAccessControlId: oac.id,
    origin: pulumi
      .all([originDomainName, oac.id])
      .apply(([domainName, oacId]): SignerOrigin | undefined => signerOrigin(originId, domainName, oacId)),
    cacheBehavior: pulumi.output(signerCacheBehavior(originId, pathPrefix)),
  };
}
