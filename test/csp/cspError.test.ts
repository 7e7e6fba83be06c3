// The CSP engine's error contract: every refusal is a CspError whose code is one of cspErrorCodes,
// every listed code is thrown by some input (none is dead), and directive and value name what was refused.
import { describe, expect, it } from "vitest";
import { presetNamed } from "../../components/csp/cli.ts";
import {
  buildCsp,
  CspError,
  type CspErrorCode,
  cspErrorCodes,
  inlineScriptHash,
  liveChatSnippet,
  parseCsp,
  presets,
} from "../../components/csp/index.ts";
import { refusal } from "../support/cspRefusal.ts";

const inScriptSrc = (value: string) => () => buildCsp({ base: { "script-src": [value] } });
const shortHash = `'sha256-${inlineScriptHash("x").slice(8, 20)}'`;
const manyHosts = Array.from({ length: 80 }, (_, i) => `https://host-${i}.example.com`);

/** One input per code: [code, the call, the directive (or option) named, the value named]. */
const refusals: ReadonlyArray<readonly [CspErrorCode, () => unknown, string, string]> = [
  ["invalid-type", () => parseCsp(42 as unknown as string), "", "42"],
  ["unknown-directive", () => buildCsp({ base: { "scripts-src": ["'self'"] } }), "scripts-src", "scripts-src"],
  [
    "obsolete-directive",
    () => parseCsp("Block-All-Mixed-Content"),
    "block-all-mixed-content",
    "Block-All-Mixed-Content",
  ],
  ["repeated-directive", () => parseCsp("img-src 'self'; IMG-SRC data:"), "img-src", "IMG-SRC data:"],
  ["multiple-policies", () => parseCsp("default-src 'self', img-src *"), "", "default-src 'self', img-src *"],
  ["empty-value", () => buildCsp({ base: { "img-src": [""] } }), "img-src", ""],
  ["forbidden-character", inScriptSrc("https://a.example; img-src *"), "script-src", "https://a.example; img-src *"],
  ["non-ascii", inScriptSrc("https://bücher.example"), "script-src", "https://bücher.example"],
  ["unquoted-keyword", inScriptSrc("self"), "script-src", "self"],
  ["unknown-keyword", inScriptSrc("'unsafe-everything'"), "script-src", "'unsafe-everything'"],
  ["invalid-nonce", inScriptSrc("'nonce-'"), "script-src", "'nonce-'"],
  ["invalid-hash", inScriptSrc(shortHash), "script-src", shortHash],
  ["invalid-source", inScriptSrc("https://a.example:99999"), "script-src", "https://a.example:99999"],
  ["source-not-allowed", () => parseCsp("frame-ancestors 'unsafe-inline'"), "frame-ancestors", "'unsafe-inline'"],
  ["unsafe-eval", inScriptSrc("'unsafe-eval'"), "script-src", "'unsafe-eval'"],
  ["invalid-value", () => buildCsp({ base: { sandbox: ["allow-everything"] } }), "sandbox", "allow-everything"],
  [
    "invalid-report-group",
    () => buildCsp({ reporting: { toUrl: "https://r.example/", group: "Bad" } }),
    "report-to",
    "Bad",
  ],
  [
    "invalid-report-url",
    () => buildCsp({ reporting: { uri: "http://r.example/" } }),
    "report-uri",
    "http://r.example/",
  ],
  ["missing-report-url", () => buildCsp({ reporting: { group: "csp-endpoint" } }), "report-to", "csp-endpoint"],
  [
    "preset-directive-not-allowed",
    () => buildCsp({ presets: [{ name: "v", directives: { "upgrade-insecure-requests": [] } }] }),
    "upgrade-insecure-requests",
    "upgrade-insecure-requests",
  ],
  ["unknown-preset", () => presetNamed("intercom", {}, {}), "--preset", "intercom"],
  ["invalid-region", () => presets.infobipLiveChat({ apiRegion: "eu-1" }), "apiRegion", "eu-1"],
  ["invalid-widget-id", () => liveChatSnippet({ widgetId: "x');alert(1);('" }), "widgetId", "x');alert(1);('"],
  ["invalid-quota", () => buildCsp({ cloudFrontCspQuota: 1000 }), "cloudFrontCspQuota", "1000"],
  [
    "too-long",
    () => buildCsp({ base: { "img-src": manyHosts }, enforceCloudFrontLimit: true }),
    "img-src",
    `img-src ${manyHosts.join(" ")}`,
  ],
];

describe("CspError", () => {
  it.each(refusals)("%s: thrown with that code, naming the directive and the value", (code, run, directive, value) => {
    const error = refusal(run);
    expect(error).toBeInstanceOf(Error);
    expect([error.name, error.code, error.directive, error.value]).toEqual(["CspError", code, directive, value]);
    expect(error.message.length).toBeGreaterThan(0);
  });

  it("every listed code is thrown by some input above, and each is listed once", () => {
    expect(new Set(cspErrorCodes).size).toBe(cspErrorCodes.length);
    expect(refusals.map(([code]) => code)).toEqual([...cspErrorCodes]);
  });

  it("the name is the class's own, also in a stack trace and String(error)", () => {
    const error = new CspError("too-long", "img-src", "x", "too long");
    expect(String(error)).toBe("CspError: too long");
    expect(error.stack?.startsWith("CspError: too long")).toBe(true);
  });
});
