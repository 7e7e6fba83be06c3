// The demo page's HTML. The only inline code is the Live Chat install snippet, allowed by its
// hash; the page's own script and styles are same-origin files (/demo.js, /demo.css), so the
// policy needs neither 'unsafe-inline' for scripts nor inline style attributes.
import type { DemoSettings } from "./settings.ts";

export const demoScriptPath = "/demo.js";
export const demoStylePath = "/demo.css";

export interface DemoPageInput {
  readonly settings: DemoSettings;
  /** The exact install snippet text (its hash is in the CSP). */
  readonly snippet: string;
  /** `Content-Security-Policy` or `Content-Security-Policy-Report-Only`. */
  readonly cspHeaderName: string;
}

const htmlEscapes: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => htmlEscapes[c] ?? c);
}

function placeholderBanner(settings: DemoSettings): string {
  if (!settings.placeholder) return "";
  return `
<p class="banner" id="placeholder-banner" role="alert"><strong>Placeholder widget ID</strong> (<code>${escapeHtml(settings.widgetId)}</code>) — set LIVECHAT_WIDGET_ID to your widget's ID and LIVECHAT_SECRET to its key to sign in to a real Live Chat.</p>`;
}

/** The demo page. `snippet` goes between the script tags byte for byte, or its hash would not match. */
export function renderDemoPage(input: DemoPageInput): string {
  const { settings } = input;
  if (/<\/script/i.test(input.snippet)) throw new Error("The install snippet must not contain </script.");
  const facts = [
    ["Widget ID", `<code>${escapeHtml(settings.widgetId)}</code>`],
    ["Region", settings.region === undefined ? "global" : `<code>${escapeHtml(settings.region)}</code>`],
    ["CSP", `${escapeHtml(input.cspHeaderName)}${settings.reportOnly ? " (report-only: nothing is blocked, violations are reported)" : " (enforced)"}`],
    ["Userpilot preset", settings.userpilot ? "on" : "off"],
  ]
    .map(([name, value]) => `<dt>${name}</dt><dd>${value}</dd>`)
    .join("");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Live Chat sign-in demo · livechat-aws</title>
<link rel="stylesheet" href="${demoStylePath}">
<script>${input.snippet}</script>
<script src="${demoScriptPath}" defer></script>
</head>
<body>
<main>
<h1>Live Chat sign-in demo</h1>${placeholderBanner(settings)}
<p class="lead">This page is served by <code>npm start</code> with the same security headers the CloudFront policy sends. Sign a customer in: the page asks the local signer for a token (<code>POST /token</code>) and hands it to the widget with <code>liveChat('auth', token, callback)</code>.</p>
<dl class="facts">${facts}</dl>
<form id="sign-in" class="card">
<h2>Sign in</h2>
<label for="stp">Identifier type</label>
<select id="stp" name="stp">
<option value="email">email</option>
<option value="msisdn">msisdn (phone, E.164)</option>
<option value="externalPersonId">externalPersonId</option>
</select>
<label for="sub">Identifier</label>
<input id="sub" name="sub" required autocomplete="off" maxlength="255" placeholder="alice@example.com">
<label for="sid">Session ID <span class="hint">(optional, ≤ 50 characters)</span></label>
<input id="sid" name="sid" autocomplete="off" maxlength="50">
<div class="actions">
<button id="sign-in-button" type="submit">Sign in</button>
<button id="sign-out-button" type="button" class="secondary">Sign out</button>
</div>
</form>
<p id="status" class="status" role="status" aria-live="polite" data-state="idle">Not signed in.</p>
<section class="card" id="claims-card" hidden>
<h2>Last token's claims</h2>
<pre id="claims"></pre>
</section>
</main>
</body>
</html>
`;
}
