// A fresh browser context per test case, with the CSP violation recorder installed before any
// navigation, and console errors collected (Chromium also logs each CSP violation there).
import type { Browser, BrowserContext, Page } from "playwright-core";
import { recordCspViolations } from "./violations.ts";

export interface RecordingPage {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Console messages of type "error", in order. */
  readonly consoleErrors: string[];
  close(): Promise<void>;
}

export async function newRecordingPage(browser: Browser, options: { timeoutMs?: number } = {}): Promise<RecordingPage> {
  const context = await browser.newContext();
  context.setDefaultTimeout(options.timeoutMs ?? 15_000);
  await recordCspViolations(context);
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  return { context, page, consoleErrors, close: () => context.close() };
}
