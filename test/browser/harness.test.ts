// Self-test of the reusable browser harness (test/support/browser) on the paths the end-to-end
// test relies on beyond csp.test.ts: proxying the site to a local upstream, a custom WebSocket
// handler, recorded request bodies, and both CSP report formats.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import {
  browserSuiteGuard,
  hostResolverRules,
  launchChromium,
  newRecordingPage,
  parseCspReports,
  readCspViolations,
  startSite,
  startVendorStandIn,
  type RecordingPage,
  type Site,
  waitUntil,
  type VendorStandIn,
} from "../support/browser/index.ts";

const missing = browserSuiteGuard();

describe("harness pure parts", () => {
  it("parses a Reporting API batch and ignores non-CSP reports", () => {
    const body = JSON.stringify([
      { type: "deprecation", body: {} },
      {
        type: "csp-violation",
        body: { blockedURL: "https://evil.example/x.js", effectiveDirective: "script-src-elem", disposition: "enforce", documentURL: "https://www.shop.test/" },
      },
    ]);
    expect(parseCspReports("application/reports+json", body).map((r) => [r.format, r.blockedUri, r.effectiveDirective])).toEqual([
      ["report-to", "https://evil.example/x.js", "script-src-elem"],
    ]);
  });

  it("maps vendor hosts to the vendor port, the site to the site port, and nothing else anywhere", () => {
    const rules = hostResolverRules({ vendorPort: 1111, sitePort: 2222 });
    expect(rules).toContain("MAP *.infobip.com 127.0.0.1:1111");
    expect(rules).toContain("MAP www.shop.test 127.0.0.1:2222");
    expect(rules.indexOf("MAP * ~NOTFOUND")).toBeGreaterThan(rules.indexOf("MAP *.shop.test"));
  });
});

describe.skipIf(missing !== undefined)("harness in Chromium", () => {
  let upstream: Server;
  let vendor: VendorStandIn;
  let site: Site;
  let browser: Browser;
  let session: RecordingPage | undefined;
  const upstreamReports: string[] = [];

  const page =
    "<!doctype html><title>dev</title><script>" +
    "window.done = new Promise((resolve) => {" +
    "const ws = new WebSocket('wss://livechat-fr.infobip.com/chat');" +
    "ws.onopen = () => ws.send(JSON.stringify({ type: 'auth', token: 't0k' }));" +
    "ws.onmessage = (e) => fetch('https://api-fr.infobip.com/session', { method: 'POST', body: e.data })" +
    ".then((r) => r.json()).then(resolve, (err) => resolve(String(err)));" +
    "});</script>";

  beforeAll(async () => {
    // Stands in for the `npm start` dev server: plain HTTP on 127.0.0.1, its own CSP and report collector.
    upstream = createServer((req, res) => {
      if (req.method === "POST" && req.url === "/csp-report") {
        let body = "";
        req.on("data", (c: Buffer) => (body += c.toString("utf8")));
        req.on("end", () => {
          upstreamReports.push(body);
          res.writeHead(204).end();
        });
        return;
      }
      res.writeHead(200, {
        "content-type": "text/html",
        "content-security-policy":
          "default-src 'self'; script-src 'unsafe-inline'; connect-src https://*.infobip.com wss://*.infobip.com; img-src 'self'; report-uri /csp-report",
        "x-upstream": "dev-server",
      });
      res.end(page + "<img src='https://d9.cloudfront.net/infobiplivechat-configuration/x.png'>");
    });
    await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
    vendor = await startVendorStandIn({
      onWebSocket: (_socket, { send }) => send(JSON.stringify({ type: "hello" })),
    });
    site = await startSite({ proxyTo: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}` });
    browser = await launchChromium({ vendorPort: vendor.port, sitePort: site.port });
  });

  afterEach(async () => {
    await session?.close();
    session = undefined;
  });

  afterAll(async () => {
    await browser?.close();
    await vendor?.close();
    await site?.close();
    await new Promise<void>((resolve) => (upstream ? upstream.close(() => resolve()) : resolve()));
  });

  it("proxies the site to the upstream, records WebSocket messages and request bodies, forwards reports", async () => {
    session = await newRecordingPage(browser);
    const response = await session.page.goto("https://www.shop.test/");
    expect(response?.headers()["x-upstream"]).toBe("dev-server");

    expect(await session.page.evaluate(() => (window as unknown as { done: Promise<unknown> }).done)).toEqual({
      ok: true,
      host: "api-fr.infobip.com",
      path: "/session",
    });
    expect(vendor.webSocketMessages.map((m) => [m.host, m.direction, m.data])).toEqual([
      ["livechat-fr.infobip.com", "out", '{"type":"hello"}'],
      ["livechat-fr.infobip.com", "in", '{"type":"auth","token":"t0k"}'],
    ]);
    const post = await vendor.waitForRequest((r) => r.method === "POST" && r.path === "/session");
    expect([post.host, post.body, post.headers.origin]).toEqual(["api-fr.infobip.com", '{"type":"hello"}', "https://www.shop.test"]);

    // img-src 'self' blocks the CloudFront icon: reported to the upstream's own collector via the proxy.
    const [violation] = await readCspViolations(session.page);
    expect([violation?.blockedURI, violation?.effectiveDirective]).toEqual([
      "https://d9.cloudfront.net/infobiplivechat-configuration/x.png",
      "img-src",
    ]);
    const [report] = await waitUntil(() => upstreamReports.length > 0 && upstreamReports, { what: "a report at the upstream" });
    expect(parseCspReports("application/csp-report", report ?? "{}").map((r) => r.blockedUri)).toEqual([
      "https://d9.cloudfront.net/infobiplivechat-configuration/x.png",
    ]);
    expect(site.reports).toEqual([]);
  });

  it("hosts outside the mapping never resolve (no request leaves the machine)", async () => {
    session = await newRecordingPage(browser);
    site.setPage("/no-csp", { body: "<!doctype html><title>no csp</title>" }); // only name resolution can stop the fetch
    await session.page.goto("https://www.shop.test/no-csp");
    const reach = (url: string) =>
      session!.page.evaluate(
        (u) => fetch(u, { mode: "no-cors" }).then(() => "reached", () => "unreachable"),
        url,
      );
    expect(await reach("https://example.com/")).toBe("unreachable");
    expect(await reach("https://livechat.infobip.com/widget.js")).toBe("reached");
  });
});
