export { createIdentityVerifier } from "./identityVerifier.ts";
export type { IdentityVerifier } from "./identityVerifier.ts";
export type { IdentityConfig } from "./identityConfig.ts";
export { IdentityConfigError, asymmetricAlgorithms, defaultAlgorithms } from "./identityConfig.ts";
export { IdentityError, identityErrorCodes } from "./identityError.ts";
export type { IdentityErrorCode, IdentityErrorStatus } from "./identityError.ts";
export type { SubjectType, VerifiedIdentity } from "./identity.ts";
export { normalizePhoneNumber } from "./identity.ts";
export { extractIdentityToken, defaultIdentityHeader, headerValue } from "./extractIdentityToken.ts";
export {
  corsHeaders,
  corsPreflight,
  validateAllowedOrigins,
  CorsConfigError,
  corsAllowedMethods,
  corsAllowedHeaders,
  corsMaxAgeSeconds,
} from "./cors.ts";
export type { CorsOptions, PreflightResponse } from "./cors.ts";
