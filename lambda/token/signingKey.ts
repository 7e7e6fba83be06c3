// The HMAC key a token is signed with: imported once per secret version as a non-extractable
// CryptoKey from the base64-DECODED key bytes (never the base64 text).
import type { KeyId } from "./claims.ts";

export interface SigningKey {
  /** The portal key's `id`, emitted as `ski`. */
  readonly id: KeyId;
  readonly cryptoKey: CryptoKey;
}

/** Imports raw key bytes for HS256 signing. The caller's bytes are zeroed afterwards. */
export async function importSigningKey(id: KeyId, keyBytes: Uint8Array<ArrayBuffer>): Promise<SigningKey> {
  try {
    const cryptoKey = await crypto.subtle.importKey("raw", keyBytes, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    return { id, cryptoKey };
  } finally {
    keyBytes.fill(0);
  }
}
