// Property tests of the engine (fast-check): buildCsp and parseCsp throw nothing but CspError (with a
// listed code) for any input, valid input round-trips through parseCsp, and a merge never removes a source.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildCsp, CspError, cspErrorCodes, parseCsp, presets } from "../../components/csp/index.ts";
import type { CspPreset } from "../../components/csp/index.ts";

const FETCH = [
  "default-src",
  "script-src",
  "script-src-elem",
  "script-src-attr",
  "style-src",
  "style-src-elem",
  "style-src-attr",
  "connect-src",
  "img-src",
  "font-src",
  "media-src",
  "object-src",
  "manifest-src",
  "child-src",
  "frame-src",
  "worker-src",
];
const OTHER = ["base-uri", "form-action"];

const keyword = fc.constantFrom(
  "'self'",
  "'none'",
  "'unsafe-inline'",
  "'strict-dynamic'",
  "'unsafe-hashes'",
  "'report-sample'",
  "'wasm-unsafe-eval'",
);
const scheme = fc.constantFrom("https:", "wss:", "data:", "blob:");
const host = fc
  .tuple(
    fc.constantFrom("", "https://", "wss://"),
    fc.boolean(),
    fc.domain(),
    fc.constantFrom("", ":443", ":*"),
    fc.constantFrom("", "/", "/a/b", "/x%20y/"),
  )
  .map(([s, wild, domain, port, path]) => `${s}${wild ? "*." : ""}${domain}${port}${path}`);
const nonce = fc
  .base64String({ minLength: 4, maxLength: 24 })
  .filter((s) => s.length > 0)
  .map((s) => `'nonce-${s}'`);
const validSource = fc.oneof(keyword, scheme, host, nonce);
const validDirectives = fc.dictionary(fc.constantFrom(...FETCH, ...OTHER), fc.array(validSource, { maxLength: 6 }), {
  maxKeys: 8,
});

/** Junk built from the characters and tokens that matter to a CSP parser. */
const cspish = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        ...FETCH,
        ...OTHER,
        "sandbox",
        "report-to",
        "report-uri",
        "frame-ancestors",
        "upgrade-insecure-requests",
        "trusted-types",
        "webrtc",
      ),
      validSource,
      fc.constantFrom(
        ";",
        " ",
        ",",
        "\t",
        "\n",
        "\r",
        "'",
        "*",
        "self",
        "'unsafe-eval'",
        "'sha256-",
        "=",
        "\u0000",
        "é",
        "://",
        ":",
        "/",
      ),
      fc.string({ maxLength: 6, unit: "binary" }),
    ),
    { maxLength: 24 },
  )
  .map((parts) => parts.join(""));

function onlyCspErrors(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    if (!(error instanceof CspError)) throw error;
    expect(error.message.length).toBeGreaterThan(0);
    expect(cspErrorCodes).toContain(error.code);
  }
}

describe("properties", () => {
  it("parseCsp throws nothing but CspError for arbitrary strings", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary" }), cspish), (text) => onlyCspErrors(() => parseCsp(text))),
      { numRuns: 2000 },
    );
  });

  it("buildCsp throws nothing but CspError for arbitrary directive maps", () => {
    const anyMap = fc.dictionary(
      fc.oneof(fc.constantFrom(...FETCH, ...OTHER, "sandbox", "report-uri"), fc.string()),
      fc.array(fc.oneof(validSource, fc.string({ unit: "binary" }), cspish), { maxLength: 4 }),
      { maxKeys: 5 },
    );
    fc.assert(
      fc.property(anyMap, anyMap, fc.array(fc.string(), { maxLength: 2 }), (base, vendor, inlineScripts) =>
        onlyCspErrors(() =>
          buildCsp({ base, presets: [{ name: "fuzz", directives: vendor }], inlineScripts, allowUnsafeEval: false }),
        ),
      ),
      { numRuns: 1000 },
    );
  });

  it("valid input round-trips: parseCsp(header) equals directives, no source holds ; , or whitespace", () => {
    const presetChoice = fc.constantFrom<CspPreset[]>(
      [],
      [presets.infobipLiveChat()],
      [presets.infobipLiveChat({ precise: true, region: "fr", defaultIcon: true })],
      [presets.userpilot()],
      [presets.userpilot({ detailed: true })],
    );
    fc.assert(
      fc.property(
        validDirectives,
        validDirectives,
        presetChoice,
        fc.array(fc.string(), { maxLength: 2 }),
        (base, vendor, chosen, inlineScripts) => {
          const result = buildCsp({ base, presets: [...chosen, { name: "v", directives: vendor }], inlineScripts });
          expect(parseCsp(result.header)).toEqual(result.directives);
          for (const values of Object.values(result.directives)) {
            for (const source of values) expect(source).not.toMatch(/[;,\s]/);
            if (values.length > 1) expect(values).not.toContain("'none'");
            expect(new Set(values).size).toBe(values.length);
          }
          expect(result.header).not.toMatch(/[\u0000-\u001f\u007f,]/);
          expect(result.length).toBe(result.header.length);
          // Deterministic, and a fixed point: feeding the result back as the base changes nothing.
          expect(
            buildCsp({ base, presets: [...chosen, { name: "v", directives: vendor }], inlineScripts }).header,
          ).toBe(result.header);
          expect(buildCsp({ base: result.directives }).header).toBe(result.header);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("merging never removes a base source from a directive", () => {
    fc.assert(
      fc.property(validDirectives, validDirectives, (base, vendor) => {
        const parsedBase = parseCsp(buildCsp({ base }).header);
        const result = buildCsp({ base, presets: [{ name: "v", directives: vendor }] });
        for (const [name, values] of Object.entries(parsedBase)) {
          for (const source of values) {
            if (source === "'none'") continue;
            expect(result.directives[name], `${name} lost ${source}`).toContain(source);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
