// Ending a Live Chat session as a route's outcome, shared by `DELETE /sessions/{sid}` and the
// `invalidateSession` direct invoke: the sid rule, the Infobip API secret (503 when it is
// unavailable), Infobip's API, and the `session.ended` log line with a keyed pseudonym of the sid.
import { SecretUnavailableError } from "../secret/secretCache.ts";
import type { InfobipApiSecret } from "../sessions/apiSecret.ts";
import { invalidateSession } from "../sessions/invalidateSession.ts";
import { sessionIdProblem } from "../sessions/sessionId.ts";
import type { RequestMode } from "./issue.ts";
import { defaultRetryAfterSeconds, fail, type Outcome } from "./outcome.ts";
import { peekPseudonyms } from "./peekPseudonyms.ts";
import { problem } from "./problem.ts";
import type { RequestContext } from "./requestContext.ts";

/**
 * 501 rather than 404: the route exists in this signer's contract, this deployment just lacks the
 * Infobip API secret it needs. Answered before any authentication: it reveals nothing.
 */
export function sessionsNotConfigured(): Outcome {
  return fail(
    problem(
      "sessions-not-configured",
      "This signer is deployed without an Infobip API secret, so it cannot end Live Chat sessions.",
    ),
  );
}

/** Ends session `sid`; `by` is who vouched for the caller's right to end it (the IAM caller, or the ID token's session claim). */
export async function endSession(
  ctx: RequestContext,
  sid: string,
  mode: RequestMode,
  by: "iam" | "oidc",
): Promise<Outcome> {
  const { sessions } = ctx;
  if (!sessions) return sessionsNotConfigured();
  const sidProblem = sessionIdProblem(sid);
  if (sidProblem) return fail(problem("invalid-session-id", `Cannot end the session: ${sidProblem}`));
  let secret: InfobipApiSecret;
  try {
    secret = await sessions.loadApiSecret();
  } catch (error) {
    const retryAfter = error instanceof SecretUnavailableError ? error.retryAfterSeconds : defaultRetryAfterSeconds;
    return fail(
      problem(
        "api-secret-unavailable",
        "The Infobip API secret is temporarily unavailable; the session was not ended. Try again shortly.",
      ),
      {
        "retry-after": String(retryAfter),
      },
    );
  }
  const result = await invalidateSession({
    baseUrl: secret.baseUrl,
    apiKey: secret.apiKey,
    widgetId: ctx.config.widgetId,
    sid,
    ...sessions.invalidation,
  });
  const fields = { mode, by, ...(await peekPseudonyms(ctx.loadKey, { sidHash: sid })), attempts: result.attempts };
  if (result.status === 204) {
    ctx.log("info", "session.ended", fields);
    return { kind: "ended" };
  }
  return fail(result.problem, undefined, fields);
}
