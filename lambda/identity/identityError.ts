// The one error type the identity verifier throws. `detail` is safe to return to the caller:
// it names the claim or rule that failed, never the token or a claim's value (personal data).
import { identityErrorCodes, SignerRuntimeError } from "../errors.ts";

export { identityErrorCodes };
export type IdentityErrorCode = (typeof identityErrorCodes)[number];

/** 401 for every token the caller got wrong; 503 when the issuer's keys cannot be fetched (fail closed). */
export type IdentityErrorStatus = 401 | 503;

export class IdentityError extends SignerRuntimeError<IdentityErrorCode> {
  override readonly name = "IdentityError";
  readonly status: IdentityErrorStatus;
  readonly detail: string;

  constructor(code: IdentityErrorCode, detail: string) {
    super(code, `${code}: ${detail}`);
    this.detail = detail;
    this.status = code === "jwks_unavailable" ? 503 : 401;
  }

  /** RFC 6750 §3 challenge for a 401; undefined for a 503. */
  get wwwAuthenticate(): string | undefined {
    if (this.status !== 401) return undefined;
    const description = this.detail.replace(/["\\]/g, "'").replace(/[^\x20-\x7e]/g, "?");
    return `Bearer error="invalid_token", error_description="${description}"`;
  }
}

/** Makes a value from the token safe to name in a detail: printable ASCII, bounded. */
export function quoteForDetail(value: unknown, maxLength = 32): string {
  if (typeof value !== "string")
    return value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`;
  const printable = value.replace(/[^\x20-\x7e]/g, "?").replace(/"/g, "'");
  return `"${printable.length > maxLength ? `${printable.slice(0, maxLength)}…` : printable}"`;
}
