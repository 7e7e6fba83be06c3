// The HMAC key a token is signed with: imported once per secret version as a non-extractable
// CryptoKey from the base64-DECODED key bytes (never the base64 text).
import { createPseudonymizer } from "../logPseudonym.ts";
import type { KeyId } from "./claims.ts";

export interface SigningKey {
  /** The portal key's `id`, emitted as `ski`. */
  readonly id: KeyId;
  readonly cryptoKey: CryptoKey;
  /**
   * The keyed log pseudonym of a customer identifier (`subHash`, `sidHash`): 16 hex characters of
   * HMAC-SHA256 under a key derived from this signing key (see logPseudonym.ts). Never log a raw sub or sid.
   */
  readonly pseudonym: (value: string) => string;
}

/** Imports raw key bytes for HS256 signing and derives the log pseudonym key from them. The caller's bytes are zeroed afterwards. */
export async function importSigningKey(id: KeyId, keyBytes: Uint8Array<ArrayBuffer>): Promise<SigningKey> {
  try {
    const pseudonym = createPseudonymizer(keyBytes);
    const cryptoKey = await crypto.subtle.importKey("raw", keyBytes, { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
    ]);
    return { id, cryptoKey, pseudonym };
  } finally {
    keyBytes.fill(0);
  }
}
