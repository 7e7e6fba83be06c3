// One personalization token from a validated request and a signing key.
import { buildClaims } from "./claims.ts";
import type { SigningKey } from "./signingKey.ts";
import { signToken } from "./signToken.ts";
import type { TokenRequest } from "./tokenRequest.ts";

/** The signer's answer: the token, its id, the session id when given, and when it expires. */
export interface TokenResult {
  readonly token: string;
  readonly jti: string;
  readonly sid?: string;
  /** `exp` as an ISO 8601 UTC timestamp. */
  readonly expiresAt: string;
}

export interface IssueContext {
  readonly widgetId: string;
  readonly key: SigningKey;
  readonly nowMs: number;
  readonly jti: string;
}

export async function issueToken(request: TokenRequest, context: IssueContext): Promise<TokenResult> {
  const claims = buildClaims(request, {
    widgetId: context.widgetId,
    keyId: context.key.id,
    nowMs: context.nowMs,
    jti: context.jti,
  });
  const token = await signToken(claims, context.key);
  const expiresAt = new Date(claims.exp * 1000).toISOString();
  return claims.sid === undefined
    ? { token, jti: claims.jti, expiresAt }
    : { token, jti: claims.jti, sid: claims.sid, expiresAt };
}
