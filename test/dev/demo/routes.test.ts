// The demo page served by `npm start`: the CloudFront policy's exact headers, the hashed install
// snippet as the only inline code, the placeholder banner (settings: settings.test.ts; HTML escaping: page.test.ts).
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { buildCsp, CspError, presets } from "../../../components/csp/index.ts";
import { securityHeadersFromArgs } from "../../../components/cspPolicy.ts";
import { createDemo } from "../../../dev/demo/routes.ts";
import { demoCspArgs, demoSettingsFromEnv, type DemoSettings } from "../../../dev/demo/settings.ts";
import type { DevServer } from "../../../dev/server.ts";
import { refusal } from "../../support/cspRefusal.ts";
import { startTestDevServer } from "../../support/devServer.ts";

const widgetId = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
const real: DemoSettings = { widgetId, placeholder: false, userpilot: false, reportOnly: false };

/** sha256 of the exact text between <script> and </script>, computed here with node:crypto. */
function sha256Source(text: string): string {
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

function inlineScripts(html: string): string[] {
  return [...html.matchAll(/<script(?<attrs>[^>]*)>(?<body>[\s\S]*?)<\/script>/g)]
    .filter((m) => !/\bsrc=/.test(m.groups?.["attrs"] ?? ""))
    .map((m) => m.groups?.["body"] ?? "");
}

describe("the page", () => {
  it.each([
    ["enforced", real],
    ["report-only, region fr, Userpilot", { ...real, region: "fr", userpilot: true, reportOnly: true }],
  ])("%s: headers are exactly securityHeadersFromArgs for the same args", (_label, settings) => {
    const demo = createDemo({ settings });
    expect(demo.headers).toEqual(securityHeadersFromArgs(demo.cspArgs));
    expect(demo.headers[demo.cspHeaderName]).toBe(demo.cspHeaderValue);
    expect(demo.cspHeaderName).toBe(
      settings.reportOnly ? "Content-Security-Policy-Report-Only" : "Content-Security-Policy",
    );
    expect(demo.cspHeaderValue).toContain("report-uri /csp-report");
  });

  it("has exactly one inline script, the install snippet, and its hash is in script-src", () => {
    const demo = createDemo({ settings: { ...real, region: "fr" } });
    const scripts = inlineScripts(demo.html);
    expect(scripts).toEqual([demo.snippet.script]);
    expect(scripts[0]).toContain("https://livechat-fr.infobip.com/widget.js");
    expect(scripts[0]).toContain(`liveChat('init', '${widgetId}')`);
    const scriptSrc = demo.cspHeaderValue.split("; ").find((d) => d.startsWith("script-src "));
    expect(scriptSrc?.split(" ")).toContain(sha256Source(scripts[0] ?? ""));
    expect(scriptSrc?.split(" ")).not.toContain("'unsafe-inline'");
  });

  it("has no inline style attributes or event handlers; its script and styles are same-origin files", () => {
    const { html } = createDemo({ settings: real });
    expect(html).not.toMatch(/\sstyle=/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    // Before the snippet, undeferred: it must see widget.js fail to load.
    expect(html).toContain(`<script src="/demo.js"></script>\n<script>`);
    expect(html).toContain('<link rel="stylesheet" href="/demo.css">');
  });

  it("shows the placeholder banner only for the placeholder widget", () => {
    const placeholder = createDemo({ settings: demoSettingsFromEnv({}) }).html;
    expect(placeholder).toContain('id="placeholder-banner"');
    expect(placeholder).toContain("set LIVECHAT_WIDGET_ID");
    expect(createDemo({ settings: real }).html).not.toContain("placeholder-banner");
  });

  it("refuses a widget ID that could break out of the snippet or the page", () => {
    for (const bad of ["x');alert(1);('", "<script>", "a b", ""]) {
      expect(() => createDemo({ settings: { ...real, widgetId: bad } })).toThrow(CspError);
      const refused = refusal(() => createDemo({ settings: { ...real, widgetId: bad } }));
      expect(refused).toMatchObject({ code: "invalid-widget-id", directive: "widgetId" });
    }
    const region = refusal(() => createDemo({ settings: { ...real, region: "fr.evil.example" } }));
    expect(region).toMatchObject({ code: "invalid-region", directive: "region" });
    expect(() => createDemo({ settings: { ...real, region: "fr.evil.example" } })).toThrow(/invalid Infobip region/);
  });
});

describe("the header length npm start prints, against the README's table", () => {
  it("is the wildcard header plus the snippet's hash and report-uri, as docs/csp.md explains with the same figures", () => {
    const wildcard = buildCsp({ presets: [presets.infobipLiveChat()] }).header;
    const demo = createDemo({ settings: real });
    const added = ` ${demo.snippet.hash}`.length + "; report-uri /csp-report".length;
    expect(demo.cspHeaderValue.length).toBe(wildcard.length + added);
    const doc = readFileSync(new URL("../../../docs/csp.md", import.meta.url), "utf8");
    for (const figure of [
      wildcard.length,
      demo.cspHeaderValue.length,
      ` ${demo.snippet.hash}`.length,
      "; report-uri /csp-report".length,
    ]) {
      expect(doc).toContain(String(figure));
    }
    expect(doc).toContain("L-E9944CCE");
  });
});

describe("served by the dev server", () => {
  let server: DevServer;
  const demo = createDemo({ settings: real, reportLog: () => {} });

  beforeAll(async () => {
    server = await startTestDevServer({ widgetId, extraRoutes: demo.routes });
  });
  afterAll(async () => {
    await server.close();
  });

  it.each([
    ["/", "text/html; charset=utf-8"],
    ["/demo.js", "text/javascript; charset=utf-8"],
    ["/demo.css", "text/css; charset=utf-8"],
  ])("GET %s carries the policy's headers", async (path, contentType) => {
    const response = await fetch(`${server.url}${path}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(contentType);
    for (const [name, value] of Object.entries(securityHeadersFromArgs(demoCspArgs(real)))) {
      expect(response.headers.get(name), name).toBe(value);
    }
    const body = await response.text();
    if (path === "/") expect(body).toBe(demo.html);
    if (path === "/demo.js") expect(body).toContain('fetch("/demo/token"');
  });

  it("answers /favicon.ico with an empty 204 (no signer 404 in the log)", async () => {
    const response = await fetch(`${server.url}/favicon.ico`);
    expect([response.status, await response.text()]).toEqual([204, ""]);
  });

  it("gets the page its token through the backend shortcut, POST /demo/token (the signer itself wants SigV4)", async () => {
    const init = {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ sub: "alice@example.com", stp: "email" }),
    };
    const response = await fetch(`${server.url}/demo/token`, init);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { token: string }).token.split(".")).toHaveLength(3);
    expect((await fetch(`${server.url}/token`, init)).status).toBe(403);
  });
});
