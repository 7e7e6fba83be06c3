// The personalization token's claims (Infobip Live Chat web authentication), built from a
// validated request. Pure apart from the injected clock and id source.
import type { SubjectType, TokenRequest } from "./tokenRequest.ts";

/** The secret key's `id` from the portal: a number or a string (UUIDs occur); emitted as `ski` unchanged. */
export type KeyId = number | string;

export interface PersonalizationClaims {
  readonly jti: string;
  readonly sub: string;
  readonly stp: SubjectType;
  readonly iss: string;
  readonly iat: number;
  readonly exp: number;
  readonly ski: KeyId;
  readonly sid?: string;
}

export interface ClaimsContext {
  readonly widgetId: string;
  readonly keyId: KeyId;
  /** Current time in milliseconds since the epoch. */
  readonly nowMs: number;
  /** A fresh unique id (≤ 50 characters), normally `crypto.randomUUID()`. */
  readonly jti: string;
}

export function buildClaims(request: TokenRequest, context: ClaimsContext): PersonalizationClaims {
  const iat = Math.floor(context.nowMs / 1000);
  const claims = {
    jti: context.jti,
    sub: request.sub,
    stp: request.stp,
    iss: context.widgetId,
    iat,
    exp: iat + request.ttlSeconds,
    ski: context.keyId,
  };
  return request.sid === undefined ? claims : { ...claims, sid: request.sid };
}
