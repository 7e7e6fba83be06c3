// The one page interface every browser test uses, whatever the engine. Each engine supplies a small
// `PageDriver` (navigation, script evaluation, input, screenshots, violations); everything else a
// test needs (waiting for a condition, reading text and attributes) is built here on `evaluate`,
// so it behaves the same in Chromium, Firefox and WebKit.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { Engine } from "./engines.ts";
import type { CspViolation } from "./violations.ts";

/** A function serialised into the page: it sees only its argument and the page's globals. */
export type PageFunction<A, R> = (arg: A) => R | Promise<R>;

/** What differs per engine. */
export interface PageDriver {
  /** Navigates the top-level document and resolves after its load event, the recorder installed. */
  goto(url: string): Promise<void>;
  evaluate<A, R>(fn: PageFunction<A, R>, arg: A): Promise<R>;
  click(selector: string): Promise<void>;
  /** Replaces the value of an input or textarea by typing. */
  fill(selector: string, value: string): Promise<void>;
  selectOption(selector: string, value: string): Promise<void>;
  /** Writes a PNG of the page (the whole page where the engine can, else the viewport). */
  screenshot(path: string): Promise<void>;
  violations(): Promise<CspViolation[]>;
  readonly consoleErrors: readonly string[] | undefined;
  close(): Promise<void>;
}

export interface PageWaitOptions {
  /** Default 15 s. */
  readonly timeoutMs?: number;
  /** Names what was awaited, for the timeout error. */
  readonly what?: string;
}

/** One page (a fresh profile or context: no cookies or caches shared with other pages). */
export interface BrowserPage {
  readonly engine: Engine;
  /** Navigates and resolves after the load event. Violations are recorded from the first byte on. */
  goto(url: string): Promise<void>;
  /** Runs `fn(arg)` in the top-level document; the result travels as JSON (undefined stays undefined). */
  evaluate<R>(fn: PageFunction<undefined, R>): Promise<R>;
  evaluate<A, R>(fn: PageFunction<A, R>, arg: A): Promise<R>;
  /** Polls `fn(arg)` in the page until it returns a truthy value (bounded). */
  waitForFunction<A>(fn: PageFunction<A, unknown>, arg: A, options?: PageWaitOptions): Promise<void>;
  /** Waits (bounded) until `selector` matches an element. */
  waitForSelector(selector: string, options?: PageWaitOptions): Promise<void>;
  click(selector: string): Promise<void>;
  fill(selector: string, value: string): Promise<void>;
  selectOption(selector: string, value: string): Promise<void>;
  /** `textContent` of the first match, null when nothing matches. */
  textContent(selector: string): Promise<string | null>;
  getAttribute(selector: string, name: string): Promise<string | null>;
  setAttribute(selector: string, name: string, value: string): Promise<void>;
  count(selector: string): Promise<number>;
  /** True when nothing matches or the first match is not rendered (display none, `hidden`, no box). */
  isHidden(selector: string): Promise<boolean>;
  /** Writes a PNG (creating its folder). */
  screenshot(path: string): Promise<void>;
  /** CSP violations recorded in the page (Chromium and Firefox: every frame; WebKit: the top document). */
  violations(): Promise<CspViolation[]>;
  /**
   * Console errors in order (Chromium: console messages of type error, CSP and CORS reports
   * included; Firefox: console errors and the engine's own error log entries). Undefined in WebKit,
   * whose WebDriver has no console access.
   */
  readonly consoleErrors: readonly string[] | undefined;
  close(): Promise<void>;
}

const defaultTimeoutMs = 15_000;
const pollMs = 50;

/** The engine-independent page over one engine's driver. */
export function browserPage(engine: Engine, driver: PageDriver): BrowserPage {
  const evaluate = <A, R>(fn: PageFunction<A, R>, arg?: A): Promise<R> => driver.evaluate(fn, arg as A);

  async function waitForFunction<A>(
    fn: PageFunction<A, unknown>,
    arg: A,
    options: PageWaitOptions = {},
  ): Promise<void> {
    const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (await driver.evaluate(fn, arg)) return;
      if (Date.now() > deadline)
        throw new Error(
          `${engine}: timed out after ${timeoutMs} ms waiting for ${options.what ?? `the page function ${fn.name || "(anonymous)"}`}`,
        );
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }

  return {
    engine,
    goto: (url) => driver.goto(url),
    evaluate,
    waitForFunction,
    waitForSelector: (selector, options = {}) =>
      waitForFunction((s) => document.querySelector(s) !== null, selector, {
        what: `an element matching ${selector}`,
        ...options,
      }),
    click: (selector) => driver.click(selector),
    fill: (selector, value) => driver.fill(selector, value),
    selectOption: (selector, value) => driver.selectOption(selector, value),
    textContent: (selector) => driver.evaluate((s) => document.querySelector(s)?.textContent ?? null, selector),
    getAttribute: (selector, name) =>
      driver.evaluate(([s, n]) => document.querySelector(s)?.getAttribute(n) ?? null, [selector, name] as const),
    setAttribute: async (selector, name, value) => {
      const found = await driver.evaluate(
        ([s, n, v]) => {
          const element = document.querySelector(s);
          element?.setAttribute(n, v);
          return element !== null;
        },
        [selector, name, value] as const,
      );
      if (!found) throw new Error(`${engine}: no element matches ${selector}`);
    },
    count: (selector) => driver.evaluate((s) => document.querySelectorAll(s).length, selector),
    isHidden: (selector) =>
      driver.evaluate((s) => {
        const element = document.querySelector(s);
        return (
          element === null ||
          !(element instanceof HTMLElement) ||
          element.hidden ||
          element.getClientRects().length === 0
        );
      }, selector),
    screenshot: async (path) => {
      mkdirSync(dirname(path), { recursive: true });
      await driver.screenshot(path);
    },
    violations: () => driver.violations(),
    get consoleErrors() {
      return driver.consoleErrors;
    },
    close: () => driver.close(),
  };
}
