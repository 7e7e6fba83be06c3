// What Infobip Live Chat needs in a policy: Infobip's documented wildcards by default, or the exact
// hosts in precise mode.
import { validateInfobipRegion } from "../infobipRegion.ts";
import type { CspPreset } from "../types.ts";

export interface InfobipLiveChatOptions {
  /**
   * Account region as in `livechat-<region>.infobip.com`, e.g. `fr` or `eu1`. Used by
   * `precise` mode only; omit for the global account.
   */
  readonly region?: string;
  /**
   * Region of the account's API host (`api-<apiRegion>.infobip.com`) when it differs from
   * `region` (e.g. WebSocket on `livechat-fr`, API on `api-eu1`). Default: `region`.
   */
  readonly apiRegion?: string;
  /**
   * Allow only the hosts Live Chat is known to use instead of Infobip's documented wildcards.
   * Tighter, but breaks if Infobip moves the widget to another host.
   */
  readonly precise?: boolean;
  /** The widget uses Infobip's default icon, an SVG `data:` URL: adds `data:` to img-src. */
  readonly defaultIcon?: boolean;
}

const WILDCARD_HTTPS = ["https://*.infobip.com", "https://*.infobip.net"];
const WILDCARD_WSS = ["wss://*.infobip.com", "wss://*.infobip.net"];
const WIDGET_HOST = "https://livechat.infobip.com";
const ICON_PREFIX = "https://*.cloudfront.net/infobiplivechat-configuration/";

const DATA_WARNING =
  "infobip-livechat: img-src allows data: for the default SVG icon; data: images cannot run script, but upload a custom icon to drop it.";

/**
 * What Infobip Live Chat needs, per directive.
 *
 * Wildcard mode (default) follows Infobip's documentation: any `*.infobip.com` /
 * `*.infobip.net` host for script, connect (https and wss — Chromium does not let an https
 * source cover wss) and frame, plus `*.cloudfront.net` icons. It keeps working when Infobip
 * adds hosts. Precise mode lists only the hosts the widget uses for the given region.
 * Both add style-src 'unsafe-inline': the widget injects inline styles and Infobip offers no
 * alternative (buildCsp warns if a style hash or nonce makes browsers ignore it).
 */
export function infobipLiveChat(options: InfobipLiveChatOptions = {}): CspPreset {
  const warnings: string[] = [];
  const dataIcon = options.defaultIcon === true ? ["data:"] : [];
  if (options.defaultIcon === true) warnings.push(DATA_WARNING);

  if (options.precise !== true) {
    if (options.region !== undefined || options.apiRegion !== undefined) {
      if (options.region !== undefined) validateInfobipRegion(options.region);
      if (options.apiRegion !== undefined) validateInfobipRegion(options.apiRegion, "apiRegion");
      warnings.push(
        "infobip-livechat: in wildcard mode the region does not change the policy (the wildcards cover every region); it matters only for precise mode and the install snippet's host (liveChatSnippet, --widget-id).",
      );
    }
    return {
      name: "infobip-livechat",
      directives: {
        "script-src": [...WILDCARD_HTTPS],
        "style-src": ["'unsafe-inline'"],
        "connect-src": [...WILDCARD_HTTPS, ...WILDCARD_WSS],
        "img-src": [...WILDCARD_HTTPS, "https://*.cloudfront.net", ...dataIcon],
        "frame-src": [...WILDCARD_HTTPS],
      },
      warnings,
    };
  }

  const region = options.region === undefined ? undefined : validateInfobipRegion(options.region);
  const apiRegion = options.apiRegion === undefined ? region : validateInfobipRegion(options.apiRegion, "apiRegion");
  const socketHost = region === undefined ? "livechat.infobip.com" : `livechat-${region}.infobip.com`;
  // A regional account's install snippet loads widget.js (and the widget its frame) from
  // livechat-<region>, which also carries the WebSocket.
  const regional = region === undefined ? [] : [`https://${socketHost}`];
  const socket = [...regional, `wss://${socketHost}`];
  const api = apiRegion === undefined ? "https://api.infobip.com" : `https://api-${apiRegion}.infobip.com`;
  return {
    name: "infobip-livechat",
    directives: {
      "script-src": [WIDGET_HOST, ...regional],
      "style-src": ["'unsafe-inline'"],
      "connect-src": [WIDGET_HOST, ...socket, api],
      "img-src": [WIDGET_HOST, ICON_PREFIX, ...dataIcon],
      "frame-src": [WIDGET_HOST, ...regional],
    },
    warnings,
  };
}
