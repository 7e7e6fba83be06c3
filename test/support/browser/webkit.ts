// WebKit: Debian's webkit2gtk-driver (WebKitWebDriver) driving WebKitGTK's MiniBrowser under a
// private Xvfb (MiniBrowser has no headless mode), over classic W3C WebDriver (no BiDi here).
// Host mapping: MiniBrowser's `--proxy` to the local CONNECT proxy (the WebDriver `proxy`
// capability leaves the page at about:blank); `acceptInsecureCerts` covers https and wss.
// Violations: there are no preload scripts, so `goto` opens the page with page-load strategy
// "none", has the site hold the document after its first bytes (documentHold.ts), installs the
// recorder into the new, empty document, and only then lets the page's bytes through.
// One WebDriver session (one MiniBrowser process, a fresh ephemeral profile) per page.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { startHelper, startXvfb, xvfbScreen } from "./childProcess.ts";
import { holdNextDocument } from "./documentHold.ts";
import { enginePaths } from "./engines.ts";
import { hostRoutes, type HostMapOptions } from "./hostMap.ts";
import { startHostProxy } from "./hostProxy.ts";
import { browserPage, type BrowserPage, type PageDriver, type PageFunction } from "./page.ts";
import type { BrowserSession } from "./session.ts";
import { installViolationRecorder, recordedViolations } from "./violations.ts";
import { newWebDriverSession, waitForWebDriver, WebDriverError, type WebDriverSession } from "./webDriver.ts";

const navigationTimeoutMs = 15_000;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Polls `check` (bounded) until it is true. */
async function until(check: () => Promise<boolean>, what: string, timeoutMs = navigationTimeoutMs): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`webkit: timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function withTimeout<T>(promise: Promise<T>, timeoutMs: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), timeoutMs))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs `fn(arg)` in the page; the envelope keeps `undefined` apart from `null` (WebDriver sends both as null). */
async function evaluateIn<A, R>(session: WebDriverSession, fn: PageFunction<A, R>, arg: A): Promise<R> {
  const script =
    `const fn = ${fn.toString()};\n` +
    "return Promise.resolve(fn(arguments[0])).then((value) => (value === undefined ? { undefined: true } : { value }));";
  const envelope = await session.execute<{ undefined?: true; value?: R }>(script, [arg ?? null]);
  return envelope.undefined ? (undefined as R) : (envelope.value as R);
}

/** Opens `url` with the violation recorder in place before any byte of the page is parsed. */
async function gotoRecorded(session: WebDriverSession, url: string): Promise<void> {
  const target = new URL(url).href;
  await session.execute("window.__harnessLeftDocument = true; return true;");
  const hold = holdNextDocument(target);
  try {
    await session.navigate(target);
    await withTimeout(
      hold.held,
      navigationTimeoutMs,
      `webkit: no site held ${target}; WebKit pages must be served by startSite (it holds documents for the recorder)`,
    );
    await until(
      () =>
        session
          .execute<boolean>("return document.URL === arguments[0] && window.__harnessLeftDocument !== true;", [target])
          // A script sent to the old document as it unloads fails with "no such frame": not there yet.
          .catch((error: unknown) =>
            error instanceof WebDriverError && error.code === "no such frame" ? false : Promise.reject(error),
          ),
      `the document of ${target} to commit`,
    );
    await evaluateIn(session, installViolationRecorder, undefined);
  } finally {
    hold.release();
  }
  await until(
    () => session.execute<boolean>('return document.readyState === "complete";'),
    `the load event of ${target}`,
  );
}

const windowSize = { width: 1280, height: 900 };
const maxShotHeight = xvfbScreen.height;

/**
 * WebDriver screenshots stop at the viewport, so the window is stretched to the page's height
 * for the shot (as Playwright and Puppeteer do for `fullPage`), then put back.
 */
async function fullPageScreenshot(session: WebDriverSession): Promise<Buffer> {
  const [pageHeight, chromeHeight] = await evaluateIn(
    session,
    () => [document.documentElement.scrollHeight, window.outerHeight - window.innerHeight],
    undefined,
  );
  if (pageHeight + chromeHeight <= windowSize.height) return session.screenshot();
  const height = Math.min(pageHeight + chromeHeight, maxShotHeight);
  await session.setWindowRect({ width: windowSize.width, height });
  try {
    // The new area is black until the page has laid out and painted at the new size.
    await until(
      () => evaluateIn(session, (wanted) => window.innerHeight >= wanted, height - chromeHeight),
      "the stretched window to lay out",
    );
    await evaluateIn(
      session,
      () => new Promise<boolean>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(true)))),
      undefined,
    );
    return await session.screenshot();
  } finally {
    await session.setWindowRect(windowSize);
  }
}

function webKitVersion(miniBrowser: string, display: string): string {
  try {
    const text = execFileSync(miniBrowser, ["--version"], {
      env: { ...process.env, DISPLAY: display },
      encoding: "utf8",
      timeout: 10_000,
    });
    return `webkitgtk ${text.trim().replace(/^WebKitGTK\s*/i, "")}`;
  } catch {
    return "webkitgtk (version unknown)";
  }
}

export async function launchWebKit(options: HostMapOptions): Promise<BrowserSession> {
  const paths = enginePaths();
  // Everything started so far, stopped in reverse order on close or on a failed start.
  const started: { stop(): Promise<void> }[] = [];
  const stopAll = async (): Promise<void> => {
    for (const item of started.reverse()) await item.stop();
  };
  try {
    const proxy = await startHostProxy(hostRoutes(options));
    started.push({ stop: () => proxy.close() });
    const xvfb = await startXvfb(paths.xvfb);
    started.push(xvfb.helper);
    const port = await freePort();
    const driverUrl = `http://127.0.0.1:${port}`;
    const driver = startHelper(paths.webkitDriver, [`--port=${port}`], {
      env: { ...process.env, DISPLAY: xvfb.display },
    });
    started.push(driver);
    await waitForWebDriver(driverUrl).catch((error: unknown) => {
      throw new Error(`${error instanceof Error ? error.message : String(error)}: ${driver.stderrTail()}`);
    });
    const capabilities = {
      browserName: "MiniBrowser",
      acceptInsecureCerts: true,
      pageLoadStrategy: "none",
      "webkitgtk:browserOptions": { binary: paths.miniBrowser, args: ["--automation", `--proxy=${proxy.url}`] },
    };
    const pages = new Set<WebDriverSession>();
    return {
      engine: "webkit",
      version: webKitVersion(paths.miniBrowser, xvfb.display),
      async newPage(): Promise<BrowserPage> {
        const session = await newWebDriverSession(driverUrl, capabilities).catch((error: unknown) => {
          throw new Error(
            `webkit: no new WebDriver session: ${error instanceof Error ? error.message : String(error)}; WebKitWebDriver said: ${driver.stderrTail() || "nothing"}`,
          );
        });
        pages.add(session);
        await session.setWindowRect(windowSize);
        return browserPage(
          "webkit",
          webKitPageDriver(session, () => pages.delete(session)),
        );
      },
      close: async () => {
        for (const session of pages) await session.delete().catch(() => undefined);
        pages.clear();
        await stopAll();
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

function webKitPageDriver(session: WebDriverSession, forget: () => void): PageDriver {
  return {
    goto: (url) => gotoRecorded(session, url),
    evaluate: (fn, arg) => evaluateIn(session, fn, arg),
    click: async (selector) => session.click(await session.findElement(selector)),
    fill: async (selector, value) => {
      const element = await session.findElement(selector);
      await session.clear(element);
      // WebKitWebDriver refuses an empty `text` ("Missing text parameter"); clearing is all there is to do.
      if (value !== "") await session.sendKeys(element, value);
    },
    selectOption: async (selector, value) => {
      await session.click(await session.findElement(`${selector} option[value=${JSON.stringify(value)}]`));
      const selected = await evaluateIn(
        session,
        (s) => (document.querySelector(s) as HTMLSelectElement | null)?.value,
        selector,
      );
      if (selected !== value) throw new Error(`webkit: ${selector} shows ${String(selected)} after choosing ${value}`);
    },
    screenshot: async (path) => writeFileSync(path, await fullPageScreenshot(session)),
    violations: () => evaluateIn(session, recordedViolations, undefined),
    consoleErrors: undefined,
    close: async () => {
      forget();
      await session.delete();
    },
  };
}
