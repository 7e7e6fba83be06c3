// A direct invoke `{ action: "invalidateSession", sid }`: ends any session, in either mode (the
// invoker is an IAM principal Lambda authorized, a backend as in IAM mode). Answers `{ status: 204 }`
// or a problem object.
import { endSession } from "../endSession.ts";
import { fail, type Outcome } from "../outcome.ts";
import { invalidRequest } from "../problem.ts";
import type { RequestContext } from "../requestContext.ts";
import type { FieldError } from "../../token/tokenRequest.ts";

/** `event` is a plain object with an `action` field. */
export async function invokeEndSession(
  ctx: RequestContext,
  event: Readonly<Record<string, unknown>>,
): Promise<Outcome> {
  const { action, sid } = event;
  if (action !== "invalidateSession") {
    return fail(
      invalidRequest([{ field: "action", message: 'action must be "invalidateSession"; omit it to issue a token.' }]),
    );
  }
  const errors: FieldError[] = Object.keys(event)
    .filter((name) => name !== "action" && name !== "sid")
    .map((name) => ({
      field: name.replace(/[^\x20-\x7e]/g, "?").slice(0, 40),
      message: "Unknown field: invalidateSession accepts only action and sid.",
    }));
  if (typeof sid !== "string")
    errors.push({ field: "sid", message: "sid is required: the Live Chat session ID to end, as a string." });
  if (errors.length > 0) return fail(invalidRequest(errors));
  return endSession(ctx, sid as string, "invoke", "iam");
}
