// One door into every engine: `launchBrowser(engine, hosts)` starts Chromium, Firefox or WebKit
// with the test host mapping and gives back the same small `BrowserSession`. A test written against
// it does not know which engine it runs in; the engine files hide how each one is launched, how its
// hosts reach the stand-ins, and how CSP violations are collected before any page script runs.
import type { Engine } from "./engines.ts";
import type { HostMapOptions } from "./hostMap.ts";
import type { BrowserPage } from "./page.ts";
import { launchChromium } from "./chromium.ts";
import { launchFirefox } from "./firefox.ts";
import { launchWebKit } from "./webkit.ts";

export type LaunchOptions = HostMapOptions;

export interface BrowserSession {
  readonly engine: Engine;
  /** What the engine reports about itself, e.g. `chromium 156.0…`, `firefox 153.8.0`, `webkitgtk 2.50.6`. */
  readonly version: string;
  /** A fresh page with its own profile or context (no cookies, caches or preflights shared). */
  newPage(): Promise<BrowserPage>;
  /** Closes every page and stops every process the session started. */
  close(): Promise<void>;
}

/** Starts `engine` with `options`' host mapping. One per test file (or per group); close it in afterAll. */
export function launchBrowser(engine: Engine, options: LaunchOptions): Promise<BrowserSession> {
  switch (engine) {
    case "chromium":
      return launchChromium(options);
    case "firefox":
      return launchFirefox(options);
    case "webkit":
      return launchWebKit(options);
  }
}
