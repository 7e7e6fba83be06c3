// The contract between the TokenSigner component, which deploys the signer and writes its
// environment, and the signer, which reads it: variable names, defaults and limits. Both sides
// import this module, so neither retypes a name or a number; test/components/identity.test.ts
// round-trips what the component writes through what the Lambda reads. Plain data, no imports.

/** Token and Secrets Manager settings. */
export const envNames = {
  widgetId: "LIVECHAT_WIDGET_ID",
  secretId: "LIVECHAT_SECRET_ID",
  ttlSeconds: "LIVECHAT_TOKEN_TTL_SECONDS",
  maxTtlSeconds: "LIVECHAT_MAX_TOKEN_TTL_SECONDS",
  cacheSeconds: "LIVECHAT_SECRET_CACHE_SECONDS",
  staleSeconds: "LIVECHAT_STALE_SECONDS",
  timeoutMs: "LIVECHAT_SECRET_TIMEOUT_MS",
} as const;

/** OIDC identity mode: on when the issuer is set. */
export const identityEnvNames = {
  issuer: "LIVECHAT_IDENTITY_ISSUER",
  audiences: "LIVECHAT_IDENTITY_AUDIENCES",
  jwksUri: "LIVECHAT_IDENTITY_JWKS_URI",
  subjectType: "LIVECHAT_IDENTITY_SUBJECT_TYPE",
  subjectClaim: "LIVECHAT_IDENTITY_SUBJECT_CLAIM",
  sessionClaim: "LIVECHAT_IDENTITY_SESSION_CLAIM",
  headerName: "LIVECHAT_IDENTITY_HEADER",
  allowedOrigins: "LIVECHAT_ALLOWED_ORIGINS",
} as const;

/** Session invalidation: the Infobip API secret. */
export const sessionEnvNames = {
  apiSecretId: "LIVECHAT_INFOBIP_API_SECRET_ID",
} as const;

/** The CloudFront cache behavior's path in front of the signer. */
export const routingEnvNames = {
  pathPrefix: "LIVECHAT_PATH_PREFIX",
} as const;

/** Defaults and bounds of the settings above, as the component checks them and the signer applies them. */
export const defaults = {
  ttlSeconds: 15,
  /** Infobip refuses personalization tokens that live less than 10 seconds. */
  minTtlSeconds: 10,
  /** The default maximum is max(TTL, 60): room for a little clock skew, not for long-lived tokens. */
  maxTtlFloorSeconds: 60,
  /** Hard ceiling on any TTL: a personalization token is single-use; a day is already generous. */
  ttlCeilingSeconds: 86_400,
  cacheSeconds: 300,
  minCacheSeconds: 1,
  maxCacheSeconds: 86_400,
  staleSeconds: 900,
  timeoutMs: 2_000,
} as const;

/** One path segment: `/` and lower-case letters, digits or `-`, e.g. `/livechat`. */
export const pathPrefixPattern = /^\/[a-z0-9-]{1,100}$/;
