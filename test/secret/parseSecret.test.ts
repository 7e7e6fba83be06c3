import { describe, expect, it } from "vitest";
import { parseSecret, SecretFormatError, type SecretFormatProblem } from "../../lambda/secret/parseSecret.ts";
import { knownSecret, knownSecretText } from "../support/signerFixtures.ts";

function problemOf(text: string): { problem: SecretFormatProblem; message: string } {
  try {
    parseSecret(text);
  } catch (error) {
    if (error instanceof SecretFormatError) return { problem: error.code, message: error.message };
    throw error;
  }
  throw new Error("expected a SecretFormatError");
}

const key31 = Buffer.alloc(31, 7).toString("base64");
const key32 = Buffer.alloc(32, 7).toString("base64");
const key64 = Buffer.alloc(64, 9).toString("base64");

describe("parseSecret", () => {
  it("parses the portal format into id and the decoded key bytes", () => {
    const parsed = parseSecret(knownSecretText);
    expect(parsed.id).toBe(3);
    expect(Buffer.from(parsed.keyBytes).equals(Buffer.from(knownSecret.key, "base64"))).toBe(true);
  });

  it("keeps a string id a string and accepts longer keys and extra fields", () => {
    expect(parseSecret(JSON.stringify({ id: "52", key: key32 })).id).toBe("52");
    expect(parseSecret(JSON.stringify({ id: 0, key: key64, createdAt: "2024-01-01" })).keyBytes.length).toBe(64);
  });

  it.each<[string, string, SecretFormatProblem]>([
    ["not JSON", "id=3,key=abc", "not-json"],
    ["truncated JSON", '{"id":3,"key":"7Q25YT4f', "not-json"],
    ["empty", "", "not-json"],
    ["an array", "[3]", "not-object"],
    ["a string", '"7Q25YT4fKM7G+BO/7QyW9vdF/YC8zBN3w4HQPyKgk98="', "not-object"],
    ["null", "null", "not-object"],
    ["no id", JSON.stringify({ key: key32 }), "missing-id"],
    ["null id", JSON.stringify({ id: null, key: key32 }), "missing-id"],
    ["fractional id", JSON.stringify({ id: 1.5, key: key32 }), "invalid-id"],
    ["negative id", JSON.stringify({ id: -1, key: key32 }), "invalid-id"],
    ["empty id", JSON.stringify({ id: "", key: key32 }), "invalid-id"],
    ["object id", JSON.stringify({ id: {}, key: key32 }), "invalid-id"],
    ["boolean id", JSON.stringify({ id: true, key: key32 }), "invalid-id"],
    ["no key", JSON.stringify({ id: 3 }), "missing-key"],
    ["numeric key", JSON.stringify({ id: 3, key: 12345 }), "missing-key"],
    ["empty key", JSON.stringify({ id: 3, key: "" }), "invalid-base64"],
    ["base64url key", JSON.stringify({ id: 3, key: "7Q25YT4fKM7G-BO_7QyW9vdF_YC8zBN3w4HQPyKgk98=" }), "invalid-base64"],
    ["unpadded key", JSON.stringify({ id: 3, key: "7Q25YT4fKM7G+BO/7QyW9vdF/YC8zBN3w4HQPyKgk98" }), "invalid-base64"],
    [
      "key with spaces",
      JSON.stringify({ id: 3, key: "7Q25YT4f KM7G+BO/7QyW9vdF/YC8zBN3w4HQPyKgk98=" }),
      "invalid-base64",
    ],
    ["key with newline", JSON.stringify({ id: 3, key: `${knownSecret.key}\n` }), "invalid-base64"],
    [
      "key with non-canonical bits",
      JSON.stringify({ id: 3, key: "7Q25YT4fKM7G+BO/7QyW9vdF/YC8zBN3w4HQPyKgk99=" }),
      "invalid-base64",
    ],
    ["hex key", JSON.stringify({ id: 3, key: Buffer.alloc(32, 1).toString("hex") + "!" }), "invalid-base64"],
    ["31-byte key", JSON.stringify({ id: 3, key: key31 }), "key-too-short"],
    ["16-byte key", JSON.stringify({ id: 3, key: Buffer.alloc(16, 1).toString("base64") }), "key-too-short"],
  ])("rejects %s as %s", (_label, text, expected) => {
    expect(problemOf(text).problem).toBe(expected);
  });

  it("explains the short key with its length and the rule", () => {
    expect(problemOf(JSON.stringify({ id: 3, key: key31 })).message).toContain(
      "decodes to 31 bytes; HS256 needs at least 32 (RFC 7518 §3.2)",
    );
  });

  it.each([
    [
      "too short to be complete base64",
      "short",
      'The secret\'s "key" is 5 characters long, not a multiple of 4, so it is not complete base64 (cut short, or "=" padding missing); even completed it would decode to at most 3 bytes, and HS256 needs at least 32.',
    ],
    [
      "unpadded",
      "7Q25YT4fKM7G+BO/7QyW9vdF/YC8zBN3w4HQPyKgk98",
      'The secret\'s "key" is 43 characters long, not a multiple of 4, so it is not complete base64 (cut short, or "=" padding missing); even completed it would decode to at most 32 bytes.',
    ],
    [
      "base64url",
      "7Q25YT4fKM7G-BO_7QyW9vdF_YC8zBN3w4HQPyKgk98=",
      'The secret\'s "key" uses the base64url alphabet ("-" and "_"); the portal gives standard base64 ("+" and "/").',
    ],
    [
      "with a space",
      "7Q25YT4f KM7G+BO/7QyW9vdF/YC8zBN3w4HQPyKgk98=",
      'The secret\'s "key" contains whitespace or a line break: remove it (base64 text is one unbroken line).',
    ],
    [
      "with other characters",
      "7Q25YT4f!KM7G+BO/7QyW9vdF/YC8zBN3w4HQPyKgk9=",
      'The secret\'s "key" contains characters outside the base64 alphabet (A–Z a–z 0–9 + / and "=" padding at the end).',
    ],
    [
      "with padding in the middle",
      "7Q25YT4f=KM7G+BO/7QyW9vdF/YC8zBN3w4HQPyKgk9=",
      'The secret\'s "key" has "=" before its end; "=" may only pad the last group of 4 characters.',
    ],
    [
      "with unused bits set",
      "7Q25YT4fKM7G+BO/7QyW9vdF/YC8zBN3w4HQPyKgk99=",
      'The secret\'s "key" has bits set in its last character that base64 leaves unused, so it was altered or cut.',
    ],
  ])("says what is wrong with a key %s", (_label, key, message) => {
    expect(problemOf(JSON.stringify({ id: 3, key }))).toEqual({
      problem: "invalid-base64",
      message: expect.stringContaining(message) as unknown as string,
    });
  });

  it("has no warnings for a key as the portal gives it", () => {
    expect(parseSecret(knownSecretText).warnings).toEqual([]);
  });

  it("warns (without the key) that a 64-character hex key was probably pasted in place of base64", () => {
    const hex = Buffer.alloc(32, 0xab).toString("hex");
    const parsed = parseSecret(JSON.stringify({ id: 3, key: hex }));
    expect(parsed.keyBytes.length).toBe(48);
    expect(parsed.warnings).toEqual([
      'The secret\'s "key" looks hexadecimal (64 characters 0–9 a–f). It is read as base64, as the portal gives it: 48 key bytes, not the 32 the hex spells, so if the key was converted to hex Infobip will refuse every token. Store the key exactly as the portal shows it.',
    ]);
    expect(JSON.stringify(parsed.warnings)).not.toContain(hex.slice(0, 12));
  });

  it("never puts the secret text or key in an error message", () => {
    const texts = [
      `{"id":3,"key":"${knownSecret.key}"`,
      `{"id":{"k":"${knownSecret.key}"},"key":"${knownSecret.key}"}`,
      `{"id":3,"key":"${knownSecret.key.slice(0, 40)}"}`,
      `["${knownSecret.key}"]`,
    ];
    for (const text of texts) {
      const { message } = problemOf(text);
      expect(message).not.toContain(knownSecret.key.slice(0, 12));
      expect(message).not.toContain(Buffer.from(knownSecret.key, "base64").toString("hex").slice(0, 12));
    }
  });
});
