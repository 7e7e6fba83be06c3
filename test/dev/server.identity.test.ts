// The local runner in OIDC identity mode: the same signer against a local OIDC issuer and a local
// Infobip API, the demo page's ID-token form, and what `npm start` prints and serves in that mode.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDemo } from "../../dev/demo/routes.ts";
import type { DemoSettings } from "../../dev/demo/settings.ts";
import { type DevServer, startDevServer } from "../../dev/server.ts";
import { devSignerModeFromEnv } from "../../dev/signerMode.ts";
import { type InfobipApiStandIn, startInfobipApiStandIn } from "../support/infobipApiStandIn.ts";
import { type OidcIssuerStandIn, startOidcIssuerStandIn } from "../support/oidcIssuerStandIn.ts";
import { knownSecret, knownSecretText, verifiedClaims } from "../support/signerFixtures.ts";
import { type NpmStart, startNpmStart } from "../support/npmStart.ts";

const widgetId = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
const apiKey = "local-infobip-api-key-0123456789";
const person = { sub: "auth0|ada", email: "ada@example.com", email_verified: true, sid: "idp-session-7" };

let issuer: OidcIssuerStandIn;
let infobip: InfobipApiStandIn;
let server: DevServer;
let signerLog: string[];
let requestsBefore = 0;

const newInfobipRequests = () => infobip.requests().slice(requestsBefore);

function identityEnv(): Record<string, string> {
  return {
    LIVECHAT_IDENTITY_ISSUER: issuer.issuer,
    LIVECHAT_IDENTITY_AUDIENCES: issuer.audience,
    LIVECHAT_IDENTITY_SESSION_CLAIM: "sid",
  };
}

beforeAll(async () => {
  issuer = await startOidcIssuerStandIn();
  infobip = await startInfobipApiStandIn();
  signerLog = [];
  const mode = devSignerModeFromEnv({
    ...identityEnv(),
    LIVECHAT_INFOBIP_API_SECRET: JSON.stringify({ apiKey, baseUrl: infobip.baseUrl }),
  });
  server = await startDevServer({
    port: 0,
    secret: knownSecretText,
    widgetId,
    log: (level, event, fields) => signerLog.push(JSON.stringify({ level, event, ...fields })),
    ...mode, // identity and infobipApi, as read from the environment
    invalidation: { timeoutMs: 500, retries: 0 },
  });
});

afterAll(async () => {
  await server?.close();
  await infobip?.close();
  await issuer?.close();
});

beforeEach(() => {
  infobip.clearScript();
  requestsBefore = infobip.requests().length;
});

describe("startDevServer with identity + infobipApi", () => {
  it("GET /token with the ID token in X-LiveChat-Identity → a token for the verified email, with the session claim as sid", async () => {
    const idToken = await issuer.mint(person);
    const response = await fetch(`${server.url}/token`, { headers: { "X-LiveChat-Identity": idToken } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { token: string; sid?: string };
    expect(body.sid).toBe("idp-session-7");
    expect(verifiedClaims(body.token)).toMatchObject({
      sub: "ada@example.com",
      stp: "email",
      sid: "idp-session-7",
      iss: widgetId,
      ski: 3,
    });
    expect(signerLog.join("\n")).not.toContain("ada@example.com");
  });

  it("refuses to let the body choose the customer, and a request without an ID token", async () => {
    const idToken = await issuer.mint(person);
    const chosen = await fetch(`${server.url}/token`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-livechat-identity": idToken },
      body: JSON.stringify({ sub: "mallory@example.com", stp: "email" }),
    });
    expect(chosen.status).toBe(400);
    expect(((await chosen.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual([
      "sub",
      "stp",
    ]);
    const anonymous = await fetch(`${server.url}/token`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ title: "ID token missing or invalid", code: "token_missing" });
  });

  it("DELETE /sessions/<own sid> → Infobip gets exactly DELETE /livechat/1/widgets/<widget>/sessions/<sid> with App <key>; 204", async () => {
    const idToken = await issuer.mint(person);
    const response = await fetch(`${server.url}/sessions/idp-session-7`, {
      method: "DELETE",
      headers: { "x-livechat-identity": idToken },
    });
    expect([response.status, await response.text()]).toEqual([204, ""]);
    expect(newInfobipRequests()).toEqual([
      {
        method: "DELETE",
        path: `/livechat/1/widgets/${widgetId}/sessions/idp-session-7`,
        authorization: `App ${apiKey}`,
        accept: "application/json",
      },
    ]);
  });

  it("DELETE of someone else's session → 403, and Infobip is not called", async () => {
    const idToken = await issuer.mint(person);
    const response = await fetch(`${server.url}/sessions/someone-else`, {
      method: "DELETE",
      headers: { "x-livechat-identity": idToken },
    });
    expect(response.status).toBe(403);
    expect(newInfobipRequests()).toEqual([]);
  });
});

describe("the demo page in identity mode", () => {
  const identity = {
    issuer: "https://login.example.com/<tenant>",
    headerName: "x-livechat-identity",
    endsSessions: true,
  };
  const iam: DemoSettings = { widgetId, placeholder: false, userpilot: false, reportOnly: false };
  const demo = createDemo({ settings: { ...iam, identity }, reportLog: () => {} });

  it("has the ID-token form instead of the identifier form, configured by data attributes", () => {
    expect(demo.html).toContain(
      '<form id="id-token-sign-in" class="card" data-identity-header="x-livechat-identity" data-ends-sessions="true">',
    );
    expect(demo.html).toContain('<textarea id="id-token" name="idToken"');
    expect(demo.html).toContain("Sign in with your ID token");
    expect(demo.html).not.toContain('id="sign-in"');
    expect(demo.html).not.toContain('name="sub"');
    expect(demo.html).toContain("<code>https://login.example.com/&lt;tenant&gt;</code>");
    expect(createDemo({ settings: { ...iam, identity: { ...identity, endsSessions: false } } }).html).toContain(
      'data-ends-sessions="false"',
    );
  });

  it("stays CSP-clean: the same policy as IAM mode, the snippet the only inline script, no inline styles or handlers", () => {
    expect(demo.cspHeaderValue).toBe(createDemo({ settings: iam }).cspHeaderValue);
    const inline = [...demo.html.matchAll(/<script(?<attrs>[^>]*)>(?<body>[\s\S]*?)<\/script>/g)].filter(
      (m) => !/\bsrc=/.test(m.groups?.["attrs"] ?? ""),
    );
    expect(inline.map((m) => m.groups?.["body"])).toEqual([demo.snippet.script]);
    expect(demo.html).not.toMatch(/\sstyle=/i);
    expect(demo.html).not.toMatch(/\son[a-z]+=/i);
  });
});

describe("npm start in identity mode", () => {
  let started: NpmStart | undefined;
  afterAll(async () => {
    await started?.stop();
  });

  it("prints the mode (never a key), serves the ID-token page and issues tokens from ID tokens", async () => {
    started = await startNpmStart(
      {
        LIVECHAT_WIDGET_ID: widgetId,
        LIVECHAT_SECRET: knownSecretText,
        ...identityEnv(),
        LIVECHAT_INFOBIP_API_SECRET: JSON.stringify({ apiKey, baseUrl: infobip.baseUrl }),
      },
      /Try:\n.*\n.*sessions\/<sid>.*\n/,
    );
    const output = started.output();
    expect(output).toContain(
      "mode:      OIDC identity (GET/POST /token: the customer comes only from a verified ID token in the x-livechat-identity header)",
    );
    expect(output).toContain(`    issuer:    ${issuer.issuer}`);
    expect(output).toContain("    session:   claim sid → sid");
    expect(output).toContain(
      `  sessions:  DELETE /sessions/{sid} → ${infobip.baseUrl}, the caller's own session only; API key from LIVECHAT_INFOBIP_API_SECRET (not shown)`,
    );
    expect(output).toContain("(sign in with a pasted ID token, and out;");
    expect(output).not.toContain(apiKey);
    expect(output).not.toContain(knownSecret.key);

    const url = started.url;
    expect(await (await fetch(`${url}/`)).text()).toContain('id="id-token-sign-in"');
    const response = await fetch(`${url}/token`, { headers: { "x-livechat-identity": await issuer.mint(person) } });
    expect(response.status).toBe(200);
    const { token } = (await response.json()) as { token: string };
    expect(verifiedClaims(token)).toMatchObject({ sub: "ada@example.com", stp: "email", sid: "idp-session-7" });
  });
});
