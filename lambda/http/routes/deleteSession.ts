// `DELETE /sessions/{sid}`: ends a Live Chat session through Infobip's API. In IAM mode the caller
// is the site's backend and may end any session (it calls this on logout); in OIDC mode only the
// caller's own: the ID token's session claim must equal the path's sid.
import { authenticate, isOutcome } from "../authenticate.ts";
import { endSession, sessionsNotConfigured } from "../endSession.ts";
import { fail, type Outcome } from "../outcome.ts";
import { peekPseudonyms } from "../peekPseudonyms.ts";
import { problem } from "../problem.ts";
import { type HttpRequest, inOidcMode, type RequestContext } from "../requestContext.ts";
import { undeclaredJsonBody } from "../requestBody.ts";
import type { SessionPath } from "../sessionPath.ts";

export async function deleteSession(ctx: RequestContext, request: HttpRequest, path: SessionPath): Promise<Outcome> {
  const undeclared = undeclaredJsonBody(request.event);
  if (undeclared) return fail(undeclared.problem, undeclared.headers);
  if (!ctx.sessions) return sessionsNotConfigured();
  if (!path.ok) return fail(problem("invalid-session-id", `Cannot end the session: ${path.reason}`));
  if (!inOidcMode(ctx)) return endSession(ctx, path.sid, "http", "iam");

  const who = await authenticate(ctx, request);
  if (isOutcome(who)) return who;
  if (who.sid === undefined) {
    return fail(
      problem(
        "forbidden-session",
        "This signer reads no session claim from ID tokens, so it cannot tell which Live Chat session is yours; end sessions from the site's backend instead.",
      ),
      undefined,
      await peekPseudonyms(ctx.loadKey, { subHash: who.sub }),
    );
  }
  if (who.sid !== path.sid) {
    return fail(
      problem(
        "forbidden-session",
        "You can end only your own Live Chat session: the path's session ID is not the one in your ID token.",
      ),
      undefined,
      await peekPseudonyms(ctx.loadKey, { subHash: who.sub, sidHash: path.sid }),
    );
  }
  return endSession(ctx, path.sid, "http", "oidc");
}
