// The demo page's script (dev/demo/demo.js) as a person meets it: run in a small stand-in for the
// browser's document, against the real local signer. What a person must see at once: that Live
// Chat's widget.js did not load (before any token is minted), no claims of a previous token after
// a failed request, and refusals in words rather than API wording.
import { readFileSync } from "node:fs";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../../dev/server.ts";
import { startTestDevServer } from "../../support/devServer.ts";
import { waitUntil } from "../../support/waitUntil.ts";

const demoScript = readFileSync(new URL("../../../dev/demo/demo.js", import.meta.url), "utf8");
const widgetUrl = "https://livechat.infobip.com/widget.js";

type Listener = (event: Record<string, unknown>) => void;

class FakeElement {
  textContent = "";
  hidden = false;
  value = "";
  readonly tagName: string;
  readonly attributes = new Map<string, string>();
  readonly listeners = new Map<string, Listener[]>();
  readonly elements: Record<string, FakeElement> = {};
  constructor(tagName: string) {
    this.tagName = tagName;
  }
  setAttribute(name: string, value: string): void {
    this.attributes.set(name, value);
  }
  getAttribute(name: string): string | null {
    return this.attributes.get(name) ?? null;
  }
  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  dispatch(type: string): void {
    for (const listener of this.listeners.get(type) ?? []) listener({ type, target: this, preventDefault: () => {} });
  }
}

/** The IAM-mode page's elements, a document that dispatches to capture listeners, and a window whose fetch reaches the runner. */
function page(serverUrl: string) {
  const form = new FakeElement("FORM");
  for (const name of ["stp", "sub", "sid"]) form.elements[name] = new FakeElement("INPUT");
  const elements: Record<string, FakeElement> = {
    "sign-in": form,
    "sign-out-button": new FakeElement("BUTTON"),
    status: new FakeElement("P"),
    claims: new FakeElement("PRE"),
    "claims-card": new FakeElement("SECTION"),
  };
  (elements["claims-card"] as FakeElement).hidden = true;
  const documentListeners: { type: string; listener: Listener; capture: boolean }[] = [];
  const document = {
    readyState: "loading",
    getElementById: (id: string) => elements[id] ?? null,
    addEventListener: (type: string, listener: Listener, capture?: boolean | { capture?: boolean }) =>
      void documentListeners.push({
        type,
        listener,
        capture: capture === true || (typeof capture === "object" && capture.capture === true),
      }),
  };
  const fetchCalls: string[] = [];
  const window: Record<string, unknown> = {
    document,
    fetch: (path: string, init: RequestInit) => {
      fetchCalls.push(`${init.method ?? "GET"} ${path}`);
      return fetch(`${serverUrl}${path}`, init);
    },
    setTimeout,
    clearTimeout,
    atob,
    TextDecoder,
    Uint8Array,
    JSON,
  };
  window["window"] = window;
  // The install snippet's queue, as it is before widget.js arrives.
  window["liveChat"] = (...args: unknown[]) =>
    void ((window["liveChatQueue"] as unknown[][] | undefined) ?? (window["liveChatQueue"] = [])).push(args);

  const fire = (type: string, target: unknown) => {
    for (const entry of documentListeners)
      if (entry.type === type && (entry.capture || type === "DOMContentLoaded")) entry.listener({ type, target });
  };
  return {
    elements,
    form,
    fetchCalls,
    window,
    /** The page's head runs: demo.js, then the install snippet inserts widget.js. */
    load(): void {
      runInNewContext(demoScript, window);
      document.readyState = "interactive";
      fire("DOMContentLoaded", document);
    },
    widgetLoaded(answer: (command: string, callback: (error: unknown, result: unknown) => void) => void): void {
      window["liveChat"] = (command: string, _argument: unknown, callback: (error: unknown, result: unknown) => void) =>
        answer(command, callback);
      fire("load", { tagName: "SCRIPT", src: widgetUrl });
    },
    widgetFailed(): void {
      fire("error", { tagName: "SCRIPT", src: widgetUrl });
    },
    signIn(sub: string, stp = "email"): void {
      (form.elements["sub"] as FakeElement).value = sub;
      (form.elements["stp"] as FakeElement).value = stp;
      form.dispatch("submit");
    },
    status: () => ({
      state: elements["status"]?.getAttribute("data-state"),
      text: elements["status"]?.textContent ?? "",
    }),
  };
}

let server: DevServer;
beforeAll(async () => {
  server = await startTestDevServer({ widgetId: "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0" });
});
afterAll(async () => {
  await server.close();
});

describe("demo.js", () => {
  it("says at once that widget.js did not load, and signs nobody in (no token minted)", async () => {
    const demo = page(server.url);
    demo.load();
    demo.widgetFailed();
    expect(demo.status()).toEqual({
      state: "error",
      text: expect.stringContaining("Live Chat could not be loaded") as unknown as string,
    });
    demo.signIn("alice@example.com");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(demo.fetchCalls).toEqual([]);
    expect(demo.status().state).toBe("error");
    expect(demo.status().text).toContain(widgetUrl);
  });

  it("clears the previous token's claims after a failed request, and words the refusal for people", async () => {
    const demo = page(server.url);
    demo.load();
    demo.widgetLoaded((_command, callback) => callback(null, {}));
    demo.signIn("alice@example.com");
    await waitUntil(() => demo.status().state === "signed-in", { timeoutMs: 5000, what: "the demo to sign in" });
    expect(demo.elements["claims"]?.textContent).toContain('"sub": "alice@example.com"');
    expect(demo.elements["claims-card"]?.hidden).toBe(false);

    demo.signIn("not an address");
    await waitUntil(() => demo.status().state === "error", { timeoutMs: 5000, what: "the demo to show the refusal" });
    expect(demo.elements["claims-card"]?.hidden).toBe(true);
    expect(demo.elements["claims"]?.textContent).toBe("");
    const { text } = demo.status();
    expect(text).not.toMatch(/see errors|problem\(s\)/);
    expect(text).toBe(
      "The sign-in was refused: sub is not an email address: expected local-part@domain.tld with no spaces.",
    );
  });
});
