// Property-based fuzzing of the dev server's CSP report parser: arbitrary content types and bodies
// (random bytes, and JSON in both wire formats with arbitrary field values) never throw, give one
// of the documented results, and every parsed report formats as one clean log line.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type CspReportParseResult,
  formatCspReport,
  maxCspReportBytes,
  parseCspReportBody,
} from "../../dev/cspReports.ts";

const encoder = new TextEncoder();
// Text that is dense in what a log line must not contain: C0, DEL, C1, U+2028/2029, lone surrogates,
// bidirectional overrides and isolates, zero-width and tag characters, blank-rendering letters.
const hostileText = (maxLength: number) =>
  fc.string({
    unit: fc.oneof(
      fc.constantFrom("\n", "\r", "\u0000", "\u001b", "\u007f", "\u0085", "\u009f", "\u2028", "\u2029", "\ud800"),
      fc.constantFrom("\u202e", "\u2066", "\u200b", "\ufeff", "\u{e0041}", "\u034f", "\u3164", "\u2800", "\u00ad"),
      fc.constantFrom("a", "/", ":", " ", "é"),
    ),
    maxLength,
  });
// Written independently of lambda/invisibleCharacters.ts: what a terminal line must not carry raw.
const controlOrSeparator = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\p{DI}\u115f\u1160\u3164\uffa0\u2800]/u;

const mediaTypes = ["application/csp-report", "application/json", "application/reports+json"];
const contentType = fc.oneof(
  fc.constantFrom(...mediaTypes),
  fc
    .tuple(fc.constantFrom(...mediaTypes), fc.constantFrom("; charset=utf-8", ";charset=UTF-8", " ; x=y", "", ";"))
    .map(([t, p]) => t + p),
  fc.constantFrom(...mediaTypes).map((t) => ` ${t.toUpperCase()} `),
  fc.constantFrom(
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "",
    ";application/json",
  ),
  fc.string({ maxLength: 60 }),
  fc.constant(undefined),
);

// Field values as a browser (or an attacker) might send them: strings with control characters,
// line separators and lone surrogates, numbers, and other JSON.
const fieldValue = fc.oneof(
  fc.webUrl(),
  fc.string({ maxLength: 400 }),
  fc.string({ unit: "binary", maxLength: 80 }),
  hostileText(40),
  fc.constantFrom(
    "inline",
    "eval",
    "",
    "line\nbreak",
    "cr\rhere",
    "sep\u2028x",
    "nul\u0000",
    "esc\u001b[31m",
    "c1\u0085",
  ),
  fc.integer(),
  fc.double(),
  fc.jsonValue({ maxDepth: 1 }),
);
const legacyFields = [
  "document-uri",
  "violated-directive",
  "effective-directive",
  "blocked-uri",
  "disposition",
  "source-file",
  "line-number",
  "original-policy",
];
const reportingFields = [
  "documentURL",
  "effectiveDirective",
  "blockedURL",
  "disposition",
  "sourceFile",
  "lineNumber",
  "statusCode",
];
const fieldsOf = (names: readonly string[]) =>
  fc.dictionary(fc.oneof(fc.constantFrom(...names), fc.string({ maxLength: 10 })), fieldValue, { maxKeys: 10 });

const legacyBody = fc.oneof(
  fieldsOf(legacyFields).map((report) => ({ "csp-report": report })),
  fc.jsonValue({ maxDepth: 3 }).map((report) => ({ "csp-report": report })),
);
const reportingEntry = fc.oneof(
  fc.record({ type: fc.constant("csp-violation"), age: fc.nat(), url: fc.webUrl(), body: fieldsOf(reportingFields) }),
  fc.record(
    {
      type: fc.oneof(fc.constantFrom("csp-violation", "deprecation", "intervention"), fc.string()),
      body: fc.jsonValue({ maxDepth: 2 }),
    },
    { requiredKeys: [] },
  ),
  fc.jsonValue({ maxDepth: 2 }),
);
const reportingBody = fc.array(reportingEntry, { maxLength: 6 });

const bodyBytes = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc.string({ unit: "binary", maxLength: 300 }).map((text) => encoder.encode(text)),
  fc.oneof(legacyBody, reportingBody, fc.jsonValue()).map((value) => encoder.encode(JSON.stringify(value))),
  // Valid JSON with invalid UTF-8 inside a string.
  legacyBody.map((value) => {
    const text = encoder.encode(JSON.stringify(value));
    const broken = new Uint8Array(text.length + 1);
    broken.set(text);
    broken[text.length] = 0xff;
    return broken;
  }),
  fc.constant(new Uint8Array(maxCspReportBytes + 1).fill(0x20)),
);

function mediaTypeOf(type: string | undefined): string {
  return (type ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

function expectDocumentedShape(result: CspReportParseResult, type: string | undefined, body: Uint8Array): void {
  if (!result.ok) {
    expect([400, 413, 415]).toContain(result.status);
    expect(typeof result.detail).toBe("string");
    expect(result.detail.length).toBeGreaterThan(0);
    expect(Object.keys(result).sort()).toEqual(["detail", "ok", "status"]);
    return;
  }
  expect(body.byteLength).toBeLessThanOrEqual(maxCspReportBytes);
  expect(mediaTypes).toContain(mediaTypeOf(type));
  const expectedFormat = mediaTypeOf(type) === "application/reports+json" ? "report-to" : "report-uri";
  if (expectedFormat === "report-uri") expect(result.reports).toHaveLength(1);
  for (const report of result.reports) {
    expect(report.format).toBe(expectedFormat);
    for (const value of [report.directive, report.blockedUri, report.documentUri, report.disposition])
      expect(typeof value).toBe("string");
    if (report.source !== undefined) expect(report.source).not.toBe("");
  }
}

describe("parseCspReportBody and formatCspReport (fast-check)", () => {
  it("arbitrary content types and bodies: never throws, returns a documented result, formats as one clean line", () => {
    fc.assert(
      fc.property(contentType, bodyBytes, (type, body) => {
        const result = parseCspReportBody(type, body);
        expectDocumentedShape(result, type, body);
        if (body.byteLength > maxCspReportBytes) expect(result).toMatchObject({ ok: false, status: 413 });
        else if (!mediaTypes.includes(mediaTypeOf(type))) expect(result).toMatchObject({ ok: false, status: 415 });
        if (result.ok) {
          for (const report of result.reports) {
            const line = formatCspReport(report);
            expect(line).not.toMatch(/[\r\n]/);
            expect(line).not.toMatch(controlOrSeparator);
            expect(line.startsWith("CSP ")).toBe(true);
          }
        }
      }),
      { numRuns: 600 },
    );
  });

  it("well-formed reports keep their string fields, and their formatted line is one clean line", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 400 }), fc.string({ unit: "binary", maxLength: 80 }), hostileText(400)),
        fc.oneof(fc.string({ unit: "binary", maxLength: 80 }), hostileText(40)),
        (blocked, directive) => {
          const legacy = parseCspReportBody(
            "application/csp-report",
            encoder.encode(
              JSON.stringify({
                "csp-report": { "blocked-uri": blocked, "effective-directive": directive, "source-file": blocked },
              }),
            ),
          );
          const modern = parseCspReportBody(
            "application/reports+json",
            encoder.encode(
              JSON.stringify([
                {
                  type: "csp-violation",
                  body: { blockedURL: blocked, effectiveDirective: directive, disposition: directive },
                },
              ]),
            ),
          );
          for (const result of [legacy, modern]) {
            expect(result.ok).toBe(true);
            if (!result.ok) continue;
            expect(result.reports).toHaveLength(1);
            const report = result.reports[0]!;
            expect(report.blockedUri).toBe(blocked);
            expect(report.directive).toBe(directive);
            const line = formatCspReport(report);
            expect(line).not.toMatch(controlOrSeparator);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
