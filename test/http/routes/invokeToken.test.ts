// The direct-invoke token route on its own: in IAM mode the event is the token request; in OIDC mode
// an invoke cannot name an identity, so it is refused before any key is loaded.
import { describe, expect, it } from "vitest";
import { invokeToken } from "../../../lambda/http/routes/invokeToken.ts";
import { decodeJwt } from "../../support/signerFixtures.ts";
import { fixedJti, oidcRouteContext, problemOf, routeContext, tokenOf, unusedIssuer } from "./routeContext.ts";

describe("invokeToken (direct invoke { sub, stp, sid?, ttlSeconds? })", () => {
  it("IAM mode: signs the event's customer and logs token.issued with mode invoke", async () => {
    const { ctx, logged } = routeContext();
    const result = tokenOf(await invokeToken(ctx, { sub: "+385911234567", stp: "msisdn" }));
    expect(decodeJwt(result.token).payload).toMatchObject({
      sub: "+385911234567",
      stp: "msisdn",
      jti: fixedJti,
    });
    expect(logged.map((entry) => [entry.event, entry.fields?.["mode"]])).toEqual([["token.issued", "invoke"]]);
  });

  it.each([
    ["null", null, [""]],
    ["an array", [1], [""]],
    [
      "unknown fields of another event shape",
      { body: "{}", headers: {}, sub: "a", stp: "email" },
      ["body", "headers", "sub"],
    ],
  ])("IAM mode: %s → 400 with per-field errors", async (_name, event, fields) => {
    const { problem } = problemOf(await invokeToken(routeContext().ctx, event));
    expect(problem).toMatchObject({ status: 400, type: "urn:livechat-aws:problem:invalid-request" });
    expect(problem.errors?.map((e) => e.field)).toEqual(fields);
  });

  it("OIDC mode: refused, fail closed, without loading the key", async () => {
    let loads = 0;
    const { ctx, logged } = oidcRouteContext(
      unusedIssuer,
      {},
      { loadKey: () => (loads++, Promise.reject(new Error("not asked"))) },
    );
    expect(await invokeToken(ctx, { sub: "mallory@example.com", stp: "email" })).toEqual({
      kind: "problem",
      problem: {
        type: "urn:livechat-aws:problem:invalid-request",
        title: "Invalid token request",
        status: 400,
        detail:
          "This signer runs in OIDC identity mode: the identity comes only from a verified ID token, so a direct invoke cannot issue a token. Call GET /token with the ID token.",
      },
    });
    expect([loads, logged]).toEqual([0, []]);
  });
});
