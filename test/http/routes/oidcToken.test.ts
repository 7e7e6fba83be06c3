// The OIDC-mode token route on its own, with the real verifier against a local issuer: the identity
// comes from the ID token only, the request chooses at most ttlSeconds, and a bad request is refused
// before the issuer or the key is asked.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { oidcToken } from "../../../lambda/http/routes/oidcToken.ts";
import { startOidcIssuerStandIn, type OidcIssuerStandIn } from "../../support/oidcIssuerStandIn.ts";
import { decodeJwt, expectedPseudonym, knownSecret } from "../../support/signerFixtures.ts";
import { fixedJti, httpRequest, oidcRouteContext, problemOf, tokenOf } from "./routeContext.ts";

const person = { sub: "user-1", email: "ada@example.com", email_verified: true, sid: "chat-session-1" };

let issuer: OidcIssuerStandIn;

beforeAll(async () => {
  issuer = await startOidcIssuerStandIn();
});

afterAll(async () => {
  await issuer.close();
});

/** GET /token with an ID token for `claims` in the default identity header. */
const getWithIdToken = async (claims: Record<string, unknown>, query?: string) =>
  httpRequest({
    method: "GET",
    ...(query === undefined ? {} : { query }),
    headers: { "x-livechat-identity": await issuer.mint(claims) },
  });

describe("oidcToken (OIDC mode GET and POST /token)", () => {
  it("GET: sub, stp and sid from the verified ID token; token.issued says identity oidc", async () => {
    const { ctx, logged } = oidcRouteContext(issuer, { sessionClaim: "sid" });
    const result = tokenOf(await oidcToken(ctx, await getWithIdToken(person)));
    expect(result.sid).toBe("chat-session-1");
    expect(decodeJwt(result.token).payload).toMatchObject({
      sub: "ada@example.com",
      stp: "email",
      sid: "chat-session-1",
      jti: fixedJti,
    });
    expect(logged).toEqual([
      {
        level: "info",
        event: "token.issued",
        fields: {
          mode: "http",
          identity: "oidc",
          jti: fixedJti,
          stp: "email",
          subHash: expectedPseudonym(knownSecret.key, "ada@example.com"),
          ttlSeconds: 15,
          ski: 3,
          hasSid: true,
        },
      },
    ]);
  });

  it("the request chooses ttlSeconds: as a query parameter on GET, in the JSON body on POST", async () => {
    const { ctx } = oidcRouteContext(issuer);
    const idToken = await issuer.mint(person);
    const viaQuery = tokenOf(
      await oidcToken(
        ctx,
        httpRequest({ method: "GET", query: "ttlSeconds=40", headers: { authorization: `Bearer ${idToken}` } }),
      ),
    );
    const q = decodeJwt(viaQuery.token).payload;
    expect((q["exp"] as number) - (q["iat"] as number)).toBe(40);
    const viaBody = tokenOf(
      await oidcToken(
        ctx,
        httpRequest({
          method: "POST",
          body: '{"ttlSeconds":20}',
          headers: { "content-type": "application/json", "x-livechat-identity": idToken },
        }),
      ),
    );
    const b = decodeJwt(viaBody.token).payload;
    expect((b["exp"] as number) - (b["iat"] as number)).toBe(20);
  });

  it("refuses a request that names an identity before asking the issuer", async () => {
    const { ctx, logged } = oidcRouteContext(issuer);
    const jwksBefore = issuer.jwksRequests();
    const discoveryBefore = issuer.discoveryRequests();
    const refused = problemOf(
      await oidcToken(ctx, httpRequest({ method: "GET", query: "sub=mallory%40example.com&sid=x" })),
    );
    expect(refused.problem).toMatchObject({ status: 400, type: "urn:livechat-aws:problem:invalid-request" });
    expect(refused.problem.errors?.map((e) => e.field)).toEqual(["sub", "sid"]);
    expect([issuer.jwksRequests(), issuer.discoveryRequests()]).toEqual([jwksBefore, discoveryBefore]);
    expect(logged).toEqual([]);
  });

  it("a ttlSeconds over the maximum is the request's fault (400, ttlSeconds only), not the identity's", async () => {
    const { ctx } = oidcRouteContext(issuer);
    const outcome = problemOf(await oidcToken(ctx, await getWithIdToken(person, "ttlSeconds=61")));
    expect(outcome.problem).toMatchObject({ status: 400, detail: "The request has 1 problem(s); see errors." });
    expect(outcome.problem.errors?.map((e) => e.field)).toEqual(["ttlSeconds"]);
  });

  it("no ID token → 401 token_missing with a bare Bearer challenge and the code in the log fields", async () => {
    const { ctx } = oidcRouteContext(issuer);
    expect(await oidcToken(ctx, httpRequest({ method: "GET" }))).toEqual({
      kind: "problem",
      problem: {
        type: "urn:livechat-aws:problem:invalid-identity",
        title: "ID token missing or invalid",
        status: 401,
        detail: "No ID token was given.",
        code: "token_missing",
      },
      headers: { "www-authenticate": "Bearer" },
      logFields: { identityCode: "token_missing" },
    });
  });

  it("a token for another audience → 401 audience_mismatch with an invalid_token challenge", async () => {
    const { ctx } = oidcRouteContext(issuer);
    const outcome = problemOf(await oidcToken(ctx, await getWithIdToken({ ...person, aud: "other" })));
    expect(outcome.problem).toMatchObject({ status: 401, code: "audience_mismatch" });
    expect(outcome.headers?.["www-authenticate"]).toMatch(/^Bearer error="invalid_token", error_description="/);
  });
});
