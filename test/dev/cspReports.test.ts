// POST /csp-report: both wire formats parsed and logged one line each; garbage and oversize bodies
// refused with 400/413/415 without taking the server down.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  cspReportRoute,
  type CspViolationReport,
  formatCspReport,
  maxCspReportBytes,
  maxCspReportsPrinted,
  parseCspReportBody,
} from "../../dev/cspReports.ts";
import type { DevServer } from "../../dev/server.ts";
import { postOversize, rawRequest, startTestDevServer } from "../support/devServer.ts";

const bytes = (text: string) => new TextEncoder().encode(text);

// As Chromium sends them (report-uri, then Reporting API).
const legacyBody = JSON.stringify({
  "csp-report": {
    "document-uri": "https://www.shop.test/",
    referrer: "",
    "violated-directive": "script-src-elem",
    "effective-directive": "script-src-elem",
    "original-policy": "default-src 'self'; report-uri /csp-report",
    disposition: "enforce",
    "blocked-uri": "https://evil.example/x.js",
    "status-code": 200,
    "script-sample": "",
  },
});
const reportingApiBody = JSON.stringify([
  { type: "deprecation", age: 1, url: "https://www.shop.test/", body: { id: "x" } },
  {
    type: "csp-violation",
    age: 2,
    url: "https://www.shop.test/",
    user_agent: "Chromium",
    body: {
      documentURL: "https://www.shop.test/",
      blockedURL: "inline",
      effectiveDirective: "script-src-elem",
      disposition: "report",
      sourceFile: "https://www.shop.test/",
      lineNumber: 12,
      statusCode: 200,
    },
  },
]);

describe("parseCspReportBody", () => {
  it("parses a report-uri body", () => {
    expect(parseCspReportBody("application/csp-report", bytes(legacyBody))).toEqual({
      ok: true,
      reports: [
        {
          format: "report-uri",
          directive: "script-src-elem",
          blockedUri: "https://evil.example/x.js",
          documentUri: "https://www.shop.test/",
          disposition: "enforce",
        },
      ],
    });
  });

  it("parses a Reporting API batch, keeping only CSP violations", () => {
    expect(parseCspReportBody("application/reports+json; charset=utf-8", bytes(reportingApiBody))).toEqual({
      ok: true,
      reports: [
        {
          format: "report-to",
          directive: "script-src-elem",
          blockedUri: "inline",
          documentUri: "https://www.shop.test/",
          disposition: "report",
          source: "https://www.shop.test/:12",
        },
      ],
    });
  });

  it("falls back to violated-directive when effective-directive is missing", () => {
    const result = parseCspReportBody(
      "application/csp-report",
      bytes(JSON.stringify({ "csp-report": { "violated-directive": "img-src" } })),
    );
    expect(result.ok && result.reports[0]?.directive).toBe("img-src");
  });

  it.each([
    ["application/csp-report", "not json", 400],
    ["application/csp-report", "[]", 400],
    ["application/csp-report", '{"csp-report": "x"}', 400],
    ["application/reports+json", "{}", 400],
    ["application/reports+json", "[1]", 400],
    ["application/reports+json", '[{"type":"csp-violation"}]', 400],
    ["text/plain", legacyBody, 415],
    [undefined, legacyBody, 415],
  ])("%s %s → %i", (contentType, body, status) => {
    expect(parseCspReportBody(contentType, bytes(body))).toMatchObject({ ok: false, status });
  });

  it("refuses invalid UTF-8 and oversize bodies", () => {
    expect(parseCspReportBody("application/csp-report", new Uint8Array([0x7b, 0xff, 0x7d]))).toMatchObject({
      ok: false,
      status: 400,
    });
    expect(parseCspReportBody("application/csp-report", new Uint8Array(maxCspReportBytes + 1))).toMatchObject({
      ok: false,
      status: 413,
    });
  });
});

describe("formatCspReport", () => {
  const report: CspViolationReport = {
    format: "report-uri",
    directive: "img-src",
    blockedUri: "https://x.example/a.png",
    documentUri: "https://www.shop.test/",
    disposition: "enforce",
  };

  it("says what was blocked where, on one line", () => {
    expect(formatCspReport(report)).toBe(
      "CSP enforce: img-src blocked https://x.example/a.png on https://www.shop.test/ (report-uri)",
    );
    expect(
      formatCspReport({
        ...report,
        disposition: "report",
        source: "https://www.shop.test/app.js:3",
        format: "report-to",
      }),
    ).toBe(
      "CSP report: img-src would block https://x.example/a.png on https://www.shop.test/ at https://www.shop.test/app.js:3 (report-to)",
    );
  });

  it.each([
    ["U+202E right-to-left override", "\u202e", "\\u202e"],
    ["U+2066 left-to-right isolate", "\u2066", "\\u2066"],
    ["U+200B zero-width space", "\u200b", "\\u200b"],
    ["U+FEFF byte order mark", "\ufeff", "\\ufeff"],
    ["U+E0041 tag letter (outside the BMP)", "\u{e0041}", "\\u{e0041}"],
    ["U+034F combining grapheme joiner", "\u034f", "\\u034f"],
    ["U+3164 Hangul filler", "\u3164", "\\u3164"],
    ["a lone surrogate", "\ud800", "\\ud800"],
  ])("escapes %s, which would reorder or hide text on the terminal", (_name, char, escaped) => {
    const line = formatCspReport({
      ...report,
      blockedUri: `https://x.example/${char}gnp.exe`,
      documentUri: `https://www.shop.test/${char}`,
    });
    expect(line).not.toContain(char);
    expect(line).toContain(`https://x.example/${escaped}gnp.exe`);
  });

  it("shortens a long value without splitting a character in two", () => {
    const line = formatCspReport({ ...report, blockedUri: `${"a".repeat(299)}\u{1f600}tail` });
    expect(line).toContain(`${"a".repeat(299)}…`);
    expect(line).not.toMatch(/[\uD800-\uDFFF](?![\uDC00-\uDFFF])/u);
  });

  it("escapes control characters and bounds long values (no forged log lines)", () => {
    const line = formatCspReport({ ...report, blockedUri: `https://x.example/\n[INFO] forged${"a".repeat(1000)}` });
    expect(line).not.toContain("\n");
    expect(line).toContain("\\u000a[INFO] forged");
    expect(line.length).toBeLessThan(500);
  });
});

describe("POST /csp-report on the dev server", () => {
  let server: DevServer;
  const lines: string[] = [];
  const received: CspViolationReport[] = [];

  beforeAll(async () => {
    server = await startTestDevServer({
      extraRoutes: [cspReportRoute({ log: (line) => lines.push(line), onReport: (r) => received.push(r) })],
    });
  });
  afterAll(async () => {
    await server.close();
  });

  const post = (contentType: string, body: string) =>
    fetch(`${server.url}/csp-report`, { method: "POST", headers: { "content-type": contentType }, body });

  it("answers 204 and logs each violation of both formats", async () => {
    lines.length = 0;
    expect((await post("application/csp-report", legacyBody)).status).toBe(204);
    expect((await post("application/reports+json", reportingApiBody)).status).toBe(204);
    expect(lines).toEqual([
      "CSP enforce: script-src-elem blocked https://evil.example/x.js on https://www.shop.test/ (report-uri)",
      "CSP report: script-src-elem would block inline on https://www.shop.test/ at https://www.shop.test/:12 (report-to)",
    ]);
    expect(received.map((r) => r.format)).toEqual(["report-uri", "report-to"]);
  });

  it("labels a report without a disposition (WebKit's report-uri bodies) with the policy the server sends", async () => {
    const withoutDisposition = JSON.stringify({
      "csp-report": {
        "document-uri": "https://www.shop.test/",
        "effective-directive": "script-src-elem",
        "blocked-uri": "https://evil.example/x.js",
      },
    });
    expect(parseCspReportBody("application/csp-report", bytes(withoutDisposition))).toMatchObject({
      ok: true,
      reports: [{ disposition: "" }],
    });
    const reportOnly = await startTestDevServer({
      extraRoutes: [cspReportRoute({ disposition: "report", log: (line) => lines.push(line) })],
    });
    try {
      lines.length = 0;
      const answer = await fetch(`${reportOnly.url}/csp-report`, {
        method: "POST",
        headers: { "content-type": "application/csp-report" },
        body: withoutDisposition,
      });
      expect(answer.status).toBe(204);
      expect(lines).toEqual([
        "CSP report: script-src-elem would block https://evil.example/x.js on https://www.shop.test/ (report-uri)",
      ]);
      lines.length = 0;
      expect((await post("application/csp-report", withoutDisposition)).status).toBe(204);
      expect(lines).toEqual([
        "CSP enforce: script-src-elem blocked https://evil.example/x.js on https://www.shop.test/ (report-uri)",
      ]);
    } finally {
      await reportOnly.close();
    }
  });

  it("takes reports posted with Origin: null, as WebKit sends them, but only for its own Host", async () => {
    lines.length = 0;
    const fromWebKit = await fetch(`${server.url}/csp-report`, {
      method: "POST",
      headers: { "content-type": "application/csp-report", origin: "null" },
      body: legacyBody,
    });
    expect(fromWebKit.status).toBe(204);
    expect(lines).toHaveLength(1);
    const token = await fetch(`${server.url}/token`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "null" },
      body: "{}",
    });
    expect(token.status).toBe(403);
    const { port } = new URL(server.url);
    const rebound = await rawRequest(
      `${server.url}/csp-report`,
      "POST",
      { host: `rebind.attacker.example:${port}`, "content-type": "application/csp-report", origin: "null" },
      legacyBody,
    );
    expect(rebound.status).toBe(421);
    expect(lines).toHaveLength(1);
  });

  it("refuses garbage with 400 and 415, logging nothing", async () => {
    lines.length = 0;
    const garbage = await post("application/csp-report", "{{{");
    expect(garbage.status).toBe(400);
    expect(garbage.headers.get("content-type")).toBe("application/problem+json");
    expect((await post("text/plain", legacyBody)).status).toBe(415);
    expect(lines).toEqual([]);
  });

  it("prints at most maxCspReportsPrinted violations of one request, then says how many it dropped", async () => {
    lines.length = 0;
    received.length = 0;
    // The review's body: 63 KB of minimal csp-violation entries, which printed 1,801 lines.
    const entry = '{"type":"csp-violation","body":{}}';
    const count = Math.floor((63 * 1024 - 2) / (entry.length + 1));
    const body = `[${Array.from({ length: count }, () => entry).join(",")}]`;
    expect(body.length).toBeLessThanOrEqual(maxCspReportBytes);
    expect((await post("application/reports+json", body)).status).toBe(204);
    expect(lines.length).toBe(maxCspReportsPrinted + 1);
    expect(lines.at(-1)).toBe(
      `CSP: ${count - maxCspReportsPrinted} more violation reports in this request were not printed (at most ${maxCspReportsPrinted} per request).`,
    );
    expect(received.length).toBe(count);
  });

  it("refuses an oversize body with 413 without reading all of it, and keeps serving", async () => {
    expect(await postOversize(`${server.url}/csp-report`, "application/csp-report", 1024 * 1024)).toBe(413);
    expect((await post("application/csp-report", legacyBody)).status).toBe(204);
  });
});
