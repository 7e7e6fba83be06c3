// Keyed pseudonyms of customer identifiers for logs (`subHash`, `sidHash`). An unkeyed hash of an
// email address can be confirmed by anyone who guesses the address, and a phone number's hash can
// be brute-forced over the E.164 space; an HMAC under a key only the signer holds cannot.
//
// The pseudonym key is derived from the widget signing key with HKDF-SHA256 (salt empty, info
// `pseudonymInfo`, 32 bytes), so there is no second secret to provision or rotate: rotating the
// signing key changes every pseudonym from then on.
import type * as NodeCrypto from "node:crypto";
import { parseSecret } from "./secret/parseSecret.ts";

/** HKDF `info`: names the purpose and version, so the derived key is useful for nothing else. */
export const pseudonymInfo = "livechat-aws log pseudonym v1";

/** Maps a customer identifier to 16 hex characters: the start of HMAC-SHA256(pseudonym key, value). */
export type Pseudonymizer = (value: string) => string;

let nodeCrypto: typeof NodeCrypto | undefined;

/**
 * The pseudonymizer for a signing key's raw (base64-decoded) bytes. Call it before the bytes
 * are zeroed; it keeps only the derived key, as a KeyObject in this closure.
 */
export function createPseudonymizer(keyBytes: Uint8Array): Pseudonymizer {
  // Loaded on first use, not at import: node:crypto costs ~5 ms of module start-up.
  nodeCrypto ??= process.getBuiltinModule("node:crypto");
  const { createHmac, createSecretKey, hkdfSync } = nodeCrypto;
  const derived = new Uint8Array(hkdfSync("sha256", keyBytes, new Uint8Array(0), pseudonymInfo, 32));
  const pseudonymKey = createSecretKey(derived);
  derived.fill(0);
  return (value) => createHmac("sha256", pseudonymKey).update(value, "utf8").digest("hex").slice(0, 16);
}

/**
 * The `subHash`/`sidHash` the signer logs for `value` under the secret `secretText` (the portal's
 * `{"id", "key"}` JSON, as stored in Secrets Manager): lets an operator who holds the key find a
 * customer's log lines, e.g. search CloudWatch for `"subHash":"<logPseudonym(secret, email)>"`.
 * Pseudonyms change when the key is rotated: use the key that was current when the line was written.
 * Throws `SecretFormatError` for a secret that is not the portal's format.
 */
export function logPseudonym(secretText: string, value: string): string {
  const { keyBytes } = parseSecret(secretText);
  try {
    return createPseudonymizer(keyBytes)(value);
  } finally {
    keyBytes.fill(0);
  }
}
