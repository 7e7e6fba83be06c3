// Problems returned by session invalidation, shaped like the signer's application/problem+json
// bodies. Their `type` URNs come from the signer's one problem catalog (lambda/http/problem.ts).
import { problemType } from "../http/problem.ts";

export interface SessionProblem {
  readonly type: string;
  readonly title: string;
  readonly status: 400 | 404 | 502 | 504;
  readonly detail: string;
  /** True when the same request may succeed later (upstream 5xx, timeout, rate limit). */
  readonly retryable?: boolean;
}

export const problemTypes = {
  invalidSessionId: problemType("invalid-session-id"),
  sessionNotFound: problemType("session-not-found"),
  apiKeyRejected: problemType("infobip-api-key-rejected"),
  upstreamError: problemType("infobip-upstream-error"),
  upstreamTimeout: problemType("infobip-upstream-timeout"),
} as const;
