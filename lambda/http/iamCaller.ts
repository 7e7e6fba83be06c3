// Whether a Function URL event carries the IAM caller Lambda adds for AWS_IAM auth. In IAM mode the
// body names the customer, so the URL's AWS_IAM auth is all that keeps strangers from minting
// tokens; if the URL's auth type ever drifts to NONE, the missing caller makes the signer fail closed.
import type { Logger } from "../log.ts";
import type { FunctionUrlEvent } from "./functionUrlEvent.ts";
import { fail, type Outcome } from "./outcome.ts";
import { problem } from "./problem.ts";

function nonEmptyString(value: unknown): boolean {
  return typeof value === "string" && value.length > 0;
}

/**
 * True when `requestContext.authorizer.iam` names an account and a principal ARN: Lambda fills
 * both for every SigV4-authenticated caller (user, role session or service), never with auth NONE.
 */
export function hasIamCaller(event: FunctionUrlEvent): boolean {
  const authorizer: unknown = event.requestContext.authorizer;
  if (typeof authorizer !== "object" || authorizer === null) return false;
  const iam: unknown = (authorizer as { iam?: unknown }).iam;
  if (typeof iam !== "object" || iam === null) return false;
  const { accountId, userArn } = iam as { accountId?: unknown; userArn?: unknown };
  return nonEmptyString(accountId) && nonEmptyString(userArn);
}

/** The event's source IP for a log line, only if it looks like an IP address (a direct invoke may send any JSON). */
export function loggableSourceIp(event: FunctionUrlEvent): string | undefined {
  const sourceIp: unknown = event.requestContext.http.sourceIp;
  return typeof sourceIp === "string" && /^[0-9a-fA-F:.]{2,45}$/.test(sourceIp) ? sourceIp : undefined;
}

/** The gate's refusal (403) of an event without an IAM caller, with a log line naming only the source IP. */
export function iamCallerMissing(event: FunctionUrlEvent, log: Logger): Outcome {
  // Nothing about the caller but the source IP: the request is untrusted input.
  log("warn", "request.unauthenticated", { sourceIp: loggableSourceIp(event) });
  return fail(
    problem(
      "iam-authentication-required",
      "The signer accepts only IAM-authenticated (SigV4-signed) requests, and this request carries no IAM caller. Check that the Function URL's auth type is AWS_IAM.",
    ),
  );
}
