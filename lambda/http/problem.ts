// RFC 9457 problem details for every failure the signer reports. Details are fixed, safe
// texts: never an internal message, stack, key or token. This file owns the list of problem
// kinds (and so of `type` URNs) for the whole signer; lambda/sessions builds its types from it.
import type { FieldError } from "../token/tokenRequest.ts";

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly errors?: readonly FieldError[];
  /** For identity problems: the IdentityError code, e.g. `expired` or `email_unverified`. */
  readonly code?: string;
  /** For upstream (Infobip) problems: whether the same request may succeed later. */
  readonly retryable?: boolean;
}

const catalog = {
  "invalid-json": { status: 400, title: "Request body is not valid JSON" },
  "invalid-request": { status: 400, title: "Invalid token request" },
  "invalid-session-id": { status: 400, title: "Invalid session ID" },
  "invalid-identity": { status: 401, title: "ID token missing or invalid" },
  "iam-authentication-required": { status: 403, title: "IAM authentication required" },
  "forbidden-session": { status: 403, title: "Not your session" },
  "not-found": { status: 404, title: "Not found" },
  "session-not-found": { status: 404, title: "Session not found" },
  "method-not-allowed": { status: 405, title: "Method not allowed" },
  "payload-too-large": { status: 413, title: "Request body too large" },
  "unsupported-media-type": { status: 415, title: "Unsupported media type" },
  "internal-error": { status: 500, title: "Internal error" },
  "sessions-not-configured": { status: 501, title: "Session invalidation is not configured" },
  "infobip-api-key-rejected": { status: 502, title: "Infobip rejected the API key" },
  "infobip-upstream-error": { status: 502, title: "Unexpected answer from Infobip" },
  "key-unavailable": { status: 503, title: "Signing key unavailable" },
  "api-secret-unavailable": { status: 503, title: "Infobip API secret unavailable" },
  "identity-provider-unavailable": { status: 503, title: "Identity provider unavailable" },
  "infobip-upstream-timeout": { status: 504, title: "Infobip did not answer in time" },
} as const;

export type ProblemKind = keyof typeof catalog;

const urnPrefix = "urn:livechat-aws:problem:";

/** Problem `type` URIs are URNs: stable identifiers that do not pretend to be documentation pages. */
export function problemType(kind: ProblemKind): string {
  return `${urnPrefix}${kind}`;
}

export function problem(kind: ProblemKind, detail: string, errors?: readonly FieldError[]): Problem {
  const { status, title } = catalog[kind];
  const base = { type: problemType(kind), title, status, detail };
  return errors === undefined ? base : { ...base, errors };
}

/** The 400 for a request with per-field problems: `errors` says what is wrong with each field. */
export function invalidRequest(errors: readonly FieldError[]): Problem {
  return problem("invalid-request", `The request has ${errors.length} problem(s); see errors.`, errors);
}

export function problemKind(p: Problem): ProblemKind | undefined {
  const kind = p.type.startsWith(urnPrefix) ? p.type.slice(urnPrefix.length) : "";
  return kind in catalog ? (kind as ProblemKind) : undefined;
}
