// Firefox: Debian's firefox-esr driven by puppeteer-core over WebDriver BiDi (Playwright's Firefox
// needs its own patched build). Host mapping: an inline PAC file sends every request to the local
// CONNECT proxy (hostProxy.ts), which tunnels the mapped hosts to the stand-ins and refuses the
// rest; `acceptInsecureCerts` accepts the stand-ins' certificate for https and wss. Violations: a
// BiDi preload script installs the recorder in every frame before the page's own scripts.
import puppeteer from "puppeteer-core";
import { enginePaths } from "./engines.ts";
import { hostRoutes, type HostMapOptions } from "./hostMap.ts";
import { startHostProxy } from "./hostProxy.ts";
import { browserPage, type BrowserPage, type PageFunction } from "./page.ts";
import type { BrowserSession } from "./session.ts";
import { installViolationRecorder, violationsInFrames } from "./violations.ts";

/** Firefox prefs: every URL through the proxy (no DIRECT fallback), and no calls home. */
export function firefoxPrefs(proxyPort: number): Record<string, string | number | boolean> {
  const pac = `function FindProxyForURL(url, host) { return "PROXY 127.0.0.1:${proxyPort}"; }`;
  return {
    "network.proxy.type": 2,
    "network.proxy.autoconfig_url": `data:application/x-ns-proxy-autoconfig,${encodeURIComponent(pac)}`,
    "network.proxy.failover_direct": false,
    "network.trr.mode": 5,
    "network.dns.disablePrefetch": true,
    "network.prefetch-next": false,
    "browser.safebrowsing.malware.enabled": false,
    "browser.safebrowsing.phishing.enabled": false,
    "app.update.enabled": false,
    "datareporting.policy.dataSubmissionEnabled": false,
    "toolkit.telemetry.enabled": false,
  };
}

export async function launchFirefox(options: HostMapOptions): Promise<BrowserSession> {
  const proxy = await startHostProxy(hostRoutes(options));
  const browser = await puppeteer
    .launch({
      browser: "firefox",
      executablePath: enginePaths().firefox,
      headless: true,
      acceptInsecureCerts: true,
      defaultViewport: { width: 1280, height: 800 },
      timeout: 30_000,
      // No single protocol command may hang a test (puppeteer's default is 180 s).
      protocolTimeout: 30_000,
      // Without it Firefox keeps calling its remote-settings servers.
      env: { ...process.env, MOZ_REMOTE_SETTINGS_DEVTOOLS: "1" },
      extraPrefsFirefox: firefoxPrefs(proxy.port),
    })
    .catch(async (error: unknown) => {
      await proxy.close();
      throw error;
    });
  const version = (await browser.version()).replace("/", " ");
  return {
    engine: "firefox",
    version,
    async newPage(): Promise<BrowserPage> {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      await page.evaluateOnNewDocument(installViolationRecorder);
      const consoleErrors: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error") consoleErrors.push(message.text());
      });
      // Firefox's own CSP and CORS reports arrive as error log entries, not console calls.
      page.on("pageerror", (error) => consoleErrors.push(error instanceof Error ? error.message : String(error)));
      return browserPage("firefox", {
        goto: async (url) => {
          await page.goto(url, { waitUntil: "load" });
        },
        // Arguments and results travel as JSON; the page function sees exactly `arg`.
        evaluate: <A, R>(fn: PageFunction<A, R>, arg: A) =>
          page.evaluate(fn as (arg: unknown) => unknown, arg as unknown) as Promise<R>,
        click: (selector) => page.click(selector),
        fill: async (selector, value) => {
          await page.locator(selector).fill(value);
        },
        selectOption: async (selector, value) => {
          const selected = await page.select(selector, value);
          if (!selected.includes(value)) throw new Error(`firefox: ${selector} has no option ${value}`);
        },
        screenshot: async (path) => {
          await page.screenshot({ path: path as `${string}.png`, fullPage: true });
        },
        violations: () => violationsInFrames(page.frames()),
        consoleErrors,
        close: () => context.close(),
      });
    },
    close: async () => {
      await browser.close();
      await proxy.close();
    },
  };
}
