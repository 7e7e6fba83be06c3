// Self-test of the reusable browser harness (test/support/browser) on the paths the end-to-end
// tests rely on beyond csp.test.ts: the host mapping (resolver rules for Chromium, the CONNECT
// proxy for Firefox and WebKit), the document hold that lets WebKit record violations from the
// first byte, proxying the site to a local upstream, a custom WebSocket handler, recorded request
// bodies, and both CSP report formats, in every engine.
import { createServer, request, type Server } from "node:http";
import { request as httpsRequest } from "node:https";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  browserSuiteGuard,
  type Engine,
  holdNextDocument,
  holdPadding,
  hostResolverRules,
  hostRoutes,
  launchBrowser,
  parseCspReports,
  portFor,
  selectedEngines,
  startHostProxy,
  startSite,
  startVendorStandIn,
  type BrowserPage,
  type BrowserSession,
  type Site,
  waitUntil,
  type VendorStandIn,
} from "../support/browser/index.ts";

/** Sends `CONNECT authority` to the proxy; resolves with the status code, or "dropped" when the proxy hangs up. */
function connectThrough(proxyPort: number, authority: string): Promise<number | "dropped"> {
  return new Promise((resolve) => {
    const req = request({ host: "127.0.0.1", port: proxyPort, method: "CONNECT", path: authority });
    req.once("connect", (res, socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.once("error", () => resolve("dropped"));
    req.end();
  });
}

describe("harness pure parts", () => {
  it("parses a Reporting API batch and ignores non-CSP reports", () => {
    const body = JSON.stringify([
      { type: "deprecation", body: {} },
      {
        type: "csp-violation",
        body: {
          blockedURL: "https://evil.example/x.js",
          effectiveDirective: "script-src-elem",
          disposition: "enforce",
          documentURL: "https://www.shop.test/",
        },
      },
    ]);
    expect(
      parseCspReports("application/reports+json", body).map((r) => [r.format, r.blockedUri, r.effectiveDirective]),
    ).toEqual([["report-to", "https://evil.example/x.js", "script-src-elem"]]);
  });

  it("maps vendor hosts to the vendor port, the site to the site port, and nothing else anywhere (Chromium's rules)", () => {
    const rules = hostResolverRules({ vendorPort: 1111, sitePort: 2222 });
    expect(rules).toContain("MAP *.infobip.com 127.0.0.1:1111");
    expect(rules).toContain("MAP www.shop.test 127.0.0.1:2222");
    expect(rules.indexOf("MAP * ~NOTFOUND")).toBeGreaterThan(rules.indexOf("MAP *.shop.test"));
  });

  it("the same table, as the proxy reads it: sub-domains match a wildcard, its bare domain and look-alikes do not", () => {
    const routes = hostRoutes({ vendorPort: 1111, sitePort: 2222, extraHosts: { "signer.lambda-url.test": 3333 } });
    expect(
      [
        "livechat-fr.infobip.com",
        "a.b.infobip.net",
        "WWW.SHOP.TEST.",
        "evil.shop.test",
        "signer.lambda-url.test",
        "fonts.gstatic.com",
      ].map((h) => portFor(routes, h)),
    ).toEqual([1111, 1111, 2222, 2222, 3333, 1111]);
    expect(
      [
        "infobip.com",
        "infobip.com.evil.example",
        "xinfobip.com",
        "example.com",
        "localhost",
        "other.lambda-url.test",
      ].map((h) => portFor(routes, h)),
    ).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it("the CONNECT proxy tunnels a mapped host to its stand-in and drops every other host and plain HTTP", async () => {
    const upstream = createServer();
    upstream.on("connection", (socket) => socket.end("stand-in says hi"));
    await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
    const proxy = await startHostProxy(
      hostRoutes({ vendorPort: (upstream.address() as AddressInfo).port, sitePort: 1 }),
    );
    try {
      expect(await connectThrough(proxy.port, "livechat.infobip.com:443")).toBe(200);
      expect(await connectThrough(proxy.port, "example.com:443")).toBe("dropped");
      expect(await connectThrough(proxy.port, "127.0.0.1:22")).toBe("dropped");
      const plain = await new Promise<number | "dropped">((resolve) => {
        request({ host: "127.0.0.1", port: proxy.port, path: "http://example.com/" }, (res) =>
          resolve(res.statusCode ?? 0),
        )
          .once("error", () => resolve("dropped"))
          .end();
      });
      expect(plain).toBe("dropped");
      expect(proxy.refused).toEqual(["example.com:443", "127.0.0.1:22", "http://example.com/"]);
    } finally {
      await proxy.close();
      await new Promise<void>((resolve) => upstream.close(() => resolve()));
    }
  });

  it("a held document: the site sends the headers and the padding, and the page only after release", async () => {
    const site = await startSite();
    site.setPage("/held", { body: "<!doctype html><title>held</title><script>1</script>" });
    const hold = holdNextDocument("https://www.shop.test/held");
    const chunks: string[] = [];
    const done = new Promise<void>((resolve, reject) => {
      httpsRequest(
        {
          host: "127.0.0.1",
          port: site.port,
          path: "/held",
          headers: { host: "www.shop.test" },
          rejectUnauthorized: false,
        },
        (res) => {
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => chunks.push(chunk));
          res.on("end", () => resolve());
        },
      )
        .once("error", reject)
        .end();
    });
    try {
      await hold.held;
      await waitUntil(() => chunks.length > 0, { what: "the padding" });
      expect(chunks).toEqual([holdPadding]);
      hold.release();
      await done;
      expect(chunks.join("")).toBe(`${holdPadding}<!doctype html><title>held</title><script>1</script>`);
    } finally {
      hold.release();
      await site.close();
    }
  });
});

/**
 * Documented engine difference (docs/browsers.md): Firefox and WebKit apply the page's img-src to
 * /favicon.ico and report it as a violation in the page; headless Chromium loads no favicon.
 */
const faviconChecked: Readonly<Record<Engine, boolean>> = { chromium: false, firefox: true, webkit: true };

for (const engine of selectedEngines()) {
  const missing = browserSuiteGuard(engine);

  describe.skipIf(missing !== undefined)(`harness in ${engine}`, () => {
    let upstream: Server;
    let vendor: VendorStandIn;
    let site: Site;
    let browser: BrowserSession;
    let page: BrowserPage | undefined;
    const upstreamReports: string[] = [];

    const html =
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
        res.end(html + "<img src='https://d9.cloudfront.net/infobiplivechat-configuration/x.png'>");
      });
      await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
      vendor = await startVendorStandIn({
        onWebSocket: (_socket, { send }) => send(JSON.stringify({ type: "hello" })),
      });
      site = await startSite({ proxyTo: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}` });
      browser = await launchBrowser(engine, { vendorPort: vendor.port, sitePort: site.port });
    });

    afterEach(async () => {
      await page?.close();
      page = undefined;
    });

    afterAll(async () => {
      await browser?.close();
      await vendor?.close();
      await site?.close();
      await new Promise<void>((resolve) => (upstream ? upstream.close(() => resolve()) : resolve()));
    });

    it("proxies the site to the upstream, records WebSocket messages and request bodies, forwards reports", async () => {
      page = await browser.newPage();
      await page.goto("https://www.shop.test/");
      expect(
        site.exchanges.filter((e) => e.path === "/").map((e) => [e.status, e.responseHeaders["x-upstream"]]),
      ).toEqual([[200, "dev-server"]]);

      expect(await page.evaluate(() => (window as unknown as { done: Promise<unknown> }).done)).toEqual({
        ok: true,
        host: "api-fr.infobip.com",
        path: "/session",
      });
      expect(vendor.webSocketMessages.map((m) => [m.host, m.direction, m.data])).toEqual([
        ["livechat-fr.infobip.com", "out", '{"type":"hello"}'],
        ["livechat-fr.infobip.com", "in", '{"type":"auth","token":"t0k"}'],
      ]);
      const post = await vendor.waitForRequest((r) => r.method === "POST" && r.path === "/session");
      expect([post.host, post.body, post.headers.origin]).toEqual([
        "api-fr.infobip.com",
        '{"type":"hello"}',
        "https://www.shop.test",
      ]);

      // img-src 'self' blocks the CloudFront icon: reported to the upstream's own collector via the proxy.
      const [violation] = await page.violations();
      expect([violation?.blockedURI, violation?.effectiveDirective]).toEqual([
        "https://d9.cloudfront.net/infobiplivechat-configuration/x.png",
        "img-src",
      ]);
      const [report] = await waitUntil(() => upstreamReports.length > 0 && upstreamReports, {
        what: "a report at the upstream",
      });
      expect(parseCspReports("application/csp-report", report ?? "{}").map((r) => r.blockedUri)).toEqual([
        "https://d9.cloudfront.net/infobiplivechat-configuration/x.png",
      ]);
      expect(site.reports).toEqual([]);
    });

    it("records a violation caused by the page's very first script (the recorder is in before any page script)", async () => {
      site.setPage("/first", {
        body: "<!doctype html><title>first</title><script>new Image().src = 'https://evil.example/first.png';</script>",
        headers: { "content-security-policy": "default-src 'self'; script-src 'unsafe-inline'" },
      });
      page = await browser.newPage();
      await page.goto("https://www.shop.test/first");
      await page.waitForFunction(
        () => ((window as unknown as { __cspViolations?: unknown[] }).__cspViolations ?? []).length > 0,
        undefined,
      );
      expect((await page.violations()).map((v) => [v.blockedURI, v.effectiveDirective, v.disposition])).toEqual([
        ["https://evil.example/first.png", "img-src", "enforce"],
      ]);
    });

    it("the favicon: Firefox and WebKit check /favicon.ico against img-src (a violation in the page); headless Chromium asks for no favicon", async () => {
      site.reset(); // requests of the earlier tests' pages (their policies allow the favicon) are not this test's
      site.setPage("/no-images", {
        body: "<!doctype html><title>no images</title><h1>no images</h1>",
        headers: { "content-security-policy": "default-src 'none'" },
      });
      page = await browser.newPage();
      await page.goto("https://www.shop.test/no-images");
      // Settles on the first violation, or after 2 s without one (Chromium).
      await page
        .waitForFunction(
          () => ((window as unknown as { __cspViolations?: unknown[] }).__cspViolations ?? []).length > 0,
          undefined,
          { timeoutMs: 2_000 },
        )
        .catch(() => undefined);
      const expected = faviconChecked[engine] ? [["https://www.shop.test/favicon.ico", "img-src", "enforce"]] : [];
      expect((await page.violations()).map((v) => [v.blockedURI, v.effectiveDirective, v.disposition])).toEqual(
        expected,
      );
      expect(site.requestLog.filter((path) => path === "/favicon.ico")).toEqual([]);
    });

    it("hosts outside the mapping never resolve (no request leaves the machine)", async () => {
      page = await browser.newPage();
      site.setPage("/no-csp", { body: "<!doctype html><title>no csp</title>" }); // only the host mapping can stop the fetch
      await page.goto("https://www.shop.test/no-csp");
      const reach = (url: string) =>
        page!.evaluate(
          (u) =>
            fetch(u, { mode: "no-cors" }).then(
              () => "reached",
              () => "unreachable",
            ),
          url,
        );
      expect(await reach("https://example.com/")).toBe("unreachable");
      expect(await reach("https://livechat.infobip.com/widget.js")).toBe("reached");
    });
  });
}
