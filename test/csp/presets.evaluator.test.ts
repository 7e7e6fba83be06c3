// Google's CSP Evaluator as an independent oracle for the policies the presets produce.
import { CspEvaluator } from "csp_evaluator/dist/evaluator.js";
import { Severity, Type } from "csp_evaluator/dist/finding.js";
import { CspParser } from "csp_evaluator/dist/parser.js";
import { describe, expect, it } from "vitest";
import { buildCsp, liveChatSnippet, parseCsp, presets } from "../../components/csp/index.ts";

interface Seen {
  type: string;
  directive: string;
  severity: string;
  value: string | undefined;
}

function evaluate(header: string): Seen[] {
  const findings = new CspEvaluator(new CspParser(header).csp).evaluate();
  return findings.map((f) => ({
    type: Type[f.type] ?? String(f.type),
    directive: f.directive,
    severity: Severity[f.severity] ?? String(f.severity),
    value: f.value,
  }));
}

// Every finding we accept is SCRIPT_ALLOWLIST_BYPASS / MEDIUM_MAYBE on script-src: the
// evaluator knows no JSONP or AngularJS bypass on these hosts ("No bypass found") and asks a
// human to make sure the host serves none. 'self' is the site's own choice from the baseline;
// the Infobip and Userpilot hosts serve only the vendors' widget code, and a host allowlist is
// inherent to loading a third-party widget without 'strict-dynamic'.
const allowlist = (value: string): Seen => ({
  type: "SCRIPT_ALLOWLIST_BYPASS",
  directive: "script-src",
  severity: "MEDIUM_MAYBE",
  value,
});

describe("CSP Evaluator oracle", () => {
  it("the default Infobip policy has no HIGH finding, only the accepted allowlist notes", () => {
    const findings = evaluate(buildCsp({ presets: [presets.infobipLiveChat()] }).header);
    expect(findings.filter((f) => f.severity === "HIGH" || f.severity === "HIGH_MAYBE")).toEqual([]);
    expect(findings).toEqual([
      allowlist("'self'"),
      allowlist("https://*.infobip.com"),
      allowlist("https://*.infobip.net"),
    ]);
  });

  it("precise mode narrows the notes to the widget hosts (global and the account's region)", () => {
    const findings = evaluate(
      buildCsp({ presets: [presets.infobipLiveChat({ precise: true, region: "fr", defaultIcon: true })] }).header,
    );
    expect(findings).toEqual([
      allowlist("'self'"),
      allowlist("https://livechat.infobip.com"),
      allowlist("https://livechat-fr.infobip.com"),
    ]);
  });

  it("Infobip + Userpilot (short and detailed) have no HIGH finding", () => {
    expect(evaluate(buildCsp({ presets: [presets.infobipLiveChat(), presets.userpilot()] }).header)).toEqual([
      allowlist("'self'"),
      allowlist("https://*.infobip.com"),
      allowlist("https://*.infobip.net"),
      allowlist("https://*.userpilot.io"),
    ]);
    expect(
      evaluate(buildCsp({ presets: [presets.infobipLiveChat(), presets.userpilot({ detailed: true })] }).header),
    ).toEqual([
      allowlist("'self'"),
      allowlist("https://*.infobip.com"),
      allowlist("https://*.infobip.net"),
      allowlist("https://js.userpilot.io"),
      allowlist("https://deploy.userpilot.io"),
    ]);
  });

  it("the inlined Live Chat snippet by hash adds no finding", () => {
    const { script } = liveChatSnippet({ widgetId: "w-1" });
    const findings = evaluate(buildCsp({ presets: [presets.infobipLiveChat()], inlineScripts: [script] }).header);
    expect(findings.filter((f) => f.severity === "HIGH" || f.severity === "HIGH_MAYBE")).toEqual([]);
  });

  it("the oracle does flag what the presets avoid: Userpilot's seed policy with script 'unsafe-inline'", () => {
    const seed =
      "default-src 'self'; script-src 'self' https://*.userpilot.io 'unsafe-inline'; object-src 'none'; base-uri 'self'";
    expect(evaluate(seed)).toContainEqual({
      type: "SCRIPT_UNSAFE_INLINE",
      directive: "script-src",
      severity: "HIGH",
      value: "'unsafe-inline'",
    });
  });

  it.each([
    ["script-src 'self' data: * http: 'unsafe-inline'; object-src *; frame-ancestors 'self'"],
    ["default-src *; frame-ancestors 'none'"],
    ["default-src 'self' https: 'unsafe-inline'; object-src 'none'; frame-ancestors 'self'"],
    ["default-src 'self'; script-src https: data:; object-src http:; frame-ancestors 'self'"],
  ])("every HIGH finding about script-src, object-src or default-src in %j has a warning from buildCsp", (policy) => {
    const high = evaluate(policy).filter(
      (f) =>
        (f.severity === "HIGH" || f.severity === "HIGH_MAYBE") &&
        ["script-src", "object-src", "default-src"].includes(f.directive) &&
        f.value !== undefined,
    );
    expect(high.length).toBeGreaterThan(0);
    const { warnings } = buildCsp({ base: parseCsp(policy) });
    for (const finding of high) {
      expect(
        warnings.some((w) => w.startsWith(`${finding.directive}: ${finding.value ?? ""} `)),
        `${finding.type} ${finding.directive} ${finding.value ?? ""}`,
      ).toBe(true);
    }
  });
});
