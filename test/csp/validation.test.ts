import { describe, expect, it } from "vitest";
import { buildCsp, inlineScriptHash, parseCsp } from "../../components/csp/index.ts";
import { refusal } from "../support/cspRefusal.ts";

const inScriptSrc = (value: string) => () => buildCsp({ base: { "script-src": [value] } });

describe("source validation", () => {
  it.each(["self", "none", "unsafe-inline", "unsafe-eval", "strict-dynamic", "unsafe-hashes", "wasm-unsafe-eval", "report-sample", "SELF"])(
    "refuses the unquoted keyword %s, naming directive, value and fix",
    (value) => {
      const error = refusal(inScriptSrc(value));
      expect(error.code).toBe("unquoted-keyword");
      expect(error.directive).toBe("script-src");
      expect(error.value).toBe(value);
      expect(error.message).toBe(
        `script-src: "${value}" looks like a keyword without quotes (it would be read as a host name); write '${value.toLowerCase()}' with single quotes.`,
      );
    },
  );

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
    "https://a.example/a\"b",
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
    expect(refusal(inScriptSrc("'unsafe-everything'")).message).toMatch(/^script-src: unknown keyword "'unsafe-everything'"; known keywords are 'none' 'self'/);
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
    expect(buildCsp({ base: { "script-src": [`'SHA256-${sha256}'`] } }).directives["script-src"]).toEqual([`'sha256-${sha256}'`]);
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
    expect(buildCsp({ base: { "script-src": [`'sha384-${sha384}'`] } }).directives["script-src"]).toEqual([`'sha384-${sha384}'`]);
    expect(refusal(inScriptSrc(`'sha384-${sha384}='`)).message).toContain("malformed hash");
    const unpadded = sha256.slice(0, -1);
    const url = sha256.replace(/\+/g, "-").replace(/\//g, "_");
    expect(buildCsp({ base: { "script-src": [`'sha256-${unpadded}'`, `'sha256-${url}'`] } }).directives["script-src"]).toEqual([`'sha256-${unpadded}'`, `'sha256-${url}'`]);
  });

  it("refuses unknown and obsolete directive names", () => {
    const unknown = refusal(() => buildCsp({ base: { "scripts-src": ["'self'"] } }));
    expect(unknown.directive).toBe("scripts-src");
    expect(unknown.code).toBe("unknown-directive");
    expect(refusal(() => buildCsp({ base: { "block-all-mixed-content": [] } })).code).toBe("obsolete-directive");
    expect(refusal(() => buildCsp({ base: { constructor: ["'self'"] } })).code).toBe("unknown-directive");
    expect(unknown.message).toMatch(/^unknown directive "scripts-src"; check the spelling \(known: default-src, script-src,/);
    expect(refusal(() => buildCsp({ base: { "block-all-mixed-content": [] } })).message).toBe(
      `"block-all-mixed-content" is an obsolete directive that browsers ignore; remove it.`,
    );
    expect(refusal(() => buildCsp({ base: { constructor: ["'self'"] } })).message).toContain("unknown directive");
  });

  it("validates non-source directives", () => {
    expect(buildCsp({ base: { sandbox: ["allow-scripts", "ALLOW-FORMS"], "upgrade-insecure-requests": [] } }).header).toBe(
      "sandbox allow-scripts allow-forms; upgrade-insecure-requests",
    );
    expect(refusal(() => buildCsp({ base: { sandbox: ["allow-everything"] } })).message).toContain("is not valid here");
    expect(refusal(() => buildCsp({ base: { "upgrade-insecure-requests": ["yes"] } })).message).toBe(`upgrade-insecure-requests: takes no value; remove "yes".`);
    expect(buildCsp({ base: { "require-trusted-types-for": ["'script'"], "trusted-types": ["lit", "'allow-duplicates'"] } }).header).toBe(
      "require-trusted-types-for 'script'; trusted-types lit 'allow-duplicates'",
    );
    expect(refusal(() => buildCsp({ base: { "report-to": ["a", "b"] } })).message).toBe("report-to: expected exactly one reporting group name.");
    const refused: Record<string, string[]>[] = [
      { sandbox: ["allow-everything"] },
      { "upgrade-insecure-requests": ["yes"] },
      { "report-to": ["a", "b"] },
      { webrtc: ["'allow'", "'block'"] },
    ];
    const codes = refused.map((base) => refusal(() => buildCsp({ base })).code);
    expect(codes).toEqual(["invalid-value", "invalid-value", "invalid-value", "invalid-value"]);
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

  it("refuses values that are not an array of strings", () => {
    const base = { "img-src": "'self'" } as unknown as Record<string, string[]>;
    expect(refusal(() => buildCsp({ base })).message).toBe("img-src: values must be an array of strings.");
    expect(refusal(() => buildCsp({ base })).code).toBe("invalid-type");
  });
});

describe("parseCsp", () => {
  it("parses a header, lower-casing names and keywords, keeping order", () => {
    expect(parseCsp("Default-Src 'SELF' https://A.example;  img-src data:\t'self' ;; upgrade-insecure-requests;")).toEqual({
      "default-src": ["'self'", "https://a.example"],
      "img-src": ["data:", "'self'"],
      "upgrade-insecure-requests": [],
    });
    expect(parseCsp("")).toEqual({});
  });

  it("applies the same validation as buildCsp", () => {
    expect(refusal(() => parseCsp("default-src self")).message).toContain("write 'self' with single quotes");
    expect(refusal(() => parseCsp("script-src 'self' 'unsafe-eval'")).directive).toBe("script-src");
    expect(parseCsp("script-src 'unsafe-eval'", { allowUnsafeEval: true })).toEqual({ "script-src": ["'unsafe-eval'"] });
    expect(refusal(() => parseCsp("scriptsrc 'self'")).message).toContain('unknown directive "scriptsrc"');
    const headers = ["default-src self", "script-src 'self' 'unsafe-eval'", "scriptsrc 'self'"];
    const codes = headers.map((header) => refusal(() => parseCsp(header)).code);
    expect(codes).toEqual(["unquoted-keyword", "unsafe-eval", "unknown-directive"]);
  });

  it.each(["default-src 'self'\r\nX-Injected: 1", "default-src 'self'\nimg-src *", "default-src 'self'\u0000", "default-src\u000b'self'"])(
    "refuses control characters such as CR, LF and NUL in the header text (%j): they never occur in a header value",
    (header) => {
      const error = refusal(() => parseCsp(header));
      expect(error.message).toMatch(/^".*" contains a control character \(\\u00[0-9a-f]{2}\) at index \d+; a header value is one line: separate directives with ';' and sources with spaces\.$/);
      expect(error.value).toBe(header);
      expect(error.code).toBe("forbidden-character");
    },
  );

  it("refuses two policies (a comma) and repeated directives", () => {
    expect(refusal(() => parseCsp("default-src 'self', default-src 'none'")).message).toContain("separates two policies");
    expect(refusal(() => parseCsp("img-src 'self'; IMG-SRC data:")).message).toBe(
      "img-src appears twice; browsers ignore every repeat after the first, so merge the two source lists into one directive.",
    );
    expect(refusal(() => parseCsp("default-src 'self', default-src 'none'")).code).toBe("multiple-policies");
    expect(refusal(() => parseCsp("img-src 'self'; IMG-SRC data:")).code).toBe("repeated-directive");
  });
});

describe("reporting URLs: parsed, not matched as text", () => {
  it.each([
    ["http://localhost:@evil.example/r", "evil.example"],
    ["http://127.0.0.1@evil.example/r", "evil.example"],
    ["http://r.example/reports", "r.example"],
  ])("refuses report-to %s, naming its real host %s", (url, host) => {
    const error = refusal(() => buildCsp({ reporting: { toUrl: url } }));
    expect([error.code, error.directive]).toEqual(["invalid-report-url", "report-to"]);
    expect(error.message).toMatch(/must (be an https:\/\/ URL|not carry credentials)/);
    expect(error.message).toMatch(new RegExp(`host(,)? (is|which is) ${host.replace(".", "\\.")}`));
  });

  it.each([
    ["https://user:pw@collector.example/r", "report-uri"],
    ["https://user@collector.example/r", "report-uri"],
    ["http://user:pw@collector.example/r", "report-uri"],
  ])("refuses credentials in %s (%s)", (url) => {
    for (const reporting of [{ uri: url }, { toUrl: url }]) {
      expect(refusal(() => buildCsp({ reporting })).message).toContain("must not carry credentials");
      expect(refusal(() => buildCsp({ reporting })).code).toBe("invalid-report-url");
    }
  });

  it.each([["http://collector.example/r"], ["http://localhost:@evil.example/r"], ["//evil.example/r"], ["/\\evil.example/r"], ["ftp://collector.example/r"]])(
    "refuses report-uri %s: https, this machine, or a path on the site only",
    (url) => {
      const error = refusal(() => buildCsp({ reporting: { uri: url } }));
      expect(error.directive).toBe("report-uri");
      expect(error.code).toBe("invalid-report-url");
    },
  );

  it.each([["https://collector.example/r"], ["/csp-report"], ["http://localhost:8787/csp-report"], ["http://127.0.0.1/r"], ["http://[::1]:9000/r"]])("accepts report-uri %s", (url) => {
    expect(buildCsp({ reporting: { uri: url } }).directives["report-uri"]).toEqual([url]);
  });

  it("accepts report-to on https or this machine over http", () => {
    expect(buildCsp({ reporting: { toUrl: "https://collector.example/r" } }).reportingEndpoints).toBe('csp-endpoint="https://collector.example/r"');
    expect(buildCsp({ reporting: { toUrl: "http://localhost:8787/r" } }).reportingEndpoints).toBe('csp-endpoint="http://localhost:8787/r"');
  });

  it("applies the same rule to a report-uri in the base policy", () => {
    expect(refusal(() => parseCsp("default-src 'self'; report-uri http://user:pw@collector.example/r")).directive).toBe("report-uri");
    const refused = refusal(() => parseCsp("default-src 'self'; report-uri http://user:pw@collector.example/r"));
    expect(refused.code).toBe("invalid-report-url");
  });
});
