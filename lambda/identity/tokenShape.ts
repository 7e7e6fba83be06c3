// Cheap structural checks before any key lookup, so garbage, `alg: none` and HS* tokens are
// refused without touching the network (and cannot trigger JWKS refetches).
import { IdentityError, quoteForDetail } from "./identityError.ts";

export interface ProtectedHeader {
  readonly alg: string;
  readonly kid?: string;
  readonly typ?: string;
}

const compactJws = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
// RFC 9068 access tokens carry typ at+jwt precisely so they are never accepted as ID tokens.
const accessTokenTypes = new Set(["at+jwt", "application/at+jwt"]);

export function checkTokenShape(token: unknown, maxTokenBytes: number, algorithms: readonly string[]): ProtectedHeader {
  if (typeof token !== "string" || token.length === 0)
    throw new IdentityError("token_missing", "No ID token was given.");
  // Every accepted character is ASCII, so length in UTF-16 units bounds the byte length from below.
  if (token.length > maxTokenBytes || Buffer.byteLength(token, "utf8") > maxTokenBytes) {
    throw new IdentityError("token_too_large", `The ID token is larger than ${maxTokenBytes} bytes.`);
  }
  if (!compactJws.test(token)) {
    throw new IdentityError(
      "malformed",
      "The ID token is not a compact JWS: expected three base64url segments separated by dots.",
    );
  }
  const [encodedHeader = "", , signature = ""] = token.split(".");
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(Buffer.from(encodedHeader, "base64url")));
  } catch {
    throw new IdentityError("malformed", "The ID token's header is not base64url-encoded JSON.");
  }
  if (typeof header !== "object" || header === null || Array.isArray(header)) {
    throw new IdentityError("malformed", "The ID token's header is not a JSON object.");
  }
  const { alg, kid, typ } = header as Record<string, unknown>;
  if (typeof alg !== "string" || alg.length === 0)
    throw new IdentityError("malformed", 'The ID token\'s header has no "alg".');
  if (!algorithms.includes(alg)) {
    throw new IdentityError(
      "alg_not_allowed",
      `The ID token's algorithm ${quoteForDetail(alg)} is not allowed; accepted: ${algorithms.join(", ")}.`,
    );
  }
  if (kid !== undefined && typeof kid !== "string")
    throw new IdentityError("malformed", 'The ID token\'s "kid" header must be a string.');
  if (typ !== undefined && typeof typ !== "string")
    throw new IdentityError("malformed", 'The ID token\'s "typ" header must be a string.');
  if (typeof typ === "string" && accessTokenTypes.has(typ.toLowerCase())) {
    throw new IdentityError(
      "token_type_not_allowed",
      "This is an OAuth access token (typ at+jwt); send the ID token instead.",
    );
  }
  if (signature.length === 0) throw new IdentityError("malformed", "The ID token has no signature.");
  return { alg, ...(kid === undefined ? {} : { kid }), ...(typ === undefined ? {} : { typ }) };
}
