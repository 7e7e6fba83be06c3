// RFC 9457 problem details for every failure the signer reports. Details are fixed, safe
// texts: never an internal message, stack, key or token.
import type { FieldError } from "../token/tokenRequest.ts";

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly errors?: readonly FieldError[];
}

const catalog = {
  "invalid-json": { status: 400, title: "Request body is not valid JSON" },
  "invalid-request": { status: 400, title: "Invalid token request" },
  "not-found": { status: 404, title: "Not found" },
  "method-not-allowed": { status: 405, title: "Method not allowed" },
  "payload-too-large": { status: 413, title: "Request body too large" },
  "unsupported-media-type": { status: 415, title: "Unsupported media type" },
  "key-unavailable": { status: 503, title: "Signing key unavailable" },
  "internal-error": { status: 500, title: "Internal error" },
} as const;

export type ProblemKind = keyof typeof catalog;

/** Problem `type` URIs are URNs: stable identifiers that do not pretend to be documentation pages. */
export function problemType(kind: ProblemKind): string {
  return `urn:livechat-aws:problem:${kind}`;
}

export function problem(kind: ProblemKind, detail: string, errors?: readonly FieldError[]): Problem {
  const { status, title } = catalog[kind];
  const base = { type: problemType(kind), title, status, detail };
  return errors === undefined ? base : { ...base, errors };
}

export function problemKind(p: Problem): ProblemKind | undefined {
  const prefix = "urn:livechat-aws:problem:";
  const kind = p.type.startsWith(prefix) ? p.type.slice(prefix.length) : "";
  return kind in catalog ? (kind as ProblemKind) : undefined;
}
