// Strict parsing of the secret as the Infobip portal gives it: {"id": 3, "key": "<base64>"}.
// Error messages describe the problem and the fix but never contain the secret text or key.
import type { KeyId } from "../token/claims.ts";

export interface ParsedSecret {
  readonly id: KeyId;
  /** The base64-decoded key: the HMAC key bytes. */
  readonly keyBytes: Uint8Array<ArrayBuffer>;
}

export type SecretFormatProblem = "not-json" | "not-object" | "missing-id" | "invalid-id" | "missing-key" | "invalid-base64" | "key-too-short";

/** The secret's value is not the portal's `{"id", "key"}` JSON. Safe to log: carries no secret material. */
export class SecretFormatError extends Error {
  override name = "SecretFormatError";
  readonly problem: SecretFormatProblem;
  constructor(problem: SecretFormatProblem, message: string) {
    super(message);
    this.problem = problem;
  }
}

/** RFC 7518 §3.2: an HS256 key must be at least as long as the hash output. */
export const minKeyBytes = 32;

const example = 'store the key exactly as the Infobip portal shows it: {"id": 3, "key": "<base64>"}';
const base64Shape = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const controlChars = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;

function parseId(id: unknown): KeyId {
  if (id === undefined || id === null) throw new SecretFormatError("missing-id", `The secret has no "id": ${example}.`);
  if (typeof id === "number") {
    if (Number.isSafeInteger(id) && id >= 0) return id;
    throw new SecretFormatError("invalid-id", `The secret's "id" must be a non-negative whole number or a string; got a number that is not.`);
  }
  if (typeof id === "string") {
    if (id.length > 0 && id.length <= 255 && !controlChars.test(id) && id.trim() === id) return id;
    throw new SecretFormatError("invalid-id", `The secret's "id" string must be 1–255 characters with no control characters or surrounding spaces.`);
  }
  throw new SecretFormatError("invalid-id", `The secret's "id" must be a number or a string; got ${Array.isArray(id) ? "an array" : `a ${typeof id}`}.`);
}

function decodeKey(key: unknown): Uint8Array<ArrayBuffer> {
  if (key === undefined || key === null) throw new SecretFormatError("missing-key", `The secret has no "key": ${example}.`);
  if (typeof key !== "string") throw new SecretFormatError("missing-key", `The secret's "key" must be a base64 string; got a ${typeof key}.`);
  // Round-trip check: rejects base64url, missing padding, whitespace and non-canonical trailing bits.
  if (key.length === 0 || !base64Shape.test(key) || Buffer.from(key, "base64").toString("base64") !== key) {
    throw new SecretFormatError(
      "invalid-base64",
      `The secret's "key" is not standard base64 (alphabet A–Z a–z 0–9 + /, "=" padding, no spaces): ${example}.`,
    );
  }
  const bytes = new Uint8Array(Buffer.from(key, "base64"));
  if (bytes.length < minKeyBytes) {
    bytes.fill(0);
    throw new SecretFormatError(
      "key-too-short",
      `The secret's "key" decodes to ${bytes.length} bytes; HS256 needs at least ${minKeyBytes} (RFC 7518 §3.2). Generate a new key in the Infobip portal.`,
    );
  }
  return bytes;
}

/** Parses the secret text. Fields other than `id` and `key` are ignored. */
export function parseSecret(text: string): ParsedSecret {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Deliberately not the JSON.parse message: it quotes the input, which is the secret.
    throw new SecretFormatError("not-json", `The secret is not valid JSON: ${example}.`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new SecretFormatError("not-object", `The secret must be a JSON object: ${example}.`);
  }
  const record = value as Record<string, unknown>;
  const id = parseId(record["id"]);
  return { id, keyBytes: decodeKey(record["key"]) };
}
