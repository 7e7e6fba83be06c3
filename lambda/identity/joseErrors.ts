// Translates jose's error classes into IdentityError codes. jose attaches the claims set to
// claim errors; it is deliberately dropped here (it holds personal data).
import { errors } from "jose";
import { IdentityError } from "./identityError.ts";

function claimFailure(error: errors.JWTClaimValidationFailed): IdentityError {
  const claim = error.claim;
  if (error.reason === "missing") return new IdentityError("claim_missing", `The ID token has no "${claim}" claim.`);
  if (error.reason === "invalid")
    return new IdentityError(
      "malformed",
      `The ID token's "${claim}" claim must be a number (seconds since the epoch).`,
    );
  switch (claim) {
    case "iss":
      return new IdentityError("issuer_mismatch", 'The ID token\'s "iss" is not the configured issuer.');
    case "aud":
      return new IdentityError("audience_mismatch", 'The ID token\'s "aud" does not include any configured client ID.');
    case "nbf":
      return new IdentityError(
        "not_yet_valid",
        'The ID token is not valid yet ("nbf" is in the future beyond the clock tolerance).',
      );
    case "iat":
      return new IdentityError(
        "not_yet_valid",
        'The ID token was issued in the future ("iat" beyond the clock tolerance); check the issuer\'s clock.',
      );
    default:
      return new IdentityError("claim_invalid", `The ID token's "${claim}" claim failed validation.`);
  }
}

/** Returns the IdentityError for a jose error, or undefined for anything that is not jose's. */
export function identityErrorFromJose(error: unknown, maxTokenAgeSeconds: number): IdentityError | undefined {
  if (error instanceof IdentityError) return error;
  if (error instanceof errors.JWTExpired) {
    return error.claim === "iat"
      ? new IdentityError(
          "too_old",
          `The ID token was issued more than ${maxTokenAgeSeconds} s ago ("iat"); sign in again.`,
        )
      : new IdentityError("expired", 'The ID token has expired ("exp" is in the past beyond the clock tolerance).');
  }
  if (error instanceof errors.JWTClaimValidationFailed) return claimFailure(error);
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return new IdentityError("signature_invalid", "The ID token's signature does not verify with the issuer's key.");
  if (error instanceof errors.JWKSNoMatchingKey) {
    return new IdentityError(
      "kid_unknown",
      "No key in the issuer's JWKS matches the ID token's \"kid\" and algorithm.",
    );
  }
  if (error instanceof errors.JWKSMultipleMatchingKeys) {
    return new IdentityError(
      "kid_unknown",
      'The ID token has no "kid" and several keys in the issuer\'s JWKS could match.',
    );
  }
  if (error instanceof errors.JOSEAlgNotAllowed)
    return new IdentityError("alg_not_allowed", "The ID token's algorithm is not allowed.");
  if (error instanceof errors.JOSENotSupported)
    return new IdentityError(
      "malformed",
      "The ID token uses an unsupported JOSE feature (algorithm or critical header).",
    );
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid)
    return new IdentityError("malformed", `The ID token is malformed: ${error.message}.`);
  if (error instanceof errors.JWKSTimeout)
    return new IdentityError("jwks_unavailable", "The identity provider's JWKS did not answer in time.");
  return undefined;
}
