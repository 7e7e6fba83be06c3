// The origin and cache behavior a signer behind CloudFront gives the site's distribution, written out
// here (AWS's managed policy IDs included) rather than taken from components/signerExposure.ts, so a
// wrong value there cannot also be the expected one.

/** The origin: the Function URL's host, signed by the origin access control, over HTTPS only. */
export function expectedOrigin(originId: string, domainName: string, originAccessControlId: string) {
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

/** The behavior routing `pathPattern` to the signer: every method, nothing cached, the viewer's headers but Host. */
export function expectedCacheBehavior(originId: string, pathPattern: string) {
  return {
    pathPattern,
    targetOriginId: originId,
    viewerProtocolPolicy: "https-only",
    allowedMethods: ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"],
    cachedMethods: ["GET", "HEAD"],
    // AWS's managed policies CachingDisabled and AllViewerExceptHostHeader.
    cachePolicyId: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
    originRequestPolicyId: "b689b0a8-53d0-40ab-baf2-68738e2966ac",
    compress: false,
  };
}
