// One source expression: what sourceExpression.ts accepts, normalises and refuses (keywords, nonces,
// hashes, hosts, schemes, header injection), through buildCsp as users call it.
import { describe, expect, it } from "vitest";
import { buildCsp, inlineScriptHash } from "../../components/csp/index.ts";
import { refusal } from "../support/cspRefusal.ts";

const inScriptSrc = (value: string) => () => buildCsp({ base: { "script-src": [value] } });

describe("source validation", () => {
  it.each([
    "self",
    "none",
    "unsafe-inline",
    "unsafe-eval",
    "strict-dynamic",
    "unsafe-hashes",
    "wasm-unsafe-eval",
    "report-sample",
    "SELF",
  ])("refuses the unquoted keyword %s, naming directive, value and fix", (value) => {
    const error = refusal(inScriptSrc(value));
    expect(error.code).toBe("unquoted-keyword");
    expect(error.directive).toBe("script-src");
    expect(error.value).toBe(value);
    expect(error.message).toBe(
      `script-src: "${value}" looks like a keyword without quotes (it would be read as a host name); write '${value.toLowerCase()}' with single quotes.`,
    );
  });

  it("refuses unquoted nonce and hash sources", () => {
    expect(refusal(inScriptSrc("nonce-abc")).message).toContain("write 'nonce-abc' with single quotes");
    expect(refusal(inScriptSrc("sha256-abc")).value).toBe("sha256-abc");
    const codes = [refusal(inScriptSrc("nonce-abc")).code, refusal(inScriptSrc("sha256-abc")).code];
    expect(codes).toEqual(["unquoted-keyword", "unquoted-keyword"]);
  });

  it.each([
    ["https://a.example;", "';' (it ends the directive)"],
    ["https://a.example,https://b.example", "',' (it starts a second policy)"],
    ["https://a.example\r\nSet-Cookie:x", "whitespace or a control character"],
    ["https://a.example\tx", "whitespace or a control character"],
    ["https://a.example/\u0000", "whitespace or a control character"],
    ["'self' https://b.example", "whitespace or a control character"],
  ])("refuses header injection in %j", (value, why) => {
    const error = refusal(inScriptSrc(value));
    expect(error.code).toBe("forbidden-character");
    expect(error.directive).toBe("script-src");
    expect(error.value).toBe(value);
    expect(error.message).toContain(why);
    expect(error.message).toContain(JSON.stringify(value));
  });

  it("refuses non-ASCII (asks for punycode)", () => {
    expect(refusal(inScriptSrc("https://bücher.example")).message).toContain("punycode");
    expect(refusal(inScriptSrc("https://bücher.example")).code).toBe("non-ascii");
  });

  it.each([
    "https://*foo.example",
    "https://foo.*.example",
    "https://",
    "https://a.example:99999",
    "https://a.example:8o",
    "https://-a.example",
    "https://a..example",
    "https://a.example/path?q=1",
    "https://a.example/#x",
    "https://a.example//x",
    'https://a.example/a"b',
    "1https://a.example",
    `https://${"a".repeat(64)}.example`,
  ])("refuses the malformed host source %j", (value) => {
    const error = refusal(inScriptSrc(value));
    expect(error.code).toBe("invalid-source");
    expect(error.message).toMatch(/^script-src: malformed source/);
    expect(error.message).toContain("expected a host such as https://example.com");
  });

  it.each([
    ["https://a.example", "https://a.example"],
    ["a.example", "a.example"],
    ["*.a.example", "*.a.example"],
    ["*", "*"],
    ["https://*.a.example:*", "https://*.a.example:*"],
    ["https://a.example:8443/p/a%20th/", "https://a.example:8443/p/a%20th/"],
    ["wss:", "wss:"],
    ["Data:", "data:"],
    ["blob:", "blob:"],
    ["localhost:3000", "localhost:3000"],
  ])("accepts %j as %j", (value, normalised) => {
    expect(buildCsp({ base: { "img-src": [value] } }).directives["img-src"]).toEqual([normalised]);
  });

  it("refuses unknown keywords and malformed nonces and hashes", () => {
    expect(refusal(inScriptSrc("'unsafe-everything'")).message).toMatch(
      /^script-src: unknown keyword "'unsafe-everything'"; known keywords are 'none' 'self'/,
    );
    expect(refusal(inScriptSrc("'self")).message).toContain("unknown keyword");
    expect(refusal(inScriptSrc("'nonce-'")).message).toBe(
      `script-src: malformed nonce "'nonce-'"; expected 'nonce-<base64>' or 'sha256-<base64 digest>' in single quotes.`,
    );
    expect(refusal(inScriptSrc("'nonce-a=b'")).message).toContain("malformed nonce");
    expect(refusal(inScriptSrc("'sha256-abc='")).message).toBe(
      `script-src: malformed hash "'sha256-abc='"; a sha256 digest is 32 bytes of base64 (43 characters before padding) — recompute it with inlineScriptHash().`,
    );
    const sha256 = inlineScriptHash("x").slice(8, -1);
    expect(refusal(inScriptSrc(`'sha384-${sha256}'`)).message).toContain("a sha384 digest is 48 bytes");
    expect(refusal(inScriptSrc(`'sha256-${sha256.slice(0, -2)}Z='`)).message).toContain("malformed hash");
    expect(buildCsp({ base: { "script-src": [`'SHA256-${sha256}'`] } }).directives["script-src"]).toEqual([
      `'sha256-${sha256}'`,
    ]);
    const refused = ["'unsafe-everything'", "'self", "'nonce-'", "'nonce-a=b'", "'sha256-abc='", `'sha384-${sha256}'`];
    expect(refused.map((value) => refusal(inScriptSrc(value)).code)).toEqual([
      "unknown-keyword",
      "unknown-keyword",
      "invalid-nonce",
      "invalid-nonce",
      "invalid-hash",
      "invalid-hash",
    ]);
  });

  it("refuses a hash with wrong padding (Chromium never matches it) and accepts unpadded and base64url digests", () => {
    const sha256 = inlineScriptHash("x").slice(8, -1);
    expect(sha256).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(refusal(inScriptSrc(`'sha256-${sha256}='`)).message).toContain("malformed hash");
    expect(refusal(inScriptSrc(`'sha256-${sha256}='`)).code).toBe("invalid-hash");
    const sha384 = "a".repeat(64);
    expect(buildCsp({ base: { "script-src": [`'sha384-${sha384}'`] } }).directives["script-src"]).toEqual([
      `'sha384-${sha384}'`,
    ]);
    expect(refusal(inScriptSrc(`'sha384-${sha384}='`)).message).toContain("malformed hash");
    const unpadded = sha256.slice(0, -1);
    const url = sha256.replace(/\+/g, "-").replace(/\//g, "_");
    expect(
      buildCsp({ base: { "script-src": [`'sha256-${unpadded}'`, `'sha256-${url}'`] } }).directives["script-src"],
    ).toEqual([`'sha256-${unpadded}'`, `'sha256-${url}'`]);
  });

  it("frame-ancestors accepts only hosts, schemes, 'self' and 'none'", () => {
    expect(refusal(() => buildCsp({ base: { "frame-ancestors": ["'unsafe-eval'"] } })).message).toBe(
      `frame-ancestors: "'unsafe-eval'" is not allowed here; frame-ancestors accepts only hosts, schemes, 'self' and 'none'.`,
    );
    expect(refusal(() => buildCsp({ base: { "frame-ancestors": ["'unsafe-inline'"] } })).message).toBe(
      `frame-ancestors: "'unsafe-inline'" is not allowed here; frame-ancestors accepts only hosts, schemes, 'self' and 'none'.`,
    );
    expect(refusal(() => buildCsp({ base: { "frame-ancestors": ["'nonce-abc'"] } })).directive).toBe("frame-ancestors");
    for (const value of ["'unsafe-eval'", "'unsafe-inline'", "'nonce-abc'"]) {
      expect(refusal(() => buildCsp({ base: { "frame-ancestors": [value] } })).code).toBe("source-not-allowed");
    }
  });
});
