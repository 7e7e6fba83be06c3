// Strict parsing of the secret as the Infobip portal gives it: {"id": 3, "key": "<base64>"}.
// Error messages describe the problem and the fix but never contain the secret text or key.
import { type ErrorCode, SignerRuntimeError } from "../errors.ts";
import type { KeyId } from "../token/claims.ts";

export interface ParsedSecret {
  readonly id: KeyId;
  /** The base64-decoded key: the HMAC key bytes. */
  readonly keyBytes: Uint8Array<ArrayBuffer>;
  /**
   * What looks wrong though it parses, e.g. a hex key pasted where the portal's base64 belongs.
   * Safe to print and log: never the key. Empty for a key as the portal gives it.
   */
  readonly warnings: readonly string[];
}

export type SecretFormatProblem = ErrorCode<"SecretFormatError">;

/** The secret's value is not the portal's `{"id", "key"}` JSON; `code` says how. Safe to log: carries no secret material. */
export class SecretFormatError extends SignerRuntimeError<SecretFormatProblem> {
  override readonly name = "SecretFormatError";
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
    throw new SecretFormatError(
      "invalid-id",
      `The secret's "id" must be a non-negative whole number or a string; got a number that is not.`,
    );
  }
  if (typeof id === "string") {
    if (id.length > 0 && id.length <= 255 && !controlChars.test(id) && id.trim() === id) return id;
    throw new SecretFormatError(
      "invalid-id",
      `The secret's "id" string must be 1–255 characters with no control characters or surrounding spaces.`,
    );
  }
  throw new SecretFormatError(
    "invalid-id",
    `The secret's "id" must be a number or a string; got ${Array.isArray(id) ? "an array" : `a ${typeof id}`}.`,
  );
}

/** What makes `key` not canonical standard base64, in words (never quoting it), or undefined. */
function base64Problem(key: string): string | undefined {
  const subject = 'The secret\'s "key"';
  if (key.length === 0) return `${subject} is empty`;
  if (/\s/.test(key))
    return `${subject} contains whitespace or a line break: remove it (base64 text is one unbroken line)`;
  if (/^[A-Za-z0-9_=-]+$/.test(key) && /[-_]/.test(key)) {
    return `${subject} uses the base64url alphabet ("-" and "_"); the portal gives standard base64 ("+" and "/")`;
  }
  if (/[^A-Za-z0-9+/=]/.test(key))
    return `${subject} contains characters outside the base64 alphabet (A–Z a–z 0–9 + / and "=" padding at the end)`;
  if (!/^[^=]*={0,2}$/.test(key))
    return `${subject} has "=" before its end; "=" may only pad the last group of 4 characters`;
  if (key.length % 4 !== 0) {
    const atMost = Math.floor((key.replace(/=/g, "").length * 3) / 4);
    return (
      `${subject} is ${key.length} characters long, not a multiple of 4, so it is not complete base64 (cut short, or "=" padding missing); ` +
      `even completed it would decode to at most ${atMost} bytes${atMost < minKeyBytes ? `, and HS256 needs at least ${minKeyBytes}` : ""}`
    );
  }
  if (!base64Shape.test(key)) return `${subject} has more "=" padding than its length allows`;
  // Round trip: what is left is a last character with bits set that base64 leaves unused.
  if (Buffer.from(key, "base64").toString("base64") !== key) {
    return `${subject} has bits set in its last character that base64 leaves unused, so it was altered or cut`;
  }
  return undefined;
}

function hexWarning(key: string, decodedBytes: number): string[] {
  if (!/^(?:[0-9a-f]{2}){16,}$|^(?:[0-9A-F]{2}){16,}$/.test(key)) return [];
  return [
    `The secret's "key" looks hexadecimal (${key.length} characters 0–9 a–f). It is read as base64, as the portal gives it: ${decodedBytes} key bytes, not the ${key.length / 2} the hex spells, so if the key was converted to hex Infobip will refuse every token. Store the key exactly as the portal shows it.`,
  ];
}

function decodeKey(key: unknown): { keyBytes: Uint8Array<ArrayBuffer>; warnings: string[] } {
  if (key === undefined || key === null)
    throw new SecretFormatError("missing-key", `The secret has no "key": ${example}.`);
  if (typeof key !== "string")
    throw new SecretFormatError("missing-key", `The secret's "key" must be a base64 string; got a ${typeof key}.`);
  const problem = base64Problem(key);
  if (problem !== undefined)
    throw new SecretFormatError("invalid-base64", `${problem}. ${example[0]?.toUpperCase() ?? ""}${example.slice(1)}.`);
  const bytes = new Uint8Array(Buffer.from(key, "base64"));
  if (bytes.length < minKeyBytes) {
    bytes.fill(0);
    throw new SecretFormatError(
      "key-too-short",
      `The secret's "key" decodes to ${bytes.length} bytes; HS256 needs at least ${minKeyBytes} (RFC 7518 §3.2). Generate a new key in the Infobip portal.`,
    );
  }
  return { keyBytes: bytes, warnings: hexWarning(key, bytes.length) };
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
  return { id, ...decodeKey(record["key"]) };
}
