// End to end in real Chromium, Firefox and WebKit, the "no backend" path: the `npm start` dev server in OIDC identity
// mode behind https://www.shop.test, a local OIDC issuer on 127.0.0.1 whose ID tokens the signer
// verifies, a local Infobip API that ends sessions, and Infobip's widget hosts served by the vendor
// stand-in with a fake widget.js. A customer pastes an ID token into the page and signs in: the
// page calls GET /token with the X-LiveChat-Identity header (the CloudFront OAC path) and hands the
// token to liveChat('auth'); signing out calls liveChat('logout') and DELETE /sessions/<sid>, which
// must reach Infobip exactly once. Zero CSP violations throughout.
import { statSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDemo, type Demo } from "../../dev/demo/routes.ts";
import { demoIdentityFromMode, type DemoSettings } from "../../dev/demo/settings.ts";
import { devSignerModeFromEnv } from "../../dev/signerMode.ts";
import {
  clickAndSettle,
  everythingLoaded,
  signOut,
  waitForWidget,
  widgetMessages,
  widgetState,
} from "../support/browser/demoPage.ts";
import { fakeLiveChatSocket, fakeWidgetScript, infobipTokenCheck, verifyHs256 } from "../support/browser/fakeWidget.ts";
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
} from "../support/browser/index.ts";
import { type InfobipApiStandIn, startInfobipApiStandIn } from "../support/infobipApiStandIn.ts";
import { type OidcIssuerStandIn, startOidcIssuerStandIn } from "../support/oidcIssuerStandIn.ts";

const widgetId = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
const apiKey = "e2e-infobip-api-key-live-chat-manage";
const customer = { sub: "auth0|64f1c2ab", email: "alice@example.com", email_verified: true, sid: "idp-sess-4c1e9a" };

const devKey = tempDevKey("livechat-e2e-oidc"); // the `npm start` key path, in a temp dir
const { keyId, keyBytes } = devKey;

const infobipVerify = infobipTokenCheck(keyBytes, widgetId);

for (const engine of selectedEngines()) {
  const missing = browserSuiteGuard(engine);

  describe.skipIf(missing !== undefined)(
    `demo page end to end in ${engine}, OIDC identity mode (sign in with an ID token, no backend)`,
    () => {
      const signerLog: string[] = [];
      const reportLines: string[] = [];
      let vendor: VendorStandIn;
      let issuer: OidcIssuerStandIn;
      let infobip: InfobipApiStandIn;
      let demo: Demo;
      let dev: DevServerBehindSite;
      let browser: BrowserSession;
      let session: BrowserPage | undefined;

      beforeAll(async () => {
        vendor = await startVendorStandIn({ onWebSocket: fakeLiveChatSocket(infobipVerify) });
        vendor.setWidgetScript(fakeWidgetScript());
        issuer = await startOidcIssuerStandIn();
        infobip = await startInfobipApiStandIn();
        // Exactly what `npm start` reads from its environment in identity mode.
        const mode = devSignerModeFromEnv({
          LIVECHAT_IDENTITY_ISSUER: issuer.issuer,
          LIVECHAT_IDENTITY_AUDIENCES: issuer.audience,
          LIVECHAT_IDENTITY_SESSION_CLAIM: "sid",
          LIVECHAT_INFOBIP_API_SECRET: JSON.stringify({ apiKey, baseUrl: infobip.baseUrl }),
        });
        const identity = demoIdentityFromMode(mode);
        expect(identity).toEqual({ issuer: issuer.issuer, headerName: "x-livechat-identity", endsSessions: true });
        const settings: DemoSettings = {
          widgetId,
          placeholder: false,
          userpilot: false,
          reportOnly: false,
          ...(identity === undefined ? {} : { identity }),
        };
        demo = createDemo({ settings, reportLog: (line) => reportLines.push(line) });
        dev = await startDevServerBehindSite({
          secret: devKey.secretText,
          widgetId,
          extraRoutes: demo.routes,
          log: (level, event, fields) => signerLog.push(JSON.stringify({ level, event, ...fields })),
          ...mode, // identity and infobipApi, as read from the environment
        });
        browser = await launchBrowser(engine, { vendorPort: vendor.port, sitePort: dev.site.port });
      });

      afterAll(async () => {
        await session?.close();
        await browser?.close();
        await dev?.close();
        await infobip?.close();
        await issuer?.close();
        await vendor?.close();
        devKey.remove();
      });

      async function openDemo(): Promise<BrowserPage> {
        await session?.close();
        vendor.reset();
        dev.site.reset();
        reportLines.length = 0;
        session = await browser.newPage();
        await session.goto(`${dev.site.origin}/`);
        const [document] = dev.site.exchanges.filter((e) => e.method === "GET" && e.path === "/");
        expect(document?.status).toBe(200);
        expect(document?.responseHeaders["content-security-policy"]).toBe(demo.cspHeaderValue);
        await waitForWidget(session);
        // The identity page: an ID-token form, no identifier form.
        expect(await session.count("#id-token")).toBe(1);
        expect(await session.count("#sub")).toBe(0);
        return session;
      }

      async function signInWith(page: BrowserPage, idToken: string): Promise<[string, string]> {
        await page.fill("#id-token", idToken);
        return clickAndSettle(page, "#sign-in-button");
      }

      it("signs in with the issuer's ID token and out again, ending the session at Infobip, with zero CSP violations", async () => {
        const page = await openDemo();
        expect(await page.violations()).toEqual([]);
        expect((await widgetState(page)).loaded).toEqual(everythingLoaded);
        const infobipBefore = infobip.requests().length;

        // Sign in: the page sends the ID token to GET /token and hands the token to liveChat('auth').
        const idToken = await issuer.mint(customer);
        expect(await signInWith(page, idToken)).toEqual([
          "signed-in",
          "Signed in to Live Chat as alice@example.com (email), session idp-sess-4c1e9a.",
        ]);
        const auths = widgetMessages(vendor, "auth");
        expect(auths.map((m) => m.host)).toEqual(["livechat.infobip.com"]);
        const jwt = verifyHs256(auths[0]?.token ?? "", keyBytes);
        expect(jwt.signatureValid).toBe(true);
        expect(jwt.header).toEqual({ alg: "HS256", typ: "JWT" });
        expect(jwt.claims).toEqual({
          jti: expect.any(String),
          sub: "alice@example.com", // the ID token's verified email, not its `sub`
          stp: "email",
          iss: widgetId,
          iat: expect.any(Number),
          exp: expect.any(Number),
          ski: keyId,
          sid: "idp-sess-4c1e9a", // from the configured session claim
        });
        expect((jwt.claims["exp"] as number) - (jwt.claims["iat"] as number)).toBe(15);
        expect((await widgetState(page)).session).toBe("authenticated alice@example.com");
        expect(await page.textContent("#claims")).toContain('"sid": "idp-sess-4c1e9a"');
        const shot = artifactPath(engine, "e2e-oidc-signed-in.png");
        await page.screenshot(shot);
        expect(statSync(shot).size).toBeGreaterThan(10_000);

        // Sign out: logout reaches the widget, then the session ends at Infobip, exactly once.
        expect(await signOut(page)).toEqual([
          "signed-out",
          "Signed out of Live Chat; session idp-sess-4c1e9a ended at Infobip.",
        ]);
        expect(widgetMessages(vendor, "logout")).toHaveLength(1);
        expect((await widgetState(page)).session).toBe("anonymous");
        expect((await widgetState(page)).commands).toEqual(["init", "auth", "logout"]);
        expect(infobip.requests().slice(infobipBefore)).toEqual([
          {
            method: "DELETE",
            path: `/livechat/1/widgets/${widgetId}/sessions/idp-sess-4c1e9a`,
            authorization: `App ${apiKey}`,
            accept: "application/json",
          },
        ]);
        await page.screenshot(artifactPath(engine, "e2e-oidc-signed-out.png"));

        // Zero violations in any frame, nothing reported to the dev server; no personal data or token in the signer's log.
        expect(await page.violations()).toEqual([]);
        expect(reportLines).toEqual([]);
        const log = signerLog.join("\n");
        expect(
          signerLog.filter((line) => line.includes('"token.issued"') && line.includes('"identity":"oidc"')),
        ).toHaveLength(1);
        expect(
          signerLog.filter((line) => line.includes('"session.ended"') && line.includes('"by":"oidc"')),
        ).toHaveLength(1);
        expect(log).not.toContain("alice@example.com");
        expect(log).not.toContain(idToken);
        expect(log).not.toContain(apiKey);
      });

      it.each([
        [
          "an unverified email (email_verified: false)",
          () => issuer.mint({ ...customer, email_verified: false }),
          'The sign-in was refused: The email address is not verified: "email_verified" is false.',
        ],
        [
          "an expired ID token",
          () => {
            const now = Math.floor(Date.now() / 1000);
            return issuer.mint({ ...customer, iat: now - 900, exp: now - 300 });
          },
          'The sign-in was refused: The ID token has expired ("exp" is in the past beyond the clock tolerance).',
        ],
      ])("shows the 401 problem for %s, and no token reaches the widget", async (_name, mintIdToken, expected) => {
        const page = await openDemo();
        const infobipBefore = infobip.requests().length;
        expect(await signInWith(page, await mintIdToken())).toEqual(["error", expected]);
        expect(widgetMessages(vendor, "auth")).toEqual([]);
        expect((await widgetState(page)).commands).toEqual(["init"]);
        expect((await widgetState(page)).session).toBe("anonymous");
        expect(await page.isHidden("#claims-card")).toBe(true);
        // Signing out after a failed sign-in ends no session at Infobip.
        expect(await signOut(page)).toEqual([
          "signed-out",
          "Signed out of Live Chat; this page signed no one in, so there is no session to end at Infobip.",
        ]);
        expect(infobip.requests().slice(infobipBefore)).toEqual([]);
        expect(await page.violations()).toEqual([]);
      });
    },
  );
}
