// End to end in real Chromium, Firefox and WebKit: the `npm start` dev server (signer + demo page, the CloudFront
// policy's exact headers) behind https://www.shop.test, with Infobip's hosts served by the vendor
// stand-in and a fake widget.js. A customer signs in and out through the page's form; the token
// that reaches "Infobip" must verify with the dev key, and the whole flow must cause zero CSP
// violations. A script from a host no preset allows is blocked (or, report-only, reported) and
// the report reaches the dev server's /csp-report.
import { statSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { securityHeadersFromArgs } from "../../components/cspPolicy.ts";
import type { CspViolationReport } from "../../dev/cspReports.ts";
import { createDemo, type Demo } from "../../dev/demo/routes.ts";
import { demoCspArgs, type DemoSettings } from "../../dev/demo/settings.ts";
import {
  clickAndSettle,
  everythingLoaded,
  signOut,
  waitForWidget,
  widgetMessages,
  widgetState,
} from "../support/browser/demoPage.ts";
import {
  type AuthVerdict,
  fakeLiveChatSocket,
  fakeWidgetScript,
  infobipTokenCheck,
  verifyHs256,
} from "../support/browser/fakeWidget.ts";
import {
  artifactPath,
  browserSuiteGuard,
  type DevServerBehindSite,
  launchBrowser,
  selectedEngines,
  startDevServerBehindSite,
  tempDevKey,
  startVendorStandIn,
  type BrowserPage,
  type BrowserSession,
  type VendorStandIn,
  waitUntil,
} from "../support/browser/index.ts";

const widgetId = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";

// --- shared: the dev key, the vendor stand-in playing Infobip ---

const devKey = tempDevKey("livechat-e2e"); // the `npm start` key path, in a temp dir
const { keyId, keyBytes } = devKey;

/** When set, the stand-in refuses the next auth with this verdict (to see the page show an error). */
let nextVerdict: AuthVerdict | undefined;

const infobipCheck = infobipTokenCheck(keyBytes, widgetId);

/** "Infobip" checks the token as the real service would, unless a test has set its next verdict. */
function infobipVerify(token: string): AuthVerdict {
  if (nextVerdict !== undefined) {
    const verdict = nextVerdict;
    nextVerdict = undefined;
    return verdict;
  }
  return infobipCheck(token);
}

let vendor: VendorStandIn;

beforeAll(async () => {
  vendor = await startVendorStandIn({ onWebSocket: fakeLiveChatSocket(infobipVerify) });
});

afterAll(async () => {
  await vendor?.close();
  devKey.remove();
});

// --- the variants: what `npm start` serves for these environment settings ---

interface Variant {
  readonly name: string;
  readonly slug: string;
  readonly settings: DemoSettings;
}

const base: DemoSettings = { widgetId, placeholder: false, userpilot: false, reportOnly: false };
const variants: Variant[] = [
  { name: "enforced, Infobip wildcard, region fr", slug: "enforced-fr", settings: { ...base, region: "fr" } },
  {
    name: "enforced, Infobip wildcard + Userpilot, global account",
    slug: "enforced-userpilot",
    settings: { ...base, userpilot: true },
  },
  {
    name: "report-only (LIVECHAT_CSP_REPORT_ONLY=1), region fr",
    slug: "report-only-fr",
    settings: { ...base, region: "fr", reportOnly: true },
  },
];

async function signIn(page: BrowserPage, stp: string, sub: string, sid = ""): Promise<[string, string]> {
  await page.selectOption("#stp", stp);
  await page.fill("#sub", sub);
  await page.fill("#sid", sid);
  return clickAndSettle(page, "#sign-in-button");
}

for (const engine of selectedEngines()) {
  const missing = browserSuiteGuard(engine);

  describe.skipIf(missing !== undefined).each(variants)(
    `demo page end to end in ${engine}: $name`,
    ({ settings, slug }) => {
      const region = settings.region;
      const widgetHost = region === undefined ? "livechat.infobip.com" : `livechat-${region}.infobip.com`;
      const reportLines: string[] = [];
      const reports: CspViolationReport[] = [];
      const signerLog: string[] = [];
      let demo: Demo;
      let dev: DevServerBehindSite;
      let browser: BrowserSession;
      let session: BrowserPage | undefined;

      beforeAll(async () => {
        vendor.setWidgetScript(fakeWidgetScript(region === undefined ? {} : { region }));
        demo = createDemo({
          settings,
          reportLog: (line) => reportLines.push(line),
          onCspReport: (r) => reports.push(r),
        });
        dev = await startDevServerBehindSite({
          secret: devKey.secretText,
          widgetId,
          extraRoutes: demo.routes,
          log: (level, event, fields) => signerLog.push(JSON.stringify({ level, event, ...fields })),
        });
        browser = await launchBrowser(engine, { vendorPort: vendor.port, sitePort: dev.site.port });
      });

      afterAll(async () => {
        await session?.close();
        await browser?.close();
        await dev?.close();
      });

      async function openDemo(): Promise<BrowserPage> {
        await session?.close();
        vendor.reset();
        dev.site.reset();
        reportLines.length = 0;
        reports.length = 0;
        session = await browser.newPage();
        await session.goto(`${dev.site.origin}/`);
        const [document] = dev.site.exchanges.filter((e) => e.method === "GET" && e.path === "/");
        expect(document?.status).toBe(200);
        // Exactly the CloudFront policy's headers for the same CspPolicy arguments.
        const expected = securityHeadersFromArgs(demoCspArgs(settings));
        const received = document?.responseHeaders ?? {};
        expect(Object.fromEntries(Object.keys(expected).map((name) => [name, received[name.toLowerCase()]]))).toEqual(
          expected,
        );
        expect(Object.keys(received).filter((name) => name.startsWith("content-security-policy"))).toEqual([
          demo.cspHeaderName.toLowerCase(),
        ]);
        await waitForWidget(session);
        return session;
      }

      it("signs an email customer in and out through the form, with zero CSP violations", async () => {
        const page = await openDemo();
        expect(await page.violations()).toEqual([]);
        const widget = await widgetState(page);
        expect(widget.loaded).toEqual(everythingLoaded);
        expect(widget.widgetId).toBe(widgetId);
        expect(vendor.requestsTo(widgetHost, "/widget.js")).toHaveLength(1);
        expect(vendor.requestsTo(widgetHost, "/socket").map((r) => r.upgrade)).toEqual([true]);

        // Sign in: the form fetches /token and hands the token to liveChat('auth').
        expect(await signIn(page, "email", "alice@example.com")).toEqual([
          "signed-in",
          "Signed in to Live Chat as alice@example.com (email).",
        ]);
        const [first] = widgetMessages(vendor, "auth");
        expect(first?.host).toBe(widgetHost);
        const jwt = verifyHs256(first?.token ?? "", keyBytes);
        expect(jwt.signatureValid).toBe(true);
        expect(jwt.header).toEqual({ alg: "HS256", typ: "JWT" });
        expect(jwt.claims).toEqual({
          jti: expect.any(String),
          sub: "alice@example.com",
          stp: "email",
          iss: widgetId,
          iat: expect.any(Number),
          exp: expect.any(Number),
          ski: keyId,
        });
        expect((jwt.claims["exp"] as number) - (jwt.claims["iat"] as number)).toBe(15);
        expect((await widgetState(page)).session).toBe("authenticated alice@example.com");
        expect(await page.textContent("#claims")).toContain('"sub": "alice@example.com"');
        const shot = artifactPath(engine, `e2e-signed-in-${slug}.png`);
        await page.screenshot(shot);
        expect(statSync(shot).size).toBeGreaterThan(10_000);

        // Sign out: liveChat('logout') reaches the widget's server side; the page shows the callback result.
        expect(await signOut(page)).toEqual(["signed-out", "Signed out of Live Chat."]);
        expect(widgetMessages(vendor, "logout")).toHaveLength(1);
        expect((await widgetState(page)).session).toBe("anonymous");

        // Again, with a session ID: a new, unique jti.
        expect(await signIn(page, "email", "alice@example.com", "sess-42")).toEqual([
          "signed-in",
          "Signed in to Live Chat as alice@example.com (email).",
        ]);
        const tokens = widgetMessages(vendor, "auth").map((m) => verifyHs256(m.token, keyBytes));
        expect(tokens.map((t) => t.signatureValid)).toEqual([true, true]);
        expect(tokens[1]?.claims["sid"]).toBe("sess-42");
        expect(new Set(tokens.map((t) => t.claims["jti"])).size).toBe(2);
        expect(await signOut(page)).toEqual(["signed-out", "Signed out of Live Chat."]);
        expect(widgetMessages(vendor, "logout")).toHaveLength(2);
        expect((await widgetState(page)).commands).toEqual(["init", "auth", "logout", "auth", "logout"]);
        await page.screenshot(artifactPath(engine, `e2e-signed-out-${slug}.png`));

        // Zero violations in any frame, and nothing reported to the dev server.
        expect(await page.violations()).toEqual([]);
        expect(reportLines).toEqual([]);
        // The signer logged two issued tokens and never the customer's identifier or a token.
        expect(signerLog.filter((line) => line.includes('"token.issued"'))).toHaveLength(2);
        expect(signerLog.join("\n")).not.toContain("alice@example.com");
        for (const { token } of widgetMessages(vendor, "auth")) expect(signerLog.join("\n")).not.toContain(token);
      });

      it("shows the widget's error when Live Chat refuses the token", async () => {
        const page = await openDemo();
        nextVerdict = { ok: false, code: "INVALID_TOKEN", message: "token signature mismatch" };
        expect(await signIn(page, "msisdn", "+385911234567")).toEqual([
          "error",
          "Live Chat refused the sign-in: INVALID_TOKEN: token signature mismatch",
        ]);
        expect(verifyHs256(widgetMessages(vendor, "auth")[0]?.token ?? "", keyBytes).claims).toMatchObject({
          sub: "+385911234567",
          stp: "msisdn",
        });
        expect(await page.violations()).toEqual([]);
      });

      it("shows the signer's problem for an identifier it refuses", async () => {
        const page = await openDemo();
        const [state, text] = await signIn(page, "email", "not an email");
        expect(state).toBe("error");
        expect(text).toMatch(/^The sign-in was refused: .*sub/);
        expect(widgetMessages(vendor, "auth")).toEqual([]);
      });

      const enforced = !settings.reportOnly;
      it(`${enforced ? "blocks" : "lets run, but reports,"} a script from a host no preset allows; the report reaches /csp-report`, async () => {
        const page = await openDemo();
        const outcome = await page.evaluate(
          () =>
            new Promise<string>((resolve) => {
              const script = document.createElement("script");
              script.src = "https://evil.example/x.js";
              script.onload = () => resolve("loaded");
              script.onerror = () => resolve("blocked");
              document.head.appendChild(script);
            }),
        );
        const disposition = enforced ? "enforce" : "report";
        expect(outcome).toBe(enforced ? "blocked" : "loaded");
        expect(await page.evaluate(() => (window as { __evilRan?: boolean }).__evilRan)).toBe(
          enforced ? undefined : true,
        );
        expect(vendor.requestsTo("evil.example")).toHaveLength(enforced ? 0 : 1);
        expect((await page.violations()).map((v) => [v.blockedURI, v.effectiveDirective, v.disposition])).toEqual([
          ["https://evil.example/x.js", "script-src-elem", disposition],
        ]);
        await waitUntil(() => reportLines.length > 0, { what: "a report logged by the dev server's /csp-report" });
        expect(reports.map((r) => [r.format, r.directive, r.blockedUri, r.documentUri, r.disposition])).toEqual([
          ["report-uri", "script-src-elem", "https://evil.example/x.js", "https://www.shop.test/", disposition],
        ]);
        // The location is that of the script the test injected, which each engine's driver names differently.
        const source = reports[0]?.source;
        expect(reportLines).toEqual([
          `CSP ${disposition}: script-src-elem ${enforced ? "blocked" : "would block"} https://evil.example/x.js on https://www.shop.test/${source === undefined ? "" : ` at ${source}`} (report-uri)`,
        ]);
      });
    },
  );
}
