// HS256 signing with jose. The protected header is exactly {"alg":"HS256","typ":"JWT"}.
import { SignJWT } from "jose";
import type { PersonalizationClaims } from "./claims.ts";
import type { SigningKey } from "./signingKey.ts";

export const protectedHeader = { alg: "HS256", typ: "JWT" } as const;

export function signToken(claims: PersonalizationClaims, key: SigningKey): Promise<string> {
  return new SignJWT({ ...claims }).setProtectedHeader(protectedHeader).sign(key.cryptoKey);
}
