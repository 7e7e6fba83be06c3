// What Userpilot needs in a policy, from Userpilot's CSP documentation, without the weakening of
// script-src its short list asks for.
import type { CspPreset } from "../types.ts";

export interface UserpilotOptions {
  /** Use Userpilot's detailed per-host list instead of the short `*.userpilot.io` form. */
  readonly detailed?: boolean;
}

const FONT_HOSTS = ["https://fonts.googleapis.com", "https://fonts.gstatic.com"];

const SCRIPT_WARNING =
  "userpilot: Userpilot's short list puts 'unsafe-inline' in script-src; this preset leaves it out because a vendor preset must not weaken script-src. Inline the Userpilot snippet by hash (inlineScripts) or nonce instead.";
const WSS_WARNING =
  "userpilot: connect-src wss: (from Userpilot's short list) allows WebSocket connections to any host, so injected script could exfiltrate data; use detailed: true (CLI --userpilot-detailed) to list Userpilot's WebSocket hosts.";

/**
 * What Userpilot needs, per directive, from Userpilot's CSP documentation.
 *
 * Deliberate differences from that page: `'self'` is left to the site's base policy (a
 * preset adds only vendor sources; inheritance from default-src keeps the site's own
 * `'self'`); script-src `'unsafe-inline'` is not added (see the warning); the short form also
 * covers font-src and media-src with `*.userpilot.io` and the Google Fonts hosts, which the
 * page's short list leaves to default-src; the detailed form allows the Google Fonts
 * stylesheet host in style-src, since fonts.googleapis.com serves CSS.
 */
export function userpilot(options: UserpilotOptions = {}): CspPreset {
  if (options.detailed !== true) {
    return {
      name: "userpilot",
      directives: {
        "script-src": ["https://*.userpilot.io"],
        "style-src": [
          "https://*.userpilot.io",
          "https://fonts.gstatic.com",
          "https://fonts.googleapis.com",
          "'unsafe-inline'",
        ],
        "connect-src": ["https://*.userpilot.io", "*.userpilot.io", "wss:"],
        "img-src": ["https://*.userpilot.io"],
        "font-src": ["https://*.userpilot.io", ...FONT_HOSTS],
        "media-src": ["https://*.userpilot.io"],
      },
      warnings: [SCRIPT_WARNING, WSS_WARNING],
    };
  }
  return {
    name: "userpilot",
    directives: {
      "script-src": ["https://js.userpilot.io", "https://deploy.userpilot.io"],
      "style-src": ["'unsafe-inline'", "https://fonts.googleapis.com"],
      "connect-src": [
        "https://uploads.userpilot.io",
        "https://api.userpilot.io",
        "wss://api.userpilot.io",
        "https://find.userpilot.io",
        "https://find-x.userpilot.io",
        "https://find-y.userpilot.io",
        "https://find-z.userpilot.io",
        "https://find-w.userpilot.io",
        "wss://analytex.userpilot.io",
        "wss://analytex-us.userpilot.io",
        "wss://analytex-eu.userpilot.io",
        "wss://analytex-in.userpilot.io",
        "https://analytex.userpilot.io",
        "https://analytex-us.userpilot.io",
        "https://analytex-eu.userpilot.io",
        "https://analytex-in.userpilot.io",
        "https://reporting.userpilot.io",
        "wss://reporting.userpilot.io",
        "https://playground.userpilot.io",
      ],
      "font-src": [...FONT_HOSTS, "https://fonts.userpilot.io"],
      "media-src": ["https://js.userpilot.io"],
      "img-src": [
        "https://media.userpilot.io",
        "https://uploads.userpilot.io",
        "https://gifs.userpilot.io",
        "https://videos.userpilot.io",
      ],
    },
  };
}
