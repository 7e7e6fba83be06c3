// Infobip's install snippet for one widget, and its hash: the only inline script a site needs for
// Live Chat, and the widget ID is checked because it is embedded in that script.
import { CspError, show } from "./cspError.ts";
import { validateInfobipRegion } from "./infobipRegion.ts";
import { inlineScriptHash } from "./inlineScriptHash.ts";

/** Widget IDs are UUIDs or similar tokens; nothing that could leave the quoted string. */
const WIDGET_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Whether `value` has the shape of a Live Chat widget ID (safe to embed in the snippet). */
export function isWidgetId(value: unknown): value is string {
  return typeof value === "string" && WIDGET_ID.test(value);
}

export interface LiveChatSnippetOptions {
  /** The Live Chat widget ID from the Infobip portal. */
  readonly widgetId: string;
  /** Account region for regional accounts (`livechat-<region>.infobip.com`); omit for global. */
  readonly region?: string;
}

/**
 * Infobip's standard async loader plus `liveChat('init', …)`, and the `'sha256-…'` hash that
 * lets it run inline under a policy without `'unsafe-inline'`. Put `script` between
 * `<script>` and `</script>` byte for byte; pass it (or `hash`) to `buildCsp`.
 */
export function liveChatSnippet(options: LiveChatSnippetOptions): { script: string; hash: string } {
  const widgetId = options?.widgetId;
  if (!isWidgetId(widgetId)) {
    throw new CspError(
      "invalid-widget-id",
      "widgetId",
      String(widgetId),
      `invalid Live Chat widgetId ${show(String(widgetId))}: expected the widget's ID from the Infobip portal (1–64 letters, digits, '-' or '_', e.g. a UUID).`,
    );
  }
  const host =
    options.region === undefined
      ? "livechat.infobip.com"
      : `livechat-${validateInfobipRegion(options.region)}.infobip.com`;
  const script =
    "(function(I,n,f,o,b,i,p){I[b]=I[b]||function(){(I[b].q=I[b].q||[]).push(arguments)};" +
    "I[b].t=1*new Date();i=n.createElement(f);i.async=1;i.src=o;" +
    "p=n.getElementsByTagName(f)[0];p.parentNode.insertBefore(i,p)})" +
    `(window,document,'script','https://${host}/widget.js','liveChat');liveChat('init', '${widgetId}');`;
  return { script, hash: inlineScriptHash(script) };
}
