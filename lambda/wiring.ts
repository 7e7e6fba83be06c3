// How the signer's optional parts are wired from validated settings; shared by the Lambda entry
// (createSignerFromEnv) and the local runner, so both verify ID tokens and call Infobip alike.
import type { IdentitySettings } from "./config.ts";
import type { SignerIdentityOptions, SignerSessionOptions } from "./http/signer.ts";
import { createIdentityVerifier } from "./identity/identityVerifier.ts";

/**
 * Timeouts that keep one request inside the Lambda's 10 s timeout in IAM mode: the API secret
 * (≤ 2 s by default, cached afterwards) plus three Infobip attempts of ≤ 2 s with ≤ 0.3 s of
 * backoff. The first request of an OIDC execution environment may also fetch discovery + JWKS
 * (≤ 3 s each); that worst case can exceed 10 s only if every upstream is slow at once.
 */
export const lambdaTimeouts = {
  identityFetchMs: 3_000,
  infobipAttemptMs: 2_000,
  infobipRetries: 2,
} as const;

/** The Infobip call's default timing. */
export const defaultInvalidation: NonNullable<SignerSessionOptions["invalidation"]> = {
  timeoutMs: lambdaTimeouts.infobipAttemptMs,
  retries: lambdaTimeouts.infobipRetries,
};

/** The signer's OIDC options for validated `settings` (from `readIdentitySettings`). */
export function identityOptions(settings: IdentitySettings, clock: { now?: () => number } = {}): SignerIdentityOptions {
  return {
    verifier: createIdentityVerifier({
      issuer: settings.issuer,
      audiences: settings.audiences,
      ...(settings.jwksUri === undefined ? {} : { jwksUri: settings.jwksUri }),
      subjectType: settings.subjectType,
      ...(settings.subjectClaim === undefined ? {} : { subjectClaim: settings.subjectClaim }),
      ...(settings.sessionClaim === undefined ? {} : { sessionClaim: settings.sessionClaim }),
      timeoutMs: lambdaTimeouts.identityFetchMs,
      ...(clock.now === undefined ? {} : { now: clock.now }),
    }),
    headerName: settings.headerName,
    allowedOrigins: settings.allowedOrigins,
  };
}
