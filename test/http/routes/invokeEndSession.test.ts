// The direct-invoke session route on its own: `{ action: "invalidateSession", sid }` ends any session
// (the invoker is an IAM principal), in either mode; anything else in the event is refused by field.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SignerSessionOptions } from "../../../lambda/http/requestContext.ts";
import { invokeEndSession } from "../../../lambda/http/routes/invokeEndSession.ts";
import { startInfobipApiStandIn, type InfobipApiStandIn } from "../../support/infobipApiStandIn.ts";
import { tokenSettings } from "../../support/signerFixtures.ts";
import { oidcRouteContext, problemOf, routeContext, unusedIssuer } from "./routeContext.ts";

let infobip: InfobipApiStandIn;
let sessions: SignerSessionOptions;

beforeAll(async () => {
  infobip = await startInfobipApiStandIn();
  sessions = {
    loadApiSecret: async () => ({ apiKey: "ib-api-key-0123456789abcdef-INVOKE", baseUrl: infobip.baseUrl }),
    invalidation: { timeoutMs: 250, retries: 0 },
  };
});

afterAll(async () => {
  await infobip.close();
});

describe("invokeEndSession (direct invoke { action: invalidateSession, sid })", () => {
  it("ends the session, in IAM and in OIDC mode, logging mode invoke by iam", async () => {
    const before = infobip.requests().length;
    const iam = routeContext({ sessions });
    const oidc = oidcRouteContext(unusedIssuer, {}, { sessions });
    expect(await invokeEndSession(iam.ctx, { action: "invalidateSession", sid: "s-1" })).toEqual({ kind: "ended" });
    expect(await invokeEndSession(oidc.ctx, { action: "invalidateSession", sid: "s-2" })).toEqual({ kind: "ended" });
    expect(
      infobip
        .requests()
        .slice(before)
        .map((r) => r.path),
    ).toEqual([
      `/livechat/1/widgets/${tokenSettings.widgetId}/sessions/s-1`,
      `/livechat/1/widgets/${tokenSettings.widgetId}/sessions/s-2`,
    ]);
    expect(
      [...iam.logged, ...oidc.logged].map((entry) => [entry.event, entry.fields?.["mode"], entry.fields?.["by"]]),
    ).toEqual([
      ["session.ended", "invoke", "iam"],
      ["session.ended", "invoke", "iam"],
    ]);
  });

  it("another action → 400 naming the action field", async () => {
    expect(await invokeEndSession(routeContext({ sessions }).ctx, { action: "endAll" })).toEqual({
      kind: "problem",
      problem: {
        type: "urn:livechat-aws:problem:invalid-request",
        title: "Invalid token request",
        status: 400,
        detail: "The request has 1 problem(s); see errors.",
        errors: [{ field: "action", message: 'action must be "invalidateSession"; omit it to issue a token.' }],
      },
    });
  });

  it("unknown fields (names made printable, cut at 40) and a missing or non-string sid → 400 per field", async () => {
    const { problem } = problemOf(
      await invokeEndSession(routeContext({ sessions }).ctx, {
        action: "invalidateSession",
        sid: 5,
        "x\u0000": 1,
        ["y".repeat(50)]: 2,
      }),
    );
    expect(problem.errors?.map((e) => e.field)).toEqual(["x?", "y".repeat(40), "sid"]);
  });

  it("without sessions configured → 501, with a valid request", async () => {
    const outcome = await invokeEndSession(routeContext().ctx, { action: "invalidateSession", sid: "s-1" });
    expect(outcome).toMatchObject({
      kind: "problem",
      problem: { status: 501, type: "urn:livechat-aws:problem:sessions-not-configured" },
    });
  });
});
