// OIDC mode: who the caller is, from the site's ID token, or the 401/503 outcome that says why not.
// The IdentityError's code travels in the problem's `code` and in the `identityCode` log field.
import { extractIdentityToken } from "../identity/extractIdentityToken.ts";
import type { VerifiedIdentity } from "../identity/identity.ts";
import { IdentityError } from "../identity/identityError.ts";
import { defaultRetryAfterSeconds, fail, type Outcome } from "./outcome.ts";
import { problem } from "./problem.ts";
import type { HttpRequest, OidcContext } from "./requestContext.ts";

/** A 401 or 503 for an ID token that did not verify. */
export function identityFailure(error: IdentityError): Outcome {
  const logFields = { identityCode: error.code };
  if (error.status === 503) {
    // Fail closed: without the issuer's keys no token is verified, so none is issued.
    const p = { ...problem("identity-provider-unavailable", error.detail), code: error.code };
    return fail(p, { "retry-after": String(defaultRetryAfterSeconds) }, logFields);
  }
  // RFC 6750 §3.1: a request without any token gets a bare challenge, without an error code.
  const challenge =
    error.code === "token_missing" ? "Bearer" : (error.wwwAuthenticate ?? 'Bearer error="invalid_token"');
  return fail(
    { ...problem("invalid-identity", error.detail), code: error.code },
    { "www-authenticate": challenge },
    logFields,
  );
}

/** The verified identity, or the 401/503 outcome. Anything but an IdentityError is a bug and propagates (→ 500). */
export async function authenticate(ctx: OidcContext, request: HttpRequest): Promise<VerifiedIdentity | Outcome> {
  const token = extractIdentityToken(request.headers, ctx.identity.headerName) ?? "";
  try {
    return await ctx.identity.verifier.verify(token);
  } catch (error) {
    if (error instanceof IdentityError) return identityFailure(error);
    throw error;
  }
}

export function isOutcome(value: VerifiedIdentity | Outcome): value is Outcome {
  return "kind" in value;
}
