// Keyed pseudonyms (`subHash`, `sidHash`) for a log line written without signing: only with a key
// already at hand (`loadKey.peek`), never by loading one, so a refusal or a session call adds no
// Secrets Manager call. Without a key the fields are left out; never an unkeyed hash.
import type { LogFields } from "../log.ts";
import type { KeySource } from "../secret/keyCache.ts";
import type { SigningKey } from "../token/signingKey.ts";

export async function peekPseudonyms(
  loadKey: KeySource,
  values: { readonly subHash?: string; readonly sidHash?: string },
): Promise<LogFields> {
  let key: SigningKey | undefined;
  try {
    key = await loadKey.peek?.();
  } catch {
    key = undefined;
  }
  if (key === undefined) return {};
  const pseudonym = key.pseudonym;
  return Object.fromEntries(Object.entries(values).map(([field, value]) => [field, pseudonym(value)]));
}
