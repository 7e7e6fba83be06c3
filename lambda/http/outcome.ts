// What a route decides, as a small union, apart from how it is delivered: `toHttp` renders it as a
// Function URL response, `toInvokeResult` as a direct invoke's result object, and `logOutcome`
// writes the one line a refusal or preflight gets. Routes return outcomes; only the handler renders.
import type { LogFields, Logger } from "../log.ts";
import type { TokenResult } from "../token/issueToken.ts";
import type { FunctionUrlResponse } from "./functionUrlEvent.ts";
import { type Problem, problem, problemKind } from "./problem.ts";

export type Headers = Record<string, string>;

/** The direct-invoke answer to `{ action: "invalidateSession", sid }` when the session was ended. */
export interface SessionEnded {
  readonly status: 204;
}

export type Outcome =
  | { readonly kind: "token"; readonly result: TokenResult }
  | { readonly kind: "ended" }
  /** A CORS preflight answer: exactly these headers, no body. */
  | { readonly kind: "preflight"; readonly status: 204 | 403; readonly headers: Headers }
  | { readonly kind: "problem"; readonly problem: Problem; readonly headers?: Headers; readonly logFields?: LogFields };

/** Used when a failure carries no retry hint of its own. */
export const defaultRetryAfterSeconds = 5;

const baseHeaders = { "cache-control": "no-store", "x-content-type-options": "nosniff" } as const;

/** A problem outcome, with extra response headers and log fields when given. */
export function fail(p: Problem, headers?: Headers, logFields?: LogFields): Outcome {
  return {
    kind: "problem",
    problem: p,
    ...(headers === undefined ? {} : { headers }),
    ...(logFields === undefined ? {} : { logFields }),
  };
}

/** The `request.rejected` line of a problem, or the `cors.preflight` line; nothing for a token or an ended session. */
export function logOutcome(outcome: Outcome, log: Logger): void {
  if (outcome.kind === "preflight") log("info", "cors.preflight", { status: outcome.status });
  if (outcome.kind !== "problem") return;
  const { status, errors } = outcome.problem;
  // 501: a route this deployment was configured without: the client's limit, not an outage.
  log(status === 501 ? "warn" : status >= 500 ? "error" : "info", "request.rejected", {
    status,
    problem: problemKind(outcome.problem) ?? "unknown",
    ...(errors === undefined ? {} : { fields: errors.map((e) => e.field) }),
    ...outcome.logFields,
  });
}

/** The Function URL response; `cors` are the CORS headers of an actual (non-preflight) answer. */
export function toHttp(outcome: Outcome, cors: Headers): FunctionUrlResponse {
  switch (outcome.kind) {
    case "preflight":
      return { statusCode: outcome.status, headers: outcome.headers, body: "", isBase64Encoded: false };
    case "token":
      return {
        statusCode: 200,
        headers: { "content-type": "application/json", ...baseHeaders, ...cors },
        body: JSON.stringify(outcome.result),
        isBase64Encoded: false,
      };
    case "ended":
      return { statusCode: 204, headers: { ...baseHeaders, ...cors }, body: "", isBase64Encoded: false };
    case "problem":
      return {
        statusCode: outcome.problem.status,
        headers: { "content-type": "application/problem+json", ...baseHeaders, ...outcome.headers, ...cors },
        body: JSON.stringify(outcome.problem),
        isBase64Encoded: false,
      };
  }
}

/** The direct invoke's result object. */
export function toInvokeResult(outcome: Outcome): TokenResult | SessionEnded | Problem {
  switch (outcome.kind) {
    case "token":
      return outcome.result;
    case "ended":
      return { status: 204 };
    case "problem":
      return outcome.problem;
    case "preflight":
      // Unreachable: preflights exist only for HTTP events.
      return problem("internal-error", "The request could not be completed.");
  }
}
