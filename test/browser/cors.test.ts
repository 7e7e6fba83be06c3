// CORS in real Chromium, Firefox and WebKit for the public-Function-URL exposure of OIDC identity mode: the page is on
// https://www.shop.test and calls the signer on ANOTHER origin, https://signer.lambda-url.test (the
// `npm start` dev server in identity mode with LIVECHAT_ALLOWED_ORIGINS=https://www.shop.test, behind
// a second HTTPS stand-in that records every exchange). The page's own hashed inline script sends the
// customer's ID token in X-LiveChat-Identity, which is not CORS-safelisted, so the browser must preflight.
//
// Proven here: the allowed origin gets a 204 preflight naming it, then a token it can read and that
// verifies with the widget key; a disallowed origin's preflight is refused without any
// Access-Control-Allow-Origin and its GET never reaches the signer; a disallowed origin's simple GET
// (no identity header, no preflight) reaches the signer but the 401 carries no ACAO, so the page reads
// nothing; `credentials: "include"` fails by design, because the signer never sends
// Access-Control-Allow-Credentials (the ID token travels in a header, never in a cookie, so there is
// no reason to let a browser attach cookies to a cross-origin call). Zero CSP violations in every case:
// connect-src allows the signer, so each refusal is CORS, not CSP.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildCsp, inlineScriptHash, presets, strictBaseline } from "../../components/csp/index.ts";
import { devSignerModeFromEnv } from "../../dev/signerMode.ts";
import { verifyHs256 } from "../support/browser/fakeWidget.ts";
import {
  browserSuiteGuard,
  type DevServerBehindSite,
  type Engine,
  launchBrowser,
  selectedEngines,
  startDevServerBehindSite,
  tempDevKey,
  startSite,
  startVendorStandIn,
  type BrowserPage,
  type BrowserSession,
  type Site,
  type SiteExchange,
  type VendorStandIn,
} from "../support/browser/index.ts";
import { type OidcIssuerStandIn, startOidcIssuerStandIn } from "../support/oidcIssuerStandIn.ts";

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

type Refusal = "preflight refused" | "no Access-Control-Allow-Origin" | "credentials not allowed";

/**
 * Documented engine difference (docs/browsers.md): how each engine explains a CORS refusal in its
 * console. WebKit's WebDriver gives no console access (undefined: nothing to assert there).
 */
const corsConsoleText: Readonly<Record<Engine, Readonly<Record<Refusal, string>> | undefined>> = {
  chromium: {
    "preflight refused": `from origin '${evilOrigin}' has been blocked by CORS policy`,
    "no Access-Control-Allow-Origin": "No 'Access-Control-Allow-Origin' header is present on the requested resource",
    "credentials not allowed":
      "The value of the 'Access-Control-Allow-Credentials' header in the response is '' which must be 'true'",
  },
  firefox: {
    "preflight refused": `Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ${signerOrigin}/token. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 403.`,
    "no Access-Control-Allow-Origin": `Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ${signerOrigin}/token. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 401.`,
    "credentials not allowed": `Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ${signerOrigin}/token. (Reason: expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’).`,
  },
  webkit: undefined,
};

for (const engine of selectedEngines()) {
  const missing = browserSuiteGuard(engine);

  describe.skipIf(missing !== undefined)(`CORS between the site and a public signer Function URL, in ${engine}`, () => {
    const signerLog: string[] = [];
    let vendor: VendorStandIn;
    let issuer: OidcIssuerStandIn;
    let signerFront: DevServerBehindSite;
    let site: Site;
    let signer: Site;
    let browser: BrowserSession;
    let session: BrowserPage | undefined;

    /** The engine's console explains the refusal (where the engine's driver can read its console). */
    function expectConsoleExplains(consoleErrors: readonly string[] | undefined, refusal: Refusal): void {
      const text = corsConsoleText[engine]?.[refusal];
      if (text === undefined) expect(consoleErrors).toBeUndefined();
      else expect(consoleErrors?.join("\n")).toContain(text);
    }

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
      signerFront = await startDevServerBehindSite(
        {
          secret: devKey.secretText,
          widgetId,
          log: (level, event, fields) => signerLog.push(JSON.stringify({ level, event, ...fields })),
          ...mode, // identity and infobipApi, as read from the environment
        },
        { host: signerHost },
      );
      signer = signerFront.site;
      site = await startSite(); // answers www.shop.test and evil.shop.test alike
      browser = await launchBrowser(engine, {
        vendorPort: vendor.port,
        sitePort: site.port,
        extraHosts: { [signerHost]: signer.port },
      });
    });

    afterAll(async () => {
      await session?.close();
      await browser?.close();
      await site?.close();
      await signerFront?.close();
      await issuer?.close();
      await vendor?.close();
      devKey.remove();
    });

    beforeEach(() => {
      signer.reset();
      signerLog.length = 0;
    });

    /** Opens `/cors` on `origin` in a fresh page (its own preflight cache) and waits (bounded) for the script's outcome. */
    async function runCall(
      origin: string,
      call: CorsCall,
    ): Promise<{ page: BrowserPage; outcome: CorsOutcome; consoleErrors: readonly string[] | undefined }> {
      await session?.close();
      site.reset();
      session = await browser.newPage();
      site.setPage("/cors", { body: pageHtml(call), headers: { "content-security-policy": csp.header } });
      await session.goto(`${origin}/cors`);
      expect(
        site.exchanges
          .filter((e) => e.path === "/cors")
          .map((e) => [e.host, e.status, e.responseHeaders["content-security-policy"]]),
      ).toEqual([[new URL(origin).host, 200, csp.header]]);
      await session.waitForFunction(
        () => (window as unknown as { __cors?: { done: boolean } }).__cors?.done === true,
        undefined,
        { what: "the page's CORS call" },
      );
      const outcome = await session.evaluate(() => (window as unknown as { __cors: CorsOutcome }).__cors);
      return { page: session, outcome, consoleErrors: session.consoleErrors };
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
      expect(jwt.claims).toMatchObject({
        sub: "alice@example.com",
        stp: "email",
        iss: widgetId,
        sid: "idp-sess-4c1e9a",
      });

      expect(await page.violations()).toEqual([]);
      expect(signerLog.filter((line) => line.includes('"token.issued"'))).toHaveLength(1);
    });

    it("disallowed origin with the ID token: preflight refused (403, no Access-Control-Allow-Origin), the GET never sent, fetch rejects", async () => {
      const idToken = await issuer.mint(customer);
      const { page, outcome, consoleErrors } = await runCall(evilOrigin, { idToken, credentials: "same-origin" });

      expect(tokenExchanges().map((e) => [e.method, e.requestHeaders["origin"], e.status])).toEqual([
        ["OPTIONS", evilOrigin, 403],
      ]);
      const [preflight] = tokenExchanges();
      expect(preflight?.responseHeaders["access-control-allow-origin"]).toBeUndefined();
      expect(
        Object.keys(preflight?.responseHeaders ?? {}).filter((name) => name.startsWith("access-control-")),
      ).toEqual([]);
      expect(preflight?.responseHeaders["vary"]).toBe("Origin");

      expect(outcome.error?.name).toBe("TypeError");
      expect(outcome.status).toBeUndefined();
      expect(outcome.token).toBeUndefined();
      expectConsoleExplains(consoleErrors, "preflight refused");
      expect(signerLog.filter((line) => line.includes('"token.issued"'))).toEqual([]);
      // The page's CSP allowed the connection: this refusal is CORS, not CSP.
      expect(await page.violations()).toEqual([]);
    });

    it("disallowed origin, simple GET without the identity header (no preflight): the 401 reaches the browser without Access-Control-Allow-Origin, the page reads nothing", async () => {
      const { page, outcome, consoleErrors } = await runCall(evilOrigin, { credentials: "same-origin" });

      expect(tokenExchanges().map((e) => [e.method, e.requestHeaders["origin"], e.status])).toEqual([
        ["GET", evilOrigin, 401],
      ]);
      const [get] = tokenExchanges();
      expect(get?.responseHeaders["access-control-allow-origin"]).toBeUndefined();
      expect(get?.responseHeaders["vary"]).toContain("Origin");

      expect(outcome.error?.name).toBe("TypeError");
      expect(outcome.status).toBeUndefined();
      expect(outcome.token).toBeUndefined();
      expectConsoleExplains(consoleErrors, "no Access-Control-Allow-Origin");
      expect(await page.violations()).toEqual([]);
    });

    it("allowed origin with credentials: 'include' fails by design: the preflight names the origin but never allows credentials", async () => {
      const idToken = await issuer.mint(customer);
      const { page, outcome, consoleErrors } = await runCall(allowedOrigin, { idToken, credentials: "include" });

      expect(tokenExchanges().map((e) => [e.method, e.requestHeaders["origin"], e.status])).toEqual([
        ["OPTIONS", allowedOrigin, 204],
      ]);
      const [preflight] = tokenExchanges();
      expect(preflight?.responseHeaders["access-control-allow-origin"]).toBe(allowedOrigin);
      expect(preflight?.responseHeaders["access-control-allow-credentials"]).toBeUndefined();

      expect(outcome.error?.name).toBe("TypeError");
      expect(outcome.token).toBeUndefined();
      expectConsoleExplains(consoleErrors, "credentials not allowed");
      expect(signerLog.filter((line) => line.includes('"token.issued"'))).toEqual([]);
      expect(await page.violations()).toEqual([]);
    });
  });
}
