// examples/backend/node/: the client recipe and the site endpoint that hands the logged-in
// customer's token to the page, against the SigV4-checking stand-in (and a local Infobip API for
// logout). Tokens verify with an independent HMAC; a wrong secret key is refused.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createSignerClient } from "livechat-aws/client";
import { getToken } from "../../examples/backend/node/get-token.ts";
import type { Customer } from "../../examples/backend/node/liveChatRoutes.ts";
import { startSite } from "../../examples/backend/node/server.ts";
import {
  backendRoleSession,
  backendUser,
  credentialsOf,
  type FunctionUrlStandIn,
  startFunctionUrlStandInWithSessions,
  verifiedClaims,
} from "../support/functionUrlStandIn.ts";
import type { InfobipApiStandIn } from "../support/infobipApiStandIn.ts";
import { tokenSettings } from "../support/signerFixtures.ts";

let standIn: FunctionUrlStandIn;
let infobip: InfobipApiStandIn;

let closeStandIns: () => Promise<void>;

beforeAll(async () => {
  ({ standIn, infobip, close: closeStandIns } = await startFunctionUrlStandInWithSessions());
});
afterAll(() => closeStandIns());
afterEach(() => {
  vi.unstubAllEnvs();
});

function useEnvCredentials(principal: typeof backendUser, region: string): void {
  vi.stubEnv("AWS_ACCESS_KEY_ID", principal.accessKeyId);
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", principal.secretAccessKey);
  vi.stubEnv("AWS_SESSION_TOKEN", principal.sessionToken);
  vi.stubEnv("LIVECHAT_SIGNER_REGION", region);
}

describe("examples/backend/node/get-token.ts", () => {
  it("mints a token that verifies, with the environment's temporary credentials", async () => {
    useEnvCredentials(backendRoleSession, standIn.region);
    const answer = await getToken(standIn.url, "alice@example.com", "email");
    expect(verifiedClaims(answer.token)).toMatchObject({
      sub: "alice@example.com",
      stp: "email",
      iss: tokenSettings.widgetId,
      jti: answer.jti,
    });
  });

  it("is refused (403, access-denied) when signed with a wrong secret key", async () => {
    useEnvCredentials({ ...backendUser, secretAccessKey: "x".repeat(40) }, standIn.region);
    await expect(getToken(standIn.url, "alice@example.com", "email")).rejects.toMatchObject({
      code: "access-denied",
      status: 403,
    });
  });
});

describe("examples/backend/node/server.ts with liveChatRoutes", () => {
  // The site's sessions: a cookie names a login, the login names the customer.
  const sessions = new Map<string, Customer>([
    ["s-alice", { sub: "alice@example.com", stp: "email", sid: "login-7f3a" }],
  ]);
  const currentCustomer = (req: { headers: { cookie?: string } }) =>
    sessions.get(/(?:^|;\s*)session=([^;]+)/.exec(req.headers.cookie ?? "")?.[1] ?? "");

  async function withSite<T>(
    credentials: ReturnType<typeof credentialsOf>,
    run: (url: string) => Promise<T>,
  ): Promise<T> {
    const signer = createSignerClient({ url: standIn.url, region: standIn.region, credentials });
    const site = await startSite(signer, currentCustomer);
    try {
      return await run(site.url);
    } finally {
      await new Promise((resolve) => site.server.close(resolve));
    }
  }

  it("hands the logged-in customer's token to the page, whatever the body says", async () => {
    await withSite(credentialsOf(backendUser), async (url) => {
      const response = await fetch(`${url}/livechat/token`, {
        method: "POST",
        headers: { cookie: "session=s-alice" },
        body: '{"sub":"mallory@example.com","stp":"email"}',
      });
      expect([response.status, response.headers.get("cache-control")]).toEqual([200, "no-store"]);
      const answer = (await response.json()) as { token: string; expiresAt: string };
      expect(Object.keys(answer).sort()).toEqual(["expiresAt", "token"]);
      expect(verifiedClaims(answer.token)).toMatchObject({ sub: "alice@example.com", stp: "email", sid: "login-7f3a" });
      expect((await fetch(`${url}/livechat/token`, { method: "POST" })).status).toBe(401);
      expect((await fetch(`${url}/livechat/token`, { headers: { cookie: "session=s-alice" } })).status).toBe(404);
    });
  });

  it("ends the customer's Live Chat session on logout", async () => {
    await withSite(credentialsOf(backendUser), async (url) => {
      const response = await fetch(`${url}/livechat/logout`, {
        method: "POST",
        headers: { cookie: "session=s-alice" },
      });
      expect(response.status).toBe(204);
      expect(infobip.requests().at(-1)).toMatchObject({
        method: "DELETE",
        path: `/livechat/1/widgets/${tokenSettings.widgetId}/sessions/login-7f3a`,
      });
    });
  });

  it("answers 502 without details when the signer refuses a wrong secret key, and logs the cause", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      await withSite({ ...credentialsOf(backendUser), secretAccessKey: "x".repeat(40) }, async (url) => {
        const response = await fetch(`${url}/livechat/token`, {
          method: "POST",
          headers: { cookie: "session=s-alice" },
        });
        expect([response.status, await response.json()]).toEqual([
          502,
          { error: "Live Chat sign-in is unavailable right now." },
        ]);
      });
      expect(String(logged.mock.calls[0]?.[0])).toMatch(
        /^livechat signer: access-denied: The Function URL refused the request \(HTTP 403, AccessDeniedException: Forbidden\./,
      );
    } finally {
      logged.mockRestore();
    }
  });
});
