// The session route on its own, against a local Infobip API: IAM mode ends any session, OIDC mode
// only the caller's own; the checks that need no network come first (415, 501, 400).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { deleteSession } from "../../../lambda/http/routes/deleteSession.ts";
import { parseSessionPath, type SessionPath } from "../../../lambda/http/sessionPath.ts";
import type { SignerSessionOptions } from "../../../lambda/http/requestContext.ts";
import { SecretUnavailableError } from "../../../lambda/secret/secretCache.ts";
import { infobipErrorBodies, startInfobipApiStandIn, type InfobipApiStandIn } from "../../support/infobipApiStandIn.ts";
import { startOidcIssuerStandIn, type OidcIssuerStandIn } from "../../support/oidcIssuerStandIn.ts";
import { expectedPseudonym, knownSecret, tokenSettings } from "../../support/signerFixtures.ts";
import { httpRequest, oidcRouteContext, problemOf, routeContext } from "./routeContext.ts";

const apiKey = "ib-api-key-0123456789abcdef-ROUTE";
const person = { sub: "user-1", email: "ada@example.com", email_verified: true, sid: "own-session-7" };

let infobip: InfobipApiStandIn;
let issuer: OidcIssuerStandIn;
let sessions: SignerSessionOptions;
let requestsBefore: number;

beforeAll(async () => {
  infobip = await startInfobipApiStandIn();
  issuer = await startOidcIssuerStandIn();
  sessions = {
    loadApiSecret: async () => ({ apiKey, baseUrl: infobip.baseUrl }),
    invalidation: { timeoutMs: 250, retries: 0 },
  };
});

afterAll(async () => {
  await infobip.close();
  await issuer.close();
});

beforeEach(() => {
  infobip.clearScript();
  requestsBefore = infobip.requests().length;
});

const newRequests = () => infobip.requests().slice(requestsBefore);
const sessionPath = (sid: string): SessionPath =>
  parseSessionPath(`/sessions/${sid}`) ?? { ok: false, reason: "not a sessions path" };
const del = (sid: string, headers: Record<string, string> = {}, body?: string) =>
  httpRequest({ method: "DELETE", path: `/sessions/${sid}`, headers, ...(body === undefined ? {} : { body }) });

describe("deleteSession in IAM mode", () => {
  it("ends the path's session through Infobip and logs session.ended with a keyed sidHash", async () => {
    const { ctx, logged } = routeContext({ sessions });
    expect(await deleteSession(ctx, del("abc"), sessionPath("abc"))).toEqual({ kind: "ended" });
    expect(newRequests()).toEqual([
      {
        method: "DELETE",
        path: `/livechat/1/widgets/${tokenSettings.widgetId}/sessions/abc`,
        authorization: `App ${apiKey}`,
        accept: "application/json",
      },
    ]);
    expect(logged).toEqual([
      {
        level: "info",
        event: "session.ended",
        fields: { mode: "http", by: "iam", sidHash: expectedPseudonym(knownSecret.key, "abc"), attempts: 1 },
      },
    ]);
  });

  it("passes Infobip's refusal on as the problem, with the attempts in the log fields", async () => {
    infobip.script({ status: 404, body: infobipErrorBodies.notFound });
    const { ctx } = routeContext({ sessions });
    const outcome = problemOf(await deleteSession(ctx, del("gone"), sessionPath("gone")));
    expect(outcome.problem).toMatchObject({ status: 404, type: "urn:livechat-aws:problem:session-not-found" });
    expect(outcome.logFields).toMatchObject({ mode: "http", by: "iam", attempts: 1 });
  });

  it("refuses in order, without calling Infobip: a body not declared JSON (415), no sessions configured (501), a bad sid (400)", async () => {
    const configured = routeContext({ sessions }).ctx;
    const undeclared = problemOf(
      await deleteSession(routeContext().ctx, del("abc", { "content-type": "text/plain" }, "x"), sessionPath("abc")),
    );
    expect([undeclared.problem.status, undeclared.headers]).toEqual([415, { "accept-post": "application/json" }]);
    expect(problemOf(await deleteSession(routeContext().ctx, del("abc"), sessionPath("abc"))).problem).toMatchObject({
      status: 501,
      type: "urn:livechat-aws:problem:sessions-not-configured",
    });
    expect(problemOf(await deleteSession(configured, del("%E0%A4%A"), sessionPath("%E0%A4%A"))).problem).toMatchObject({
      status: 400,
      type: "urn:livechat-aws:problem:invalid-session-id",
      detail: "Cannot end the session: the session ID in the path is not valid percent-encoding.",
    });
    expect(problemOf(await deleteSession(configured, del(".."), sessionPath(".."))).problem.detail).toBe(
      'Cannot end the session: the session ID must not be "." or "..".',
    );
    expect(newRequests()).toEqual([]);
  });

  it("answers 503 with the secret source's Retry-After when the Infobip API secret is unavailable", async () => {
    const { ctx } = routeContext({
      sessions: { loadApiSecret: () => Promise.reject(new SecretUnavailableError("down", 9)) },
    });
    expect(problemOf(await deleteSession(ctx, del("abc"), sessionPath("abc")))).toMatchObject({
      problem: { status: 503, type: "urn:livechat-aws:problem:api-secret-unavailable" },
      headers: { "retry-after": "9" },
    });
  });
});

describe("deleteSession in OIDC mode", () => {
  const identityHeader = async (claims: Record<string, unknown> = person) => ({
    "x-livechat-identity": await issuer.mint(claims),
  });

  it("ends the caller's own session (the ID token's session claim), by oidc", async () => {
    const { ctx, logged } = oidcRouteContext(issuer, { sessionClaim: "sid" }, { sessions });
    expect(
      await deleteSession(ctx, del("own-session-7", await identityHeader()), sessionPath("own-session-7")),
    ).toEqual({
      kind: "ended",
    });
    expect(newRequests().map((r) => r.path)).toEqual([
      `/livechat/1/widgets/${tokenSettings.widgetId}/sessions/own-session-7`,
    ]);
    expect(logged.map((entry) => entry.fields?.["by"])).toEqual(["oidc"]);
  });

  it("another sid → 403 forbidden-session with keyed hashes of sub and sid, and no call to Infobip", async () => {
    const { ctx } = oidcRouteContext(issuer, { sessionClaim: "sid" }, { sessions });
    const outcome = problemOf(
      await deleteSession(ctx, del("someone-else", await identityHeader()), sessionPath("someone-else")),
    );
    expect(outcome.problem).toMatchObject({ status: 403, type: "urn:livechat-aws:problem:forbidden-session" });
    expect(outcome.logFields).toEqual({
      subHash: expectedPseudonym(knownSecret.key, "ada@example.com"),
      sidHash: expectedPseudonym(knownSecret.key, "someone-else"),
    });
    expect(newRequests()).toEqual([]);
  });

  it("no session claim configured → 403: the signer cannot tell which session is the caller's", async () => {
    const { ctx } = oidcRouteContext(issuer, {}, { sessions });
    const outcome = problemOf(
      await deleteSession(ctx, del("own-session-7", await identityHeader()), sessionPath("own-session-7")),
    );
    expect(outcome.problem.detail).toMatch(/^This signer reads no session claim from ID tokens/);
    expect(newRequests()).toEqual([]);
  });

  it("no ID token → 401 token_missing, and no call to Infobip", async () => {
    const { ctx } = oidcRouteContext(issuer, { sessionClaim: "sid" }, { sessions });
    expect(
      problemOf(await deleteSession(ctx, del("own-session-7"), sessionPath("own-session-7"))).problem,
    ).toMatchObject({
      status: 401,
      code: "token_missing",
    });
    expect(newRequests()).toEqual([]);
  });
});
