// Property-based fuzzing of the portal secret parser: any text is either a usable HS256 key with
// the id unchanged, or a SecretFormatError that never quotes the key.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { minKeyBytes, parseSecret, SecretFormatError } from "../../lambda/secret/parseSecret.ts";
import type { ParsedSecret } from "../../lambda/secret/parseSecret.ts";

type Outcome =
  { readonly ok: true; readonly value: ParsedSecret } | { readonly ok: false; readonly error: SecretFormatError };

/** Runs the parser; any exception other than SecretFormatError fails the property. */
function run(text: string): Outcome {
  try {
    return { ok: true, value: parseSecret(text) };
  } catch (error) {
    expect(error).toBeInstanceOf(SecretFormatError);
    return { ok: false, error: error as SecretFormatError };
  }
}

function expectUsable(value: ParsedSecret): void {
  expect(value.keyBytes).toBeInstanceOf(Uint8Array);
  expect(value.keyBytes.length).toBeGreaterThanOrEqual(minKeyBytes);
  expect(["number", "string"]).toContain(typeof value.id);
}

const validBase64 = fc
  .uint8Array({ minLength: minKeyBytes, maxLength: 64 })
  .map((bytes) => Buffer.from(bytes).toString("base64"));

// Small edits that a copy-paste or a different encoder makes to a correct key.
const nearValidBase64 = fc
  .tuple(
    validBase64,
    fc.nat(),
    fc.constantFrom(" ", "\n", "\r\n", "\t", "-", "_", "=", "==", "A", "+", "/", "é", "\u00a0", "\u2028", "%2B", "."),
    fc.constantFrom(
      "insert",
      "replace",
      "delete",
      "strip-padding",
      "base64url",
      "append",
      "prepend",
      "truncate",
      "hex",
      "trailing-bits",
    ),
  )
  .map(([key, at, piece, edit]) => {
    const i = at % (key.length + 1);
    switch (edit) {
      case "insert":
        return key.slice(0, i) + piece + key.slice(i);
      case "replace":
        return key.slice(0, i) + piece + key.slice(i + 1);
      case "delete":
        return key.slice(0, i) + key.slice(i + 1);
      case "strip-padding":
        return key.replace(/=+$/, "");
      case "base64url":
        return Buffer.from(key, "base64").toString("base64url");
      case "append":
        return key + piece;
      case "prepend":
        return piece + key;
      case "truncate":
        return key.slice(0, i);
      case "hex":
        return Buffer.from(key, "base64").toString("hex");
      case "trailing-bits": {
        // Another character before the padding: with "=" padding most choices set bits that
        // standard encoders leave zero (non-canonical base64, which decoders silently drop).
        const last = key.replace(/=+$/, "").length - 1;
        const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        return key.slice(0, last) + alphabet.charAt(at % 64) + key.slice(last + 1);
      }
    }
  });

const anyId = fc.oneof(
  fc.nat(),
  fc.integer(),
  fc.double(),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 1, -0, 1e21, Infinity),
  fc.uuid(),
  fc.string({ maxLength: 300 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.jsonValue({ maxDepth: 2 }),
);
const anyKey = fc.oneof(
  validBase64,
  nearValidBase64,
  fc.string({ maxLength: 100 }),
  fc.base64String({ maxLength: 100 }),
  fc.jsonValue({ maxDepth: 2 }),
);

/** The secret object as JSON, with either key present or absent and an occasional extra field. */
const secretObject = fc.record({ id: anyId, key: anyKey, extra: fc.jsonValue({ maxDepth: 1 }) }, { requiredKeys: [] });

describe("parseSecret (fast-check)", () => {
  it("any string: a usable key or a SecretFormatError, nothing else", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: "binary", maxLength: 200 })), (text) => {
        const outcome = run(text);
        if (outcome.ok) expectUsable(outcome.value);
      }),
      { numRuns: 300 },
    );
  });

  it("any JSON value: a usable key or a SecretFormatError", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const outcome = run(JSON.stringify(value));
        if (outcome.ok) expectUsable(outcome.value);
      }),
      { numRuns: 300 },
    );
  });

  it("objects with arbitrary id and key: the id comes back unchanged, the bytes are the key's, errors never quote the key", () => {
    fc.assert(
      fc.property(secretObject, (secret) => {
        const text = JSON.stringify(secret);
        const sent = JSON.parse(text) as Record<string, unknown>; // what survives JSON (e.g. NaN → null, -0 → 0)
        const outcome = run(text);
        if (outcome.ok) {
          expectUsable(outcome.value);
          expect(outcome.value.id).toBe(sent["id"]);
          expect(typeof sent["key"]).toBe("string");
          const key = sent["key"] as string;
          // Only canonical standard base64 is accepted, so the bytes re-encode to exactly the input.
          expect(Buffer.from(outcome.value.keyBytes).toString("base64")).toBe(key);
        } else if (typeof sent["key"] === "string" && sent["key"].length >= 8) {
          expect(outcome.error.message).not.toContain(sent["key"]);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("near-valid base64 keys: accepted only when canonical, never quoted in the error", () => {
    fc.assert(
      fc.property(nearValidBase64, fc.nat(), (key, id) => {
        const outcome = run(JSON.stringify({ id, key }));
        if (outcome.ok) {
          expect(outcome.value.id).toBe(id);
          expect(Buffer.from(outcome.value.keyBytes).toString("base64")).toBe(key);
          expect(outcome.value.keyBytes.length).toBeGreaterThanOrEqual(minKeyBytes);
        } else {
          expect(["invalid-base64", "key-too-short"]).toContain(outcome.error.code);
          if (key.length >= 8) expect(outcome.error.message).not.toContain(key);
        }
      }),
      { numRuns: 400 },
    );
  });

  it("round trip: random 32–64 byte keys and ids come back exactly", () => {
    const id = fc.oneof(
      fc.maxSafeNat(),
      fc.uuid(),
      fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ._:-]{0,60}[A-Za-z0-9]$/),
    );
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 64 }), id, (bytes, keyId) => {
        const parsed = parseSecret(JSON.stringify({ id: keyId, key: Buffer.from(bytes).toString("base64") }));
        expect(parsed.id).toBe(keyId);
        expect(Array.from(parsed.keyBytes)).toEqual(Array.from(bytes));
      }),
      { numRuns: 300 },
    );
  });
});
