// Page-side probes: a self-contained inline script that loads each resource the way a vendor widget
// does and records the outcome in `window.__probeResults[name]` as "ok", "blocked: <directive>"
// (an enforced CSP violation named its URL) or "error: <reason>". Because the script text is deterministic,
// a test can hash it and serve it under a strict policy without 'unsafe-inline'. A WebSocket
// constructor that throws (Firefox and WebKit, for a CSP-blocked URL) is recorded apart, in
// `window.__probeThrows[name]`, and the probe still settles on the violation that names its URL.
import type { BrowserPage } from "./page.ts";

export type Probe =
  /** `<script src>` inserted by script; ok on load. */
  | { readonly kind: "script"; readonly name: string; readonly url: string }
  /** WebSocket; ok when it opens. */
  | { readonly kind: "websocket"; readonly name: string; readonly url: string }
  /** `fetch` (CORS); ok on a 2xx. */
  | { readonly kind: "fetch"; readonly name: string; readonly url: string }
  /** `<iframe>`; ok when the framed stand-in page posts its "loaded" message. */
  | { readonly kind: "iframe"; readonly name: string; readonly url: string }
  /** `<img>` (https: or data:); ok on load with a non-zero width. */
  | { readonly kind: "img"; readonly name: string; readonly url: string }
  /** `@font-face` in a script-inserted `<style>`; ok when the face reaches status "loaded". */
  | { readonly kind: "font"; readonly name: string; readonly url: string }
  /** Script-inserted `<style>` element; ok when its rule applies. */
  | { readonly kind: "style-element"; readonly name: string }
  /** `element.setAttribute('style', …)`; ok when the inline style applies. */
  | { readonly kind: "style-attribute"; readonly name: string };

export type ProbeResults = Record<string, string>;

/** Runs in the page. Self-contained: serialised into the inline script. */
function runProbes(probes: readonly Probe[]): void {
  const results: Record<string, string> = {};
  const throws: Record<string, string> = {};
  (window as unknown as { __probeResults: Record<string, string> }).__probeResults = results;
  (window as unknown as { __probeThrows: Record<string, string> }).__probeThrows = throws;
  const settle = (name: string, outcome: string): void => {
    if (!(name in results)) results[name] = outcome;
  };
  const urlOf = (p: Probe): string => ("url" in p ? p.url : "");
  document.addEventListener("securitypolicyviolation", (e) => {
    if (e.disposition === "report") return; // report-only: the resource still loads
    for (const p of probes) {
      const url = urlOf(p);
      if (!url || !e.blockedURI) continue;
      const same =
        e.blockedURI === url || url.startsWith(e.blockedURI) || (url.startsWith("data:") && e.blockedURI === "data");
      if (same) settle(p.name, `blocked: ${e.effectiveDirective}`);
    }
  });
  const host = document.createElement("div");
  host.id = "probes";
  document.body.appendChild(host);
  for (const p of probes) {
    try {
      if (p.kind === "script") {
        const s = document.createElement("script");
        s.src = p.url;
        s.onload = () => settle(p.name, "ok");
        s.onerror = () => settle(p.name, "error: script failed to load");
        document.head.appendChild(s);
      } else if (p.kind === "websocket") {
        let ws: WebSocket;
        try {
          ws = new WebSocket(p.url);
        } catch (e) {
          // The violation event that names the URL (queued as the constructor threw) settles the
          // probe; without one within 2 s the throw itself is the outcome.
          throws[p.name] = (e as Error).name;
          setTimeout(() => settle(p.name, `error: constructor threw ${(e as Error).name}`), 2000);
          continue;
        }
        ws.onopen = () => {
          settle(p.name, "ok");
          ws.close();
        };
        ws.onerror = () => settle(p.name, "error: websocket failed");
      } else if (p.kind === "fetch") {
        fetch(p.url).then(
          (r) => settle(p.name, r.ok ? "ok" : `error: status ${r.status}`),
          (e: unknown) => settle(p.name, `error: ${String(e)}`),
        );
      } else if (p.kind === "iframe") {
        window.addEventListener("message", (e: MessageEvent) => {
          const data = e.data as { source?: string; frame?: string } | null;
          if (data?.source === "vendor-stand-in" && data.frame === p.url) settle(p.name, "ok");
        });
        const f = document.createElement("iframe");
        f.src = p.url;
        host.appendChild(f);
      } else if (p.kind === "img") {
        const img = new Image();
        img.onload = () => settle(p.name, img.naturalWidth > 0 ? "ok" : "error: empty image");
        img.onerror = () => settle(p.name, "error: image failed to load");
        img.src = p.url;
        host.appendChild(img);
      } else if (p.kind === "font") {
        const family = `probe-${p.name}`;
        const style = document.createElement("style");
        style.textContent = `@font-face { font-family: "${family}"; src: url("${p.url}"); }`;
        document.head.appendChild(style);
        document.fonts.load(`16px "${family}"`, "A").then(
          (faces) => settle(p.name, faces.some((f) => f.status === "loaded") ? "ok" : "error: font face not loaded"),
          (e: unknown) => settle(p.name, `error: ${String(e)}`),
        );
      } else if (p.kind === "style-element" || p.kind === "style-attribute") {
        const el = document.createElement("div");
        el.id = `probe-${p.name}`;
        el.textContent = p.name;
        host.appendChild(el);
        if (p.kind === "style-element") {
          const style = document.createElement("style");
          style.textContent = `#probe-${p.name} { color: rgb(1, 2, 3); }`;
          document.head.appendChild(style);
        } else {
          el.setAttribute("style", "color: rgb(1, 2, 3)");
        }
        requestAnimationFrame(() =>
          settle(p.name, getComputedStyle(el).color === "rgb(1, 2, 3)" ? "ok" : "blocked: style not applied"),
        );
      }
    } catch (e) {
      settle(p.name, `error: ${String(e)}`);
    }
  }
}

/** The inline script text that runs `probes` (hash exactly this text). */
export function probeScript(probes: readonly Probe[]): string {
  return `(${runProbes.toString()})(${JSON.stringify(probes)});`;
}

export interface ProbePage {
  readonly html: string;
  /** Every inline script in `html`, in order (to hash). */
  readonly inlineScripts: string[];
}

/**
 * A page running `probes` from one inline script at the end of `<body>`. `extraBodyHtml` goes before
 * it (e.g. an unhashed inline script to prove it is blocked); `extraInlineScripts` are added as
 * further inline scripts and listed in `inlineScripts`.
 */
export function probePage(options: {
  probes: readonly Probe[];
  extraBodyHtml?: string;
  extraInlineScripts?: readonly string[];
}): ProbePage {
  const scripts = [...(options.extraInlineScripts ?? []), probeScript(options.probes)];
  const html =
    "<!doctype html><html><head><meta charset=utf-8><title>shop</title></head><body><h1>shop</h1>" +
    (options.extraBodyHtml ?? "") +
    scripts.map((s) => `<script>${s}</script>`).join("") +
    "</body></html>";
  return { html, inlineScripts: scripts };
}

/** Waits (bounded) until every named probe has settled; on timeout, says which are still pending. */
export async function waitForProbeResults(
  page: BrowserPage,
  names: readonly string[],
  timeoutMs = 15_000,
): Promise<ProbeResults> {
  const read = (): Promise<ProbeResults> =>
    page.evaluate(() => ({
      ...((window as unknown as { __probeResults?: Record<string, string> }).__probeResults ?? {}),
    }));
  try {
    await page.waitForFunction(
      (wanted) => {
        const r = (window as unknown as { __probeResults?: Record<string, string> }).__probeResults;
        return r !== undefined && wanted.every((n) => n in r);
      },
      names,
      { timeoutMs, what: `probes ${names.join(", ")}` },
    );
  } catch (error) {
    const partial = await read();
    const pending = names.filter((n) => !(n in partial));
    throw new Error(
      `probes still pending after ${timeoutMs} ms: ${pending.join(", ")}; settled: ${JSON.stringify(partial)}`,
      { cause: error },
    );
  }
  return read();
}

/** Which WebSocket probes' constructors threw, and the error's name (e.g. `SecurityError`). */
export async function readProbeThrows(page: BrowserPage): Promise<Record<string, string>> {
  return page.evaluate(() => ({
    ...((window as unknown as { __probeThrows?: Record<string, string> }).__probeThrows ?? {}),
  }));
}
