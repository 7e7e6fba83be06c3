// Property-based fuzzing of the Infobip API secret parser: any text is either an API key with an
// https origin (http only on loopback), or an ApiSecretError that never quotes the key.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ApiSecretError, parseApiSecret } from "../../lambda/sessions/apiSecret.ts";
import type { InfobipApiSecret } from "../../lambda/sessions/apiSecret.ts";

type Outcome =
  { readonly ok: true; readonly value: InfobipApiSecret } | { readonly ok: false; readonly error: ApiSecretError };

function run(text: string): Outcome {
  try {
    return { ok: true, value: parseApiSecret(text) };
  } catch (error) {
    expect(error).toBeInstanceOf(ApiSecretError);
    return { ok: false, error: error as ApiSecretError };
  }
}

function expectUsable(value: InfobipApiSecret): void {
  expect(value.apiKey).toMatch(/^[\x21-\x7e]{16,512}$/);
  const url = new URL(value.baseUrl);
  const loopbackHttp = url.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
  expect(url.protocol === "https:" || loopbackHttp).toBe(true);
  // An origin only: no path, query, fragment, credentials or trailing slash.
  expect(value.baseUrl).toBe(url.origin);
  expect(value.baseUrl.endsWith("/")).toBe(false);
}

const validKey = fc.stringMatching(/^[A-Za-z0-9-]{16,80}$/);
const anyKey = fc.oneof(
  validKey,
  fc.stringMatching(/^[\x21-\x7e]{8,40}$/),
  fc.string({ maxLength: 60 }),
  fc.jsonValue({ maxDepth: 1 }),
);
const host = fc.oneof(
  fc.domain(),
  fc.constantFrom("abcde.api.infobip.com", "127.0.0.1", "localhost", "[::1]", "10.0.0.1", "xn--bcher-kva.example"),
);

/** Base URLs built around a key: the key in a path or query must never be echoed back. */
function baseUrlFor(key: unknown) {
  const text = typeof key === "string" ? key : "k";
  return fc.oneof(
    fc
      .tuple(
        fc.constantFrom("https://", "http://", "ftp://", "HTTPS://", "https:/", "//", ""),
        host,
        fc.constantFrom("", "/", "/path", "/a/b?x=1", "?q", "#f", ":443", ":8443/", "/ "),
      )
      .map(([scheme, h, tail]) => scheme + h + tail),
    fc.webUrl({ withQueryParameters: true, withFragments: true }),
    host.map((h) => `https://${h}/${text}`),
    host.map((h) => `https://${h}/App ${text}`),
    host.map((h) => `https://${h}?apiKey=${text}`),
    host.map((h) => `https://${text}@${h}`),
    fc.string({ maxLength: 80 }),
    fc.jsonValue({ maxDepth: 1 }),
  );
}

const secretObject = anyKey.chain((apiKey) =>
  fc.record(
    { apiKey: fc.constant(apiKey), baseUrl: baseUrlFor(apiKey), extra: fc.jsonValue({ maxDepth: 1 }) },
    { requiredKeys: [] },
  ),
);

describe("parseApiSecret (fast-check)", () => {
  it("any string: a usable secret or an ApiSecretError", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: "binary", maxLength: 200 })), (text) => {
        const outcome = run(text);
        if (outcome.ok) expectUsable(outcome.value);
      }),
      { numRuns: 300 },
    );
  });

  it("any JSON value: a usable secret or an ApiSecretError", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const outcome = run(JSON.stringify(value));
        if (outcome.ok) expectUsable(outcome.value);
      }),
      { numRuns: 300 },
    );
  });

  it("objects with arbitrary apiKey and baseUrl: valid → the key unchanged and an https origin; invalid → an error that never quotes the key", () => {
    fc.assert(
      fc.property(secretObject, (secret) => {
        const outcome = run(JSON.stringify(secret));
        if (outcome.ok) {
          expectUsable(outcome.value);
          expect(outcome.value.apiKey).toBe(secret.apiKey);
          expect(typeof secret.baseUrl).toBe("string");
          expect(outcome.value.baseUrl).toBe(new URL(secret.baseUrl as string).origin);
        } else if (typeof secret.apiKey === "string" && secret.apiKey.length >= 8) {
          expect(outcome.error.message).not.toContain(secret.apiKey);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("a valid key with a valid https origin is always accepted", () => {
    fc.assert(
      fc.property(validKey, fc.domain(), fc.constantFrom("", "/"), (apiKey, domain, slash) => {
        const outcome = run(JSON.stringify({ apiKey, baseUrl: `https://${domain}${slash}` }));
        expect(outcome.ok).toBe(true);
        if (outcome.ok) expect(outcome.value).toEqual({ apiKey, baseUrl: new URL(`https://${domain}`).origin });
      }),
      { numRuns: 200 },
    );
  });
});
