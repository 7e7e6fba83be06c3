// One base for the errors the signer's runtime code (lambda/) throws on purpose, and the one list of
// their codes (as jose's src/util/errors.ts keeps its codes). An error is told apart by `name` (its
// class, set as `override readonly name = "…"`) and `code` (what went wrong: stable, safe to log and
// to branch on); a setting at fault is named in `field` (ConfigError, IdentityConfigError,
// CorsConfigError). Messages are for people, never parsed to recover data. An HTTP caller never sees
// these errors: it gets a problem (http/problem.ts), whose `type` URN is the HTTP contract.
//
// Called SignerRuntimeError, not SignerError: `livechat-aws/client` exports a SignerError already
// (a problem answer as the site's backend receives it).

/**
 * IdentityError's codes, a list of its own: the metrics read it at run time, and a bundle that
 * imports only this list leaves the rest of `errorCodes` (type-only there) out.
 */
export const identityErrorCodes = [
  "token_missing",
  "token_too_large",
  "malformed",
  "alg_not_allowed",
  "token_type_not_allowed",
  "kid_unknown",
  "signature_invalid",
  "issuer_mismatch",
  "audience_mismatch",
  "authorized_party_mismatch",
  "expired",
  "not_yet_valid",
  "too_old",
  "claim_missing",
  "claim_invalid",
  "email_unverified",
  "phone_unverified",
  "jwks_unavailable",
] as const;

/** Every code, per error class. Codes already in logs (`errorCode`) or problem bodies keep their spelling. */
export const errorCodes = {
  /** An environment variable (`field`) is missing, invalid, or at odds with another. */
  ConfigError: ["env_missing", "env_invalid", "env_conflict"],
  /** An OIDC identity setting (`field`: `issuer`, `audiences`, …) cannot work. */
  IdentityConfigError: ["identity_setting_invalid"],
  /** `allowedOrigins` (`field`) lists something that is not an exact https origin. */
  CorsConfigError: ["allowed_origins_invalid"],
  /** An ID token did not verify; the code travels in the 401/503 problem's `code` and in `identityCode` log fields. */
  IdentityError: identityErrorCodes,
  /** An identity provider's answer (discovery, JWKS) went over the byte cap. */
  ResponseTooLargeError: ["response_too_large"],
  /** The signing key secret is not the portal's `{"id", "key"}` JSON; logged as `errorCode`. */
  SecretFormatError: [
    "not-json",
    "not-object",
    "missing-id",
    "invalid-id",
    "missing-key",
    "invalid-base64",
    "key-too-short",
  ],
  /** The Infobip API secret is not `{"apiKey", "baseUrl"}` as required. */
  ApiSecretError: [
    "not-json",
    "not-object",
    "missing-api-key",
    "invalid-api-key",
    "missing-base-url",
    "invalid-base-url",
    "base-url-contains-key",
  ],
  /** A GetSecretValue call failed; logged as `errorCode`. */
  SecretsManagerError: [
    "ResourceNotFound",
    "AccessDenied",
    "Throttling",
    "DecryptionFailure",
    "InvalidRequest",
    "InvalidParameter",
    "InternalServiceError",
    "OtherAwsError",
    "HttpError",
    "Timeout",
    "Network",
    "BadResponse",
    "MissingCredentials",
  ],
  /** A secret (the Infobip API secret) could not be loaded and nothing usable is cached: 503. */
  SecretUnavailableError: ["secret_unavailable"],
  /** The signing key could not be loaded and nothing usable is cached: 503. */
  KeyUnavailableError: ["key_unavailable"],
} as const;

export type ErrorName = keyof typeof errorCodes;
export type ErrorCode<Name extends ErrorName> = (typeof errorCodes)[Name][number];

/** The base of every error in `errorCodes`. Throw a subclass, never this. */
export abstract class SignerRuntimeError<Code extends string = string> extends Error {
  override readonly name: string = "SignerRuntimeError";
  readonly code: Code;

  constructor(code: Code, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}
