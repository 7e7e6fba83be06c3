// examples/page/livechat-sign-in.js, the page's side (quoted by the README), run against the Node
// backend recipe and the SigV4-checking signer stand-in: the widget's `auth` command receives a
// token for the customer of the site's session that verifies; logout ends the session at Infobip
// and resets the widget. The page script runs in a VM context with a `window`, a same-origin
// `fetch` carrying the session cookie, and a recording `liveChat`.
import { readFileSync } from "node:fs";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSignerClient } from "livechat-aws/client";
import type { Customer } from "../../examples/backend/node/liveChatRoutes.ts";
import { startSite } from "../../examples/backend/node/server.ts";
import {
  backendUser,
  credentialsOf,
  type FunctionUrlStandIn,
  startFunctionUrlStandInWithSessions,
  verifiedClaims,
} from "../support/functionUrlStandIn.ts";
import type { InfobipApiStandIn } from "../support/infobipApiStandIn.ts";
import { tokenSettings } from "../support/signerFixtures.ts";

const pageScript = readFileSync(new URL("../../examples/page/livechat-sign-in.js", import.meta.url), "utf8");
const customer: Customer = { sub: "alice@example.com", stp: "email", sid: "login-7f3a" };

let standIn: FunctionUrlStandIn;
let infobip: InfobipApiStandIn;
let closeStandIns: () => Promise<void>;
let site: Awaited<ReturnType<typeof startSite>>;

beforeAll(async () => {
  ({ standIn, infobip, close: closeStandIns } = await startFunctionUrlStandInWithSessions());
  const signer = createSignerClient({
    url: standIn.url,
    region: standIn.region,
    credentials: credentialsOf(backendUser),
  });
  site = await startSite(signer, (req) => (req.headers.cookie === "session=s-alice" ? customer : undefined));
});
afterAll(async () => {
  await new Promise((resolve) => site.server.close(resolve));
  await closeStandIns();
});

interface Page {
  readonly window: Record<string, unknown>;
  readonly widgetCalls: [string, unknown][];
}

/** A page on the site's origin with the session `cookie`, the script loaded, and a widget that answers `answer`. */
function openPage(
  cookie: string | undefined,
  answer: (command: string) => [unknown, unknown] = () => [null, { ok: true }],
): Page {
  const widgetCalls: [string, unknown][] = [];
  const window: Record<string, unknown> = {
    liveChat: (command: string, argument: unknown, callback: (error: unknown, result: unknown) => void) => {
      widgetCalls.push([command, argument]);
      const [error, result] = answer(command);
      setTimeout(() => callback(error, result), 0);
    },
  };
  const sameOriginFetch = (path: string, init: RequestInit) =>
    fetch(new URL(path, site.url), { ...init, headers: { ...(cookie === undefined ? {} : { cookie }) } });
  runInNewContext(pageScript, { window, fetch: sameOriginFetch, URL, Promise, Error, setTimeout });
  return { window, widgetCalls };
}

describe("examples/page/livechat-sign-in.js", () => {
  it("signs the session's customer in: the widget gets a token for them that verifies", async () => {
    const page = openPage("session=s-alice");
    await expect((page.window["signInToLiveChat"] as () => Promise<unknown>)()).resolves.toEqual({ ok: true });
    expect(page.widgetCalls.map(([command]) => command)).toEqual(["auth"]);
    const token = page.widgetCalls[0]?.[1] as string;
    expect(verifiedClaims(token)).toMatchObject({
      sub: customer.sub,
      stp: customer.stp,
      sid: customer.sid,
      iss: tokenSettings.widgetId,
    });
  });

  it("gives the widget nothing when nobody is logged in, and surfaces the widget's refusal", async () => {
    const anonymous = openPage(undefined);
    await expect((anonymous.window["signInToLiveChat"] as () => Promise<unknown>)()).rejects.toThrow(
      "Live Chat sign-in: the site answered 401",
    );
    expect(anonymous.widgetCalls).toEqual([]);
    const refused = openPage("session=s-alice", () => [{ code: "INVALID_TOKEN" }, null]);
    await expect((refused.window["signInToLiveChat"] as () => Promise<unknown>)()).rejects.toEqual({
      code: "INVALID_TOKEN",
    });
  });

  it("signs out: Infobip ends the session, then the widget is reset", async () => {
    const page = openPage("session=s-alice");
    await (page.window["signOutOfLiveChat"] as () => Promise<unknown>)();
    expect(infobip.requests().at(-1)).toMatchObject({
      method: "DELETE",
      path: `/livechat/1/widgets/${tokenSettings.widgetId}/sessions/${customer.sid}`,
    });
    expect(page.widgetCalls).toEqual([["logout", null]]);
  });
});
