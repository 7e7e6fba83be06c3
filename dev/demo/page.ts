// The demo page's HTML. The only inline code is the Live Chat install snippet, allowed by its
// hash; the page's own script and styles are same-origin files (/demo.js, /demo.css), so the
// policy needs neither 'unsafe-inline' for scripts nor inline style attributes. /demo.js comes
// first, undeferred, so that it sees whether the widget.js the snippet inserts loads.
import type { DemoIdentity, DemoSettings } from "./settings.ts";

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

// IAM mode: the page plays the site's backend and names the customer itself.
const iamLead = `<p class="lead">This page is served by <code>npm start</code> with the same security headers the CloudFront policy sends. Sign a customer in: the page asks its backend (<code>POST /demo/token</code>, a local shortcut standing in for your site's server), which calls the signer's <code>POST /token</code> SigV4-signed through <code>livechat-aws/client</code>, and hands the token to the widget with <code>liveChat('auth', token, callback)</code>.</p>
`;

const iamForm = `<form id="sign-in" class="card">
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
`;

// OIDC identity mode: the page plays a static site without a backend; the customer's identity
// comes only from the ID token the site got from its identity provider.
function identityLead(identity: DemoIdentity): string {
  return `<p class="lead">This page is served by <code>npm start</code> with the same security headers the CloudFront policy sends. The signer runs in <strong>OIDC identity mode</strong>, as for a static site without a backend: paste the ID token your identity provider gave the site after login. The page sends it to <code>GET /token</code> in the <code>${escapeHtml(identity.headerName)}</code> header, and hands the token it gets to the widget with <code>liveChat('auth', token, callback)</code>.</p>
`;
}

function identityFacts(identity: DemoIdentity): [string, string][] {
  return [
    ["Sign-in", `ID token from <code>${escapeHtml(identity.issuer)}</code>`],
    [
      "Sign-out",
      identity.endsSessions
        ? "also ends the session at Infobip (<code>DELETE /sessions/&lt;sid&gt;</code>)"
        : "widget only (set LIVECHAT_INFOBIP_API_SECRET to end sessions at Infobip)",
    ],
  ];
}

/** The ID-token form; /demo.js reads the header name and whether to end sessions from its data attributes. */
function identityForm(identity: DemoIdentity): string {
  return `<form id="id-token-sign-in" class="card" data-identity-header="${escapeHtml(identity.headerName)}" data-ends-sessions="${identity.endsSessions ? "true" : "false"}">
<h2>Sign in with your ID token</h2>
<p class="hint">What a static site gets from Cognito, Auth0, Okta or Entra ID after login: a JWT signed by the issuer, with the customer's verified email (or phone number) in its claims.</p>
<label for="id-token">ID token</label>
<textarea id="id-token" name="idToken" required rows="6" autocomplete="off" spellcheck="false" placeholder="eyJhbGciOiJSUzI1NiIsImtpZCI6…"></textarea>
<div class="actions">
<button id="sign-in-button" type="submit">Sign in</button>
<button id="sign-out-button" type="button" class="secondary">Sign out</button>
</div>
</form>
`;
}

/** The demo page. `snippet` goes between the script tags byte for byte, or its hash would not match. */
export function renderDemoPage(input: DemoPageInput): string {
  const { settings } = input;
  if (/<\/script/i.test(input.snippet)) throw new Error("The install snippet must not contain </script.");
  const signIn =
    settings.identity === undefined
      ? { lead: iamLead, form: iamForm }
      : { lead: identityLead(settings.identity), form: identityForm(settings.identity) };
  const facts = [
    ["Widget ID", `<code>${escapeHtml(settings.widgetId)}</code>`],
    ["Region", settings.region === undefined ? "global" : `<code>${escapeHtml(settings.region)}</code>`],
    [
      "CSP",
      `${escapeHtml(input.cspHeaderName)}${settings.reportOnly ? " (report-only: nothing is blocked, violations are reported)" : " (enforced)"}`,
    ],
    ["Userpilot preset", settings.userpilot ? "on" : "off"],
    ...(settings.identity === undefined ? [] : identityFacts(settings.identity)),
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
<script src="${demoScriptPath}"></script>
<script>${input.snippet}</script>
</head>
<body>
<main>
<h1>Live Chat sign-in demo</h1>${placeholderBanner(settings)}
${signIn.lead}<dl class="facts">${facts}</dl>
${signIn.form}<p id="status" class="status" role="status" aria-live="polite" data-state="idle">Not signed in.</p>
<section class="card" id="claims-card" hidden>
<h2>Last token's claims</h2>
<pre id="claims"></pre>
</section>
</main>
</body>
</html>
`;
}
