// `GET /token?ttlSeconds=N` and `POST /token {ttlSeconds?}` in OIDC mode: the caller is a browser,
// and the identity (sub, stp, sid) comes only from the site's verified ID token. GET is preferred
// behind CloudFront OAC: it has no body whose hash the browser would have to send.
import { IdentityError } from "../../identity/identityError.ts";
import { validateTokenRequest } from "../../token/tokenRequest.ts";
import { authenticate, identityFailure, isOutcome } from "../authenticate.ts";
import { issue } from "../issue.ts";
import { readGetTokenRequest, readPostTokenRequest } from "../oidcTokenRequest.ts";
import { fail, type Outcome } from "../outcome.ts";
import { invalidRequest } from "../problem.ts";
import type { HttpRequest, OidcContext } from "../requestContext.ts";

export async function oidcToken(ctx: OidcContext, request: HttpRequest): Promise<Outcome> {
  // The request's own fields are checked first: cheap, and no key lookup for a bad request.
  const asked = request.method === "GET" ? readGetTokenRequest(request.event) : readPostTokenRequest(request.event);
  if (!asked.ok) return fail(asked.problem, asked.headers);
  const who = await authenticate(ctx, request);
  if (isOutcome(who)) return who;
  const input = {
    sub: who.sub,
    stp: who.stp,
    ...(who.sid === undefined ? {} : { sid: who.sid }),
    ...(asked.ttlSeconds === undefined ? {} : { ttlSeconds: asked.ttlSeconds }),
  };
  const validation = validateTokenRequest(input, ctx.config);
  if (!validation.ok) {
    const ttlErrors = validation.errors.filter((e) => e.field === "ttlSeconds");
    if (ttlErrors.length > 0) return fail(invalidRequest(ttlErrors));
    // The token verified, but its identity does not fit Live Chat's rules (e.g. an email
    // address without a dot in the domain). The caller cannot fix that in the request: 401.
    const messages = validation.errors.map((e) => e.message).join(" ");
    return identityFailure(
      new IdentityError("claim_invalid", `The ID token's identity is not usable for Live Chat: ${messages}`),
    );
  }
  return issue(ctx, validation.value, "http");
}
