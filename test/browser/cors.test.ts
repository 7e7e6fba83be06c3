// CORS in a real Chromium for the public-Function-URL exposure of OIDC identity mode: the page is on
// https://www.shop.test and calls the signer on ANOTHER origin, https://signer.lambda-url.test (the
// `npm start` dev server in identity mode with LIVECHAT_ALLOWED_ORIGINS=https://www.shop.test, behind
// a second HTTPS stand-in that records every exchange). The page's own hashed inline script sends the
// customer's ID token in X-LiveChat-Identity, which is not CORS-safelisted, so Chromium must preflight.
//
// Proven here: the allowed origin gets a 204 preflight naming it, then a token it can read and that
// verifies with the widget key; a disallowed origin's preflight is refused without any
// Access-Control-Allow-Origin and its GET never reaches the signer; a disallowed origin's simple GET
// (no identity header, no preflight) reaches the signer but the 401 carries no ACAO, so the page reads
// nothing; `credentials: "include"` fails by design, because the signer never sends
// Access-Control-Allow-Credentials (the ID token travels in a header, never in a cookie, so there is
// no reason to let a browser attach cookies to a cross-origin call). Zero CSP violations in every case:
// connect-src allows the signer, so each refusal is CORS, not CSP.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildCsp, inlineScriptHash, presets, strictBaseline } from "../../components/csp/index.ts";
import { type DevServer, startDevServer } from "../../dev/server.ts";
import { devSignerModeFromEnv } from "../../dev/signerMode.ts";
import { verifyHs256 } from "../support/browser/fakeWidget.ts";
import {
  browserSuiteGuard,
  launchChromium,
  newRecordingPage,
  tempDevKey,
  readCspViolations,
  startSite,
  startVendorStandIn,
  type RecordingPage,
  type Site,
  type SiteExchange,
  type VendorStandIn,
} from "../support/browser/index.ts";
import { type OidcIssuerStandIn, startOidcIssuerStandIn } from "../support/oidcIssuerStandIn.ts";

const missing = browserSuiteGuard();
const widgetId = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
const signerHost = "signer.lambda-url.test";
const signerOrigin = `https://${signerHost}`;
const allowedOrigin = "https://www.shop.test";
const evilOrigin = "https://evil.shop.test";
const customer = { sub: "auth0|64f1c2ab", email: "alice@example.com", email_verified: true, sid: "idp-sess-4c1e9a" };


const devKey = tempDevKey("livechat-cors"); // the `npm start` key path, in a temp dir
const { keyBytes } = devKey;

/** What the page asks its script to do; embedded as a JSON data block (not executed, so not hashed). */
interface CorsCall {
  readonly idToken?: string;
  readonly credentials: RequestCredentials;
}

/** What the page's script saw, in `window.__cors`. */
interface CorsOutcome {
  readonly done: boolean;
  readonly status?: number;
  readonly bodyKeys?: string[];
  readonly token?: string | null;
  readonly error?: { readonly name: string; readonly message: string };
}

// The site's own script, allowed by hash. Every page (allowed or not) runs exactly this text.
const fetchScript = `(async () => {
  const call = JSON.parse(document.getElementById("cors-call").textContent);
  const outcome = { done: false };
  window.__cors = outcome;
  try {
    const response = await fetch(${JSON.stringify(`${signerOrigin}/token`)}, {
      headers: call.idToken ? { "X-LiveChat-Identity": call.idToken } : {},
      credentials: call.credentials,
    });
    outcome.status = response.status;
    const body = await response.json();
    outcome.bodyKeys = Object.keys(body).sort();
    outcome.token = typeof body.token === "string" ? body.token : null;
  } catch (error) {
    outcome.error = { name: error.name, message: error.message };
  }
  outcome.done = true;
})();`;

// The site's policy: the strict baseline plus the signer's origin in connect-src, merged with Infobip's preset.
const csp = buildCsp({
  base: { ...strictBaseline, "connect-src": ["'self'", signerOrigin] },
  presets: [presets.infobipLiveChat()],
  inlineScripts: [fetchScript],
});

function pageHtml(call: CorsCall): string {
  const data = JSON.stringify(call).replace(/</g, "\\u003c");
  return `<!doctype html><title>shop</title><h1>shop</h1><script type="application/json" id="cors-call">${data}</script><script>${fetchScript}</script>`;
}

describe.skipIf(missing !== undefined)("CORS between the site and a public signer Function URL, in Chromium", () => {
  const signerLog: string[] = [];
  let vendor: VendorStandIn;
  let issuer: OidcIssuerStandIn;
  let server: DevServer;
  let site: Site;
  let signer: Site;
  let browser: Browser;
  let session: RecordingPage | undefined;

  beforeAll(async () => {
    vendor = await startVendorStandIn();
    issuer = await startOidcIssuerStandIn();
    // Exactly what `npm start` (and the Lambda) read from the environment for a public Function URL.
    const mode = devSignerModeFromEnv({
      LIVECHAT_IDENTITY_ISSUER: issuer.issuer,
      LIVECHAT_IDENTITY_AUDIENCES: issuer.audience,
      LIVECHAT_IDENTITY_SESSION_CLAIM: "sid",
      LIVECHAT_ALLOWED_ORIGINS: allowedOrigin,
    });
    expect(mode.identity?.allowedOrigins).toEqual([allowedOrigin]);
    server = await startDevServer({
      port: 0,
      secret: devKey.secretText,
      widgetId,
      log: (level, event, fields) => signerLog.push(JSON.stringify({ level, event, ...fields })),
      ...mode, // identity and infobipApi, as read from the environment
    });
    site = await startSite(); // answers www.shop.test and evil.shop.test alike
    signer = await startSite({ host: signerHost, proxyTo: server.url });
    browser = await launchChromium({ vendorPort: vendor.port, sitePort: site.port, extraHosts: { [signerHost]: signer.port } });
  });

  afterAll(async () => {
    await session?.close();
    await browser?.close();
    await signer?.close();
    await site?.close();
    await server?.close();
    await issuer?.close();
    await vendor?.close();
    devKey.remove();
  });

  beforeEach(() => {
    signer.reset();
    signerLog.length = 0;
  });

  /** Opens `/cors` on `origin` in a fresh context (its own preflight cache) and waits (bounded) for the script's outcome. */
  async function runCall(origin: string, call: CorsCall): Promise<{ page: Page; outcome: CorsOutcome; consoleErrors: string[] }> {
    await session?.close();
    session = await newRecordingPage(browser);
    site.setPage("/cors", { body: pageHtml(call), headers: { "content-security-policy": csp.header } });
    const response = await session.page.goto(`${origin}/cors`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()["content-security-policy"]).toBe(csp.header);
    await session.page.waitForFunction(() => (window as unknown as { __cors?: { done: boolean } }).__cors?.done === true, undefined, { timeout: 15_000 });
    const outcome = await session.page.evaluate(() => (window as unknown as { __cors: CorsOutcome }).__cors);
    return { page: session.page, outcome, consoleErrors: session.consoleErrors };
  }

  /** What the signer's HTTPS front saw for /token in this test, in order. */
  function tokenExchanges(): SiteExchange[] {
    return signer.exchanges.filter((e) => e.path === "/token");
  }

  it("builds a policy whose connect-src allows the signer's origin and hashes the page script", () => {
    expect(csp.directives["connect-src"]).toContain(signerOrigin);
    expect(csp.directives["script-src"]).toContain(inlineScriptHash(fetchScript));
  });

  it("allowed origin: preflight 204 naming the origin, then GET /token 200; the page reads a token that verifies", async () => {
    const idToken = await issuer.mint(customer);
    const { page, outcome } = await runCall(allowedOrigin, { idToken, credentials: "same-origin" });

    const [preflight, get, ...rest] = tokenExchanges();
    expect(rest).toEqual([]);
    expect(preflight?.method).toBe("OPTIONS");
    expect(preflight?.host).toBe(signerHost);
    expect(preflight?.requestHeaders["origin"]).toBe(allowedOrigin);
    expect(preflight?.requestHeaders["access-control-request-method"]).toBe("GET");
    expect(preflight?.requestHeaders["access-control-request-headers"]).toBe("x-livechat-identity");
    expect(preflight?.requestHeaders["x-livechat-identity"]).toBeUndefined(); // a preflight never carries the token
    expect(preflight?.status).toBe(204);
    expect(preflight?.responseHeaders["access-control-allow-origin"]).toBe(allowedOrigin);
    expect(preflight?.responseHeaders["access-control-allow-methods"]).toBe("GET, POST, DELETE, OPTIONS");
    expect(preflight?.responseHeaders["access-control-allow-headers"]?.split(", ")).toContain("x-livechat-identity");
    expect(preflight?.responseHeaders["access-control-max-age"]).toBe("600");
    expect(preflight?.responseHeaders["access-control-allow-credentials"]).toBeUndefined();

    expect(get?.method).toBe("GET");
    expect(get?.requestHeaders["origin"]).toBe(allowedOrigin);
    expect(get?.requestHeaders["x-livechat-identity"]).toBe(idToken);
    expect(get?.requestHeaders["cookie"]).toBeUndefined();
    expect(get?.status).toBe(200);
    expect(get?.responseHeaders["access-control-allow-origin"]).toBe(allowedOrigin);
    expect(get?.responseHeaders["vary"]).toContain("Origin");
    expect(get?.responseHeaders["access-control-allow-credentials"]).toBeUndefined();

    expect(outcome.error).toBeUndefined();
    expect(outcome.status).toBe(200);
    expect(outcome.bodyKeys).toEqual(["expiresAt", "jti", "sid", "token"]);
    const jwt = verifyHs256(outcome.token ?? "", keyBytes);
    expect(jwt.signatureValid).toBe(true);
    expect(jwt.header).toEqual({ alg: "HS256", typ: "JWT" });
    expect(jwt.claims).toMatchObject({ sub: "alice@example.com", stp: "email", iss: widgetId, sid: "idp-sess-4c1e9a" });

    expect(await readCspViolations(page)).toEqual([]);
    expect(signerLog.filter((line) => line.includes('"token.issued"'))).toHaveLength(1);
  });

  it("disallowed origin with the ID token: preflight refused (403, no Access-Control-Allow-Origin), the GET never sent, fetch rejects", async () => {
    const idToken = await issuer.mint(customer);
    const { page, outcome, consoleErrors } = await runCall(evilOrigin, { idToken, credentials: "same-origin" });

    expect(tokenExchanges().map((e) => [e.method, e.requestHeaders["origin"], e.status])).toEqual([["OPTIONS", evilOrigin, 403]]);
    const [preflight] = tokenExchanges();
    expect(preflight?.responseHeaders["access-control-allow-origin"]).toBeUndefined();
    expect(Object.keys(preflight?.responseHeaders ?? {}).filter((name) => name.startsWith("access-control-"))).toEqual([]);
    expect(preflight?.responseHeaders["vary"]).toBe("Origin");

    expect(outcome.error?.name).toBe("TypeError");
    expect(outcome.status).toBeUndefined();
    expect(outcome.token).toBeUndefined();
    expect(consoleErrors.join("\n")).toContain(`from origin '${evilOrigin}' has been blocked by CORS policy`);
    expect(signerLog.filter((line) => line.includes('"token.issued"'))).toEqual([]);
    // The page's CSP allowed the connection: this refusal is CORS, not CSP.
    expect(await readCspViolations(page)).toEqual([]);
  });

  it("disallowed origin, simple GET without the identity header (no preflight): the 401 reaches the browser without Access-Control-Allow-Origin, the page reads nothing", async () => {
    const { page, outcome, consoleErrors } = await runCall(evilOrigin, { credentials: "same-origin" });

    expect(tokenExchanges().map((e) => [e.method, e.requestHeaders["origin"], e.status])).toEqual([["GET", evilOrigin, 401]]);
    const [get] = tokenExchanges();
    expect(get?.responseHeaders["access-control-allow-origin"]).toBeUndefined();
    expect(get?.responseHeaders["vary"]).toContain("Origin");

    expect(outcome.error?.name).toBe("TypeError");
    expect(outcome.status).toBeUndefined();
    expect(outcome.token).toBeUndefined();
    expect(consoleErrors.join("\n")).toContain("No 'Access-Control-Allow-Origin' header is present on the requested resource");
    expect(await readCspViolations(page)).toEqual([]);
  });

  it("allowed origin with credentials: 'include' fails by design: the preflight names the origin but never allows credentials", async () => {
    const idToken = await issuer.mint(customer);
    const { page, outcome, consoleErrors } = await runCall(allowedOrigin, { idToken, credentials: "include" });

    expect(tokenExchanges().map((e) => [e.method, e.requestHeaders["origin"], e.status])).toEqual([["OPTIONS", allowedOrigin, 204]]);
    const [preflight] = tokenExchanges();
    expect(preflight?.responseHeaders["access-control-allow-origin"]).toBe(allowedOrigin);
    expect(preflight?.responseHeaders["access-control-allow-credentials"]).toBeUndefined();

    expect(outcome.error?.name).toBe("TypeError");
    expect(outcome.token).toBeUndefined();
    expect(consoleErrors.join("\n")).toContain("The value of the 'Access-Control-Allow-Credentials' header in the response is '' which must be 'true'");
    expect(signerLog.filter((line) => line.includes('"token.issued"'))).toEqual([]);
    expect(await readCspViolations(page)).toEqual([]);
  });
});
