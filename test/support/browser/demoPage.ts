// What a person does on the `npm start` demo page, for the end-to-end tests in every engine:
// read the fake widget's state, wait for it to load, and read the status line after a click.
import type { FakeWidgetState } from "./fakeWidget.ts";
import type { BrowserPage } from "./page.ts";
import type { VendorStandIn } from "./vendorStandIn.ts";

/** The fake widget's `loaded` when it got everything it uses: its socket, config, frame, icon and styles. */
export const everythingLoaded: FakeWidgetState["loaded"] = {
  socket: true,
  config: true,
  frame: true,
  icon: true,
  styleElement: true,
  styleAttribute: true,
};

export async function widgetState(page: BrowserPage): Promise<FakeWidgetState> {
  return page.evaluate(() => (window as unknown as { __fakeWidget: FakeWidgetState }).__fakeWidget);
}

/** Waits until the fake widget loaded everything it uses, or a CSP violation happened (then the asserts say which). */
export async function waitForWidget(page: BrowserPage): Promise<void> {
  await page.waitForFunction(
    () => {
      const w = window as unknown as { __fakeWidget?: FakeWidgetState; __cspViolations?: unknown[] };
      const loaded = w.__fakeWidget?.loaded;
      return (loaded !== undefined && Object.values(loaded).every(Boolean)) || (w.__cspViolations ?? []).length > 0;
    },
    undefined,
    { what: "the fake widget to load everything (or a CSP violation)" },
  );
}

/** Marks the status line idle, clicks `button`, and waits for the status to settle; returns [state, text]. */
export async function clickAndSettle(page: BrowserPage, button: string): Promise<[string, string]> {
  await page.setAttribute("#status", "data-state", "idle");
  await page.click(button);
  const settled = '#status:not([data-state="busy"]):not([data-state="idle"])';
  await page.waitForSelector(settled);
  return [(await page.getAttribute(settled, "data-state")) ?? "", (await page.textContent(settled)) ?? ""];
}

export function signOut(page: BrowserPage): Promise<[string, string]> {
  return clickAndSettle(page, "#sign-out-button");
}

/** The fake widget's WebSocket messages of `type` that reached "Infobip", in order. */
export function widgetMessages(vendor: VendorStandIn, type: string): { host: string; path: string; token: string }[] {
  return vendor.webSocketMessages
    .filter((m) => m.direction === "in")
    .map((m) => ({ ...m, parsed: JSON.parse(m.data) as { type?: string; token?: string } }))
    .filter((m) => m.parsed.type === type)
    .map((m) => ({ host: m.host, path: m.path, token: m.parsed.token ?? "" }));
}
