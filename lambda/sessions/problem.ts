// Problems returned by session invalidation, shaped like the signer's application/problem+json bodies.

export interface SessionProblem {
  readonly type: string;
  readonly title: string;
  readonly status: 400 | 404 | 502 | 504;
  readonly detail: string;
  /** True when the same request may succeed later (upstream 5xx, timeout, rate limit). */
  readonly retryable?: boolean;
}

export const problemTypes = {
  invalidSessionId: "urn:livechat-aws:problem:invalid-session-id",
  sessionNotFound: "urn:livechat-aws:problem:session-not-found",
  apiKeyRejected: "urn:livechat-aws:problem:infobip-api-key-rejected",
  upstreamError: "urn:livechat-aws:problem:infobip-upstream-error",
  upstreamTimeout: "urn:livechat-aws:problem:infobip-upstream-timeout",
} as const;
