// The IAM-mode token route on its own: the body names the customer, the outcome is a token (with its
// token.issued line) or a problem, and the key is loaded only for a valid request.
import { describe, expect, it } from "vitest";
import { postToken } from "../../../lambda/http/routes/postToken.ts";
import { KeyUnavailableError, type KeySource } from "../../../lambda/secret/keyCache.ts";
import { createStaticKeySource } from "../../../lambda/secret/keySources.ts";
import {
  decodeJwt,
  expectedPseudonym,
  knownSecret,
  knownSecretText,
  tokenSettings,
} from "../../support/signerFixtures.ts";
import { fixedJti, fixedNowMs, httpRequest, problemOf, routeContext, tokenOf } from "./routeContext.ts";

const post = (body: string | undefined, headers: Record<string, string> = { "content-type": "application/json" }) =>
  httpRequest({ method: "POST", path: "/token", headers, ...(body === undefined ? {} : { body }) });

/** The static key source, counting how often the route asks it for the key. */
function countingKeySource(): { loadKey: KeySource; loads: () => number } {
  const source = createStaticKeySource(knownSecretText);
  let loads = 0;
  return { loadKey: Object.assign(() => (loads++, source()), { peek: source.peek }), loads: () => loads };
}

describe("postToken (IAM mode POST /token)", () => {
  it("signs the body's customer: the token's claims, the result, and one token.issued line with a keyed subHash", async () => {
    const { ctx, logged } = routeContext();
    const result = tokenOf(
      await postToken(
        ctx,
        post(JSON.stringify({ sub: "customer@example.com", stp: "email", sid: "s-1", ttlSeconds: 30 })),
      ),
    );
    const iat = fixedNowMs / 1000;
    expect(result).toEqual({
      token: result.token,
      jti: fixedJti,
      sid: "s-1",
      expiresAt: new Date((iat + 30) * 1000).toISOString(),
    });
    expect(decodeJwt(result.token).payload).toEqual({
      jti: fixedJti,
      sub: "customer@example.com",
      stp: "email",
      iss: tokenSettings.widgetId,
      iat,
      exp: iat + 30,
      ski: knownSecret.id,
      sid: "s-1",
    });
    expect(logged).toEqual([
      {
        level: "info",
        event: "token.issued",
        fields: {
          mode: "http",
          jti: fixedJti,
          stp: "email",
          subHash: expectedPseudonym(knownSecret.key, "customer@example.com"),
          ttlSeconds: 30,
          ski: 3,
          hasSid: true,
        },
      },
    ]);
  });

  it("refuses bad fields with one error per field, without loading the key", async () => {
    const { loadKey, loads } = countingKeySource();
    const { ctx, logged } = routeContext({ loadKey });
    const { problem } = problemOf(await postToken(ctx, post(JSON.stringify({ sub: "x", stp: "fax", extra: 1 }))));
    expect(problem).toMatchObject({
      type: "urn:livechat-aws:problem:invalid-request",
      status: 400,
      detail: "The request has 2 problem(s); see errors.",
    });
    expect(problem.errors?.map((e) => e.field)).toEqual(["extra", "stp"]);
    expect(loads()).toBe(0);
    expect(logged).toEqual([]);
  });

  it("says what to send for an empty body, and refuses a body not declared JSON (415, Accept-Post)", async () => {
    const { ctx } = routeContext();
    expect(problemOf(await postToken(ctx, post(undefined))).problem).toEqual({
      type: "urn:livechat-aws:problem:invalid-request",
      title: "Invalid token request",
      status: 400,
      detail: 'The body is empty: send a JSON object such as {"sub":"…","stp":"email"}.',
    });
    const undeclared = problemOf(
      await postToken(ctx, post('{"sub":"a","stp":"externalPersonId"}', { "content-type": "text/plain" })),
    );
    expect([undeclared.problem.status, undeclared.headers]).toEqual([415, { "accept-post": "application/json" }]);
    const notJson = problemOf(await postToken(ctx, post("{sub:")));
    expect(notJson.problem.detail).toBe(
      'The body is not valid JSON: send an object such as {"sub":"…","stp":"email"}.',
    );
  });

  it("answers 503 with the key source's Retry-After, or 5 s for an untyped failure", async () => {
    const body = JSON.stringify({ sub: "a", stp: "externalPersonId" });
    const typed = routeContext({ loadKey: () => Promise.reject(new KeyUnavailableError("no key", 7)) });
    expect(problemOf(await postToken(typed.ctx, post(body)))).toMatchObject({
      problem: { type: "urn:livechat-aws:problem:key-unavailable", status: 503 },
      headers: { "retry-after": "7" },
    });
    const untyped = routeContext({ loadKey: () => Promise.reject(new Error("boom")) });
    expect(problemOf(await postToken(untyped.ctx, post(body))).headers).toEqual({ "retry-after": "5" });
    expect(typed.logged).toEqual([]);
  });
});
