// Chromium: Debian's package driven by playwright-core. Host mapping: `--host-resolver-rules`
// (`MAP host 127.0.0.1:<port>` rewrites the port too, so a page still asks for port 443 on the real
// origin while the connection goes to the stand-in's ephemeral port). Violations: an init script
// installs the recorder in every frame before the page's own scripts.
import { chromium } from "playwright-core";
import { enginePaths } from "./engines.ts";
import { hostResolverRules, type HostMapOptions } from "./hostMap.ts";
import { browserPage, type BrowserPage, type PageFunction } from "./page.ts";
import type { BrowserSession } from "./session.ts";
import { installViolationRecorder, violationsInFrames } from "./violations.ts";

export function chromiumArgs(options: HostMapOptions): string[] {
  return [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--ignore-certificate-errors",
    `--host-resolver-rules=${hostResolverRules(options)}`,
  ];
}

export async function launchChromium(options: HostMapOptions): Promise<BrowserSession> {
  const browser = await chromium.launch({
    executablePath: enginePaths().chromium,
    args: chromiumArgs(options),
    timeout: 30_000,
  });
  return {
    engine: "chromium",
    version: `chromium ${browser.version()}`,
    async newPage(): Promise<BrowserPage> {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      context.setDefaultTimeout(15_000);
      await context.addInitScript(installViolationRecorder);
      const page = await context.newPage();
      const consoleErrors: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error") consoleErrors.push(message.text());
      });
      return browserPage("chromium", {
        goto: async (url) => {
          await page.goto(url, { waitUntil: "load" });
        },
        // Arguments and results travel as JSON; the page function sees exactly `arg`.
        evaluate: <A, R>(fn: PageFunction<A, R>, arg: A) =>
          page.evaluate(fn as (arg: unknown) => unknown, arg as unknown) as Promise<R>,
        click: (selector) => page.click(selector),
        fill: (selector, value) => page.fill(selector, value),
        selectOption: async (selector, value) => {
          await page.selectOption(selector, value);
        },
        screenshot: async (path) => {
          await page.screenshot({ path, fullPage: true });
        },
        violations: () => violationsInFrames(page.frames()),
        consoleErrors,
        close: () => context.close(),
      });
    },
    close: () => browser.close(),
  };
}
