// A direct invoke (`lambda:Invoke`) whose event is the token request `{sub, stp, sid?, ttlSeconds?}`:
// the invoker is an IAM principal Lambda authorized, so in IAM mode it may name the customer. In
// OIDC mode the identity must come from an ID token, so such an invoke is refused (fail closed).
import { issueFromBody } from "../issue.ts";
import { fail, type Outcome } from "../outcome.ts";
import { problem } from "../problem.ts";
import type { RequestContext } from "../requestContext.ts";

export async function invokeToken(ctx: RequestContext, event: unknown): Promise<Outcome> {
  if (ctx.identity) {
    return fail(
      problem(
        "invalid-request",
        "This signer runs in OIDC identity mode: the identity comes only from a verified ID token, so a direct invoke cannot issue a token. Call GET /token with the ID token.",
      ),
    );
  }
  return issueFromBody(ctx, event, "invoke");
}
