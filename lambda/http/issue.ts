// Issuing a token as a route's outcome, shared by both token flows and the direct invoke: the key
// from the key source (503 when it is unavailable), the token, and the `token.issued` log line
// with a keyed pseudonym of `sub`, never the value.
import { KeyUnavailableError } from "../secret/keyCache.ts";
import { issueToken } from "../token/issueToken.ts";
import { type TokenRequest, validateTokenRequest } from "../token/tokenRequest.ts";
import { defaultRetryAfterSeconds, fail, type Outcome } from "./outcome.ts";
import { invalidRequest, problem } from "./problem.ts";
import type { RequestContext } from "./requestContext.ts";

/** How the request arrived, as `token.issued` and `session.ended` log it. */
export type RequestMode = "http" | "invoke";

/** Signs a validated request. */
export async function issue(ctx: RequestContext, request: TokenRequest, mode: RequestMode): Promise<Outcome> {
  let key;
  try {
    key = await ctx.loadKey();
  } catch (error) {
    const retryAfter = error instanceof KeyUnavailableError ? error.retryAfterSeconds : defaultRetryAfterSeconds;
    return fail(problem("key-unavailable", "The signing key is temporarily unavailable; try again shortly."), {
      "retry-after": String(retryAfter),
    });
  }
  const result = await issueToken(request, { widgetId: ctx.config.widgetId, key, nowMs: ctx.now(), jti: ctx.newJti() });
  ctx.log("info", "token.issued", {
    mode,
    ...(ctx.identity ? { identity: "oidc" } : {}),
    jti: result.jti,
    stp: request.stp,
    subHash: key.pseudonym(request.sub),
    ttlSeconds: request.ttlSeconds,
    ski: key.id,
    hasSid: request.sid !== undefined,
  });
  return { kind: "token", result };
}

/** Validates a request object that names the customer (IAM mode's body, a direct invoke), then signs it; 400 with per-field errors otherwise. */
export async function issueFromBody(ctx: RequestContext, input: unknown, mode: RequestMode): Promise<Outcome> {
  const validation = validateTokenRequest(input, ctx.config);
  if (!validation.ok) return fail(invalidRequest(validation.errors));
  return issue(ctx, validation.value, mode);
}
