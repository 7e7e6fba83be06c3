// Is this verified token an ID token issued to this site? A signature, issuer and audience check
// are not enough: the same issuer also signs access tokens, and an ID token issued to another
// client can name ours among several audiences.
// - OpenID Connect Core §3.1.3.7 (items 4–5): with several `aud` values, or any `azp`, the
//   authorized party `azp` must be one of our client IDs.
// - Access tokens shaped like ID tokens are refused: a payload `typ` other than "ID" (Keycloak
//   writes "ID" in ID tokens, "Bearer" in access tokens, "Refresh" in refresh tokens), Cognito's
//   `token_use` other than "id", and the RFC 9068 access-token pair `scope` + `client_id`.
//   (The header `typ: at+jwt` is refused before any key lookup, in tokenShape.ts.)
import { IdentityError } from "./identityError.ts";

export function checkTokenPurpose(payload: Readonly<Record<string, unknown>>, audiences: readonly string[]): void {
  const { aud, azp, typ, token_use: tokenUse } = payload;
  if (azp !== undefined) {
    if (typeof azp !== "string" || !audiences.includes(azp)) {
      throw new IdentityError(
        "authorized_party_mismatch",
        'The ID token was issued to another client: its "azp" is not a configured client ID.',
      );
    }
  } else if (Array.isArray(aud) && aud.length > 1) {
    throw new IdentityError(
      "authorized_party_mismatch",
      'The ID token has several audiences and no "azp" naming the client it was issued to (OpenID Connect Core §3.1.3.7).',
    );
  }
  if (typ !== undefined && (typeof typ !== "string" || typ.toLowerCase() !== "id")) {
    throw new IdentityError(
      "token_type_not_allowed",
      'The token\'s "typ" claim says it is not an ID token (Keycloak writes "Bearer" in access tokens); send the ID token instead.',
    );
  }
  if (tokenUse !== undefined && tokenUse !== "id") {
    throw new IdentityError(
      "token_type_not_allowed",
      'The token\'s "token_use" claim says it is not an ID token (Cognito writes "access" in access tokens); send the ID token instead.',
    );
  }
  if (payload["scope"] !== undefined && payload["client_id"] !== undefined) {
    throw new IdentityError(
      "token_type_not_allowed",
      'The token carries "scope" and "client_id", the claims of an OAuth access token (RFC 9068); send the ID token instead.',
    );
  }
}
