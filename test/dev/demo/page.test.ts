// The demo page's HTML: every value it shows is escaped (the page-level rules, one inline script and
// no inline styles or handlers, are checked on the built demo in routes.test.ts).
import { describe, expect, it } from "vitest";
import { escapeHtml, renderDemoPage } from "../../../dev/demo/page.ts";
import type { DemoSettings } from "../../../dev/demo/settings.ts";

const widgetId = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
const real: DemoSettings = { widgetId, placeholder: false, userpilot: false, reportOnly: false };

describe("the page", () => {
  it("escapes every value it shows", () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;",
    );
    const html = renderDemoPage({
      settings: { ...real, widgetId: "<b>&" },
      snippet: "void 0",
      cspHeaderName: "Content-Security-Policy",
    });
    expect(html).toContain("<code>&lt;b&gt;&amp;</code>");
    expect(html).not.toContain("<b>&");
  });
});
