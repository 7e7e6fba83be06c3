// Directive names and whole value lists (directiveValues.ts): unknown and obsolete names, the
// non-source directives, and the reporting endpoints, parsed as URLs rather than matched as text.
import { describe, expect, it } from "vitest";
import { buildCsp, parseCsp } from "../../components/csp/index.ts";
import { refusal } from "../support/cspRefusal.ts";

describe("source validation", () => {
  it("refuses unknown and obsolete directive names", () => {
    const unknown = refusal(() => buildCsp({ base: { "scripts-src": ["'self'"] } }));
    expect(unknown.directive).toBe("scripts-src");
    expect(unknown.code).toBe("unknown-directive");
    expect(refusal(() => buildCsp({ base: { "block-all-mixed-content": [] } })).code).toBe("obsolete-directive");
    expect(refusal(() => buildCsp({ base: { constructor: ["'self'"] } })).code).toBe("unknown-directive");
    expect(unknown.message).toMatch(
      /^unknown directive "scripts-src"; check the spelling \(known: default-src, script-src,/,
    );
    expect(refusal(() => buildCsp({ base: { "block-all-mixed-content": [] } })).message).toBe(
      `"block-all-mixed-content" is an obsolete directive that browsers ignore; remove it.`,
    );
    expect(refusal(() => buildCsp({ base: { constructor: ["'self'"] } })).message).toContain("unknown directive");
  });

  it("validates non-source directives", () => {
    expect(
      buildCsp({ base: { sandbox: ["allow-scripts", "ALLOW-FORMS"], "upgrade-insecure-requests": [] } }).header,
    ).toBe("sandbox allow-scripts allow-forms; upgrade-insecure-requests");
    expect(refusal(() => buildCsp({ base: { sandbox: ["allow-everything"] } })).message).toContain("is not valid here");
    expect(refusal(() => buildCsp({ base: { "upgrade-insecure-requests": ["yes"] } })).message).toBe(
      `upgrade-insecure-requests: takes no value; remove "yes".`,
    );
    expect(
      buildCsp({ base: { "require-trusted-types-for": ["'script'"], "trusted-types": ["lit", "'allow-duplicates'"] } })
        .header,
    ).toBe("require-trusted-types-for 'script'; trusted-types lit 'allow-duplicates'");
    expect(refusal(() => buildCsp({ base: { "report-to": ["a", "b"] } })).message).toBe(
      "report-to: expected exactly one reporting group name.",
    );
    const refused: Record<string, string[]>[] = [
      { sandbox: ["allow-everything"] },
      { "upgrade-insecure-requests": ["yes"] },
      { "report-to": ["a", "b"] },
      { webrtc: ["'allow'", "'block'"] },
    ];
    const codes = refused.map((base) => refusal(() => buildCsp({ base })).code);
    expect(codes).toEqual(["invalid-value", "invalid-value", "invalid-value", "invalid-value"]);
  });

  it("refuses values that are not an array of strings", () => {
    const base = { "img-src": "'self'" } as unknown as Record<string, string[]>;
    expect(refusal(() => buildCsp({ base })).message).toBe("img-src: values must be an array of strings.");
    expect(refusal(() => buildCsp({ base })).code).toBe("invalid-type");
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

  it.each([
    ["http://collector.example/r"],
    ["http://localhost:@evil.example/r"],
    ["//evil.example/r"],
    ["/\\evil.example/r"],
    ["ftp://collector.example/r"],
  ])("refuses report-uri %s: https, this machine, or a path on the site only", (url) => {
    const error = refusal(() => buildCsp({ reporting: { uri: url } }));
    expect(error.directive).toBe("report-uri");
    expect(error.code).toBe("invalid-report-url");
  });

  it.each([
    ["https://collector.example/r"],
    ["/csp-report"],
    ["http://localhost:8787/csp-report"],
    ["http://127.0.0.1/r"],
    ["http://[::1]:9000/r"],
  ])("accepts report-uri %s", (url) => {
    expect(buildCsp({ reporting: { uri: url } }).directives["report-uri"]).toEqual([url]);
  });

  it("accepts report-to on https or this machine over http", () => {
    expect(buildCsp({ reporting: { toUrl: "https://collector.example/r" } }).reportingEndpoints).toBe(
      'csp-endpoint="https://collector.example/r"',
    );
    expect(buildCsp({ reporting: { toUrl: "http://localhost:8787/r" } }).reportingEndpoints).toBe(
      'csp-endpoint="http://localhost:8787/r"',
    );
  });

  it("applies the same rule to a report-uri in the base policy", () => {
    expect(refusal(() => parseCsp("default-src 'self'; report-uri http://user:pw@collector.example/r")).directive).toBe(
      "report-uri",
    );
    const refused = refusal(() => parseCsp("default-src 'self'; report-uri http://user:pw@collector.example/r"));
    expect(refused.code).toBe("invalid-report-url");
  });
});
