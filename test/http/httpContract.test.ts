import { describe, expect, it } from "vitest";
import type { FunctionUrlResponse } from "../../lambda/http/functionUrlEvent.ts";
import type { Problem } from "../../lambda/http/problem.ts";
import { createSigner, maxBodyBytes, type Signer, type SignerOptions } from "../../lambda/http/signer.ts";
import { KeyUnavailableError } from "../../lambda/secret/keyCache.ts";
import { createStaticKeySource } from "../../lambda/secret/keySources.ts";
import type { TokenResult } from "../../lambda/token/issueToken.ts";
import {
  decodeJwt,
  functionUrlEvent,
  iamAuthorizer,
  knownSecretText,
  postToken,
  tokenSettings,
} from "../support/signerFixtures.ts";
import { problemOf as checkedProblemOf } from "../support/signerFromEnv.ts";

/** A signer with the known static key and no logs; `overrides` replace its options. */
const quietSigner = (overrides: Partial<SignerOptions> = {}): Signer =>
  createSigner({ config: tokenSettings, loadKey: createStaticKeySource(knownSecretText), log: () => {}, ...overrides });

const signer = quietSigner();

async function http(event: unknown, to: Signer = signer): Promise<FunctionUrlResponse> {
  const response = await to.handle(event);
  if (!("statusCode" in response)) throw new Error("expected an HTTP response");
  return response;
}

/** The shared problem checks, and no member beyond type, title, status, detail and errors. */
function problemOf(response: FunctionUrlResponse): Problem {
  const body = checkedProblemOf(response);
  expect(Object.keys(body).sort()).toEqual(
    body.errors === undefined ? ["detail", "status", "title", "type"] : ["detail", "errors", "status", "title", "type"],
  );
  return body;
}

describe("POST /token (Function URL payload 2.0)", () => {
  it("answers 200 with token, jti, sid, expiresAt as JSON, no-store", async () => {
    const response = await http(postToken({ sub: "customer@example.com", stp: "email", sid: "s-1", ttlSeconds: 30 }));
    expect(response.statusCode).toBe(200);
    expect(response.headers).toEqual({
      "content-type": "application/json",
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    });
    expect(response.isBase64Encoded).toBe(false);
    const body = JSON.parse(response.body) as TokenResult;
    expect(Object.keys(body)).toEqual(["token", "jti", "sid", "expiresAt"]);
    const claims = decodeJwt(body.token).payload;
    expect(claims["jti"]).toBe(body.jti);
    expect(body.sid).toBe("s-1");
    expect(new Date(body.expiresAt).getTime()).toBe((claims["exp"] as number) * 1000);
    expect(body.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
  });

  it("accepts a base64-encoded body, as Function URLs deliver binary content", async () => {
    const body = Buffer.from(JSON.stringify({ sub: "+385911234567", stp: "msisdn" })).toString("base64");
    const response = await http(functionUrlEvent({ body, isBase64Encoded: true }));
    expect(response.statusCode).toBe(200);
    expect(decodeJwt((JSON.parse(response.body) as TokenResult).token).payload["sub"]).toBe("+385911234567");
  });

  it.each([
    ["application/json"],
    ["application/json; charset=utf-8"],
    ["Application/JSON"],
    ["application/merge-patch+json"],
  ])("accepts Content-Type %j", async (type) => {
    expect(
      (await http(postToken({ sub: "a", stp: "externalPersonId" }, { headers: { "content-type": type } }))).statusCode,
    ).toBe(200);
  });

  it("refuses a body without Content-Type (a CORS-simple request) and reads header names case-insensitively", async () => {
    expect((await http(postToken({ sub: "a", stp: "externalPersonId" }, { headers: {} }))).statusCode).toBe(415);
    expect(
      (
        await http(
          postToken({ sub: "a", stp: "externalPersonId" }, { headers: { "Content-Type": "application/json" } }),
        )
      ).statusCode,
    ).toBe(200);
    const upper = await http(
      postToken({ sub: "a", stp: "externalPersonId" }, { headers: { "Content-Type": "text/plain" } }),
    );
    expect(upper.statusCode).toBe(415);
  });

  it.each([
    ["text/plain"],
    ["application/x-www-form-urlencoded"],
    ["multipart/form-data; boundary=x"],
    ["application/jsonx"],
  ])("answers 415 for Content-Type %j", async (type) => {
    const response = await http(
      postToken({ sub: "a", stp: "externalPersonId" }, { headers: { "content-type": type } }),
    );
    expect(response.statusCode).toBe(415);
    expect(problemOf(response).title).toBe("Unsupported media type");
  });

  it.each([["{"], ["not json"], ['{"sub":"a","stp":"email",}'], ["\u0000"]])(
    "answers 400 invalid-json for %j, without echoing the body",
    async (body) => {
      const response = await http(functionUrlEvent({ body }));
      expect(response.statusCode).toBe(400);
      const p = problemOf(response);
      expect(p.type).toBe("urn:livechat-aws:problem:invalid-json");
      expect(response.body).not.toContain("not json");
      // A one-character body ("{") may appear in any detail; a longer one must not be echoed.
      if (body.length > 1) expect(p.detail).not.toContain(body);
    },
  );

  it("answers 400 for an empty body and for invalid UTF-8 in a base64 body", async () => {
    expect(problemOf(await http(functionUrlEvent({}))).status).toBe(400);
    expect(problemOf(await http(functionUrlEvent({ body: "" }))).status).toBe(400);
    const invalidUtf8 = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString("base64");
    expect(problemOf(await http(functionUrlEvent({ body: invalidUtf8, isBase64Encoded: true }))).type).toBe(
      "urn:livechat-aws:problem:invalid-json",
    );
  });

  it("answers 400 with per-field errors", async () => {
    const response = await http(postToken({ sub: "not-an-email", stp: "email", ttlSeconds: 5, role: "admin" }));
    const p = problemOf(response);
    expect(response.statusCode).toBe(400);
    expect(p.type).toBe("urn:livechat-aws:problem:invalid-request");
    expect(p.errors?.map((e) => e.field)).toEqual(["role", "sub", "ttlSeconds"]);
    expect(response.body).not.toContain("not-an-email");
  });

  describe("body size limit", () => {
    const padded = (bytes: number) => {
      const base = JSON.stringify({ sub: "a", stp: "externalPersonId", sid: "s" });
      return `${base.slice(0, -1)}${" ".repeat(bytes - base.length)}}`;
    };

    it(`accepts exactly ${maxBodyBytes} bytes and refuses ${maxBodyBytes + 1} with 413`, async () => {
      expect(Buffer.byteLength(padded(maxBodyBytes))).toBe(maxBodyBytes);
      expect((await http(functionUrlEvent({ body: padded(maxBodyBytes) }))).statusCode).toBe(200);
      const response = await http(functionUrlEvent({ body: padded(maxBodyBytes + 1) }));
      expect(response.statusCode).toBe(413);
      expect(problemOf(response).title).toBe("Request body too large");
    });

    it("counts UTF-8 bytes, not characters", async () => {
      const sub = "é".repeat(2100); // 2100 chars, 4200 bytes
      expect((await http(postToken({ sub, stp: "externalPersonId" }))).statusCode).toBe(413);
    });

    it("checks the decoded length of base64 bodies, before parsing", async () => {
      const ok = Buffer.from(padded(maxBodyBytes)).toString("base64");
      expect((await http(functionUrlEvent({ body: ok, isBase64Encoded: true }))).statusCode).toBe(200);
      const over = Buffer.from(padded(maxBodyBytes + 1)).toString("base64");
      expect((await http(functionUrlEvent({ body: over, isBase64Encoded: true }))).statusCode).toBe(413);
      expect((await http(functionUrlEvent({ body: "A".repeat(6_000_000), isBase64Encoded: true }))).statusCode).toBe(
        413,
      );
    });

    it("refuses a 6 MB body with 413, not 400", async () => {
      expect((await http(functionUrlEvent({ body: `{"sub":"${"a".repeat(6_000_000)}"}` }))).statusCode).toBe(413);
    });
  });

  it.each([["GET"], ["PUT"], ["DELETE"], ["PATCH"], ["HEAD"], ["OPTIONS"], ["get"], ["TRACE"]])(
    "answers %s /token with 405 and Allow: POST",
    async (method) => {
      const response = await http(postToken({ sub: "a", stp: "externalPersonId" }, { method }));
      expect(response.statusCode).toBe(405);
      expect(response.headers["allow"]).toBe("POST");
      expect(problemOf(response).type).toBe("urn:livechat-aws:problem:method-not-allowed");
    },
  );

  it("treats a lower-case post as POST (methods are case-sensitive in HTTP, but Function URLs upper-case them)", async () => {
    expect((await http(postToken({ sub: "a", stp: "externalPersonId" }, { method: "post" }))).statusCode).toBe(200);
  });

  it.each([["/"], ["/token/"], ["/TOKEN"], ["/tokens"], ["/token/x"], ["//token"], ["/api/token"], [""]])(
    "answers 404 for path %j, whatever the method",
    async (path) => {
      for (const method of ["POST", "GET"]) {
        const response = await http(postToken({ sub: "a", stp: "externalPersonId" }, { method, path }));
        expect(response.statusCode).toBe(404);
        expect(problemOf(response).detail).toBe(
          "No route matches this path. Routes here: POST /token, DELETE /sessions/{sid} (not configured: needs the Infobip API secret).",
        );
      }
    },
  );

  it("answers 503 with Retry-After when the key is unavailable, and 503 (Retry-After 5) for an untyped key failure", async () => {
    const unavailable = quietSigner({ loadKey: () => Promise.reject(new KeyUnavailableError("down", 7)) });
    const response = await http(postToken({ sub: "a", stp: "externalPersonId" }), unavailable);
    expect(response.statusCode).toBe(503);
    expect(response.headers["retry-after"]).toBe("7");
    expect(problemOf(response).detail).not.toContain("down");
    const broken = quietSigner({ loadKey: () => Promise.reject(new Error("internal detail")) });
    const second = await http(postToken({ sub: "a", stp: "externalPersonId" }), broken);
    expect(second.statusCode).toBe(503);
    expect(second.headers["retry-after"]).toBe("5");
    expect(second.body).not.toContain("internal detail");
  });

  it("answers 500 with a generic problem when signing itself fails, never the internal message", async () => {
    const badKey = quietSigner({
      loadKey: async () => ({
        ...(await createStaticKeySource(knownSecretText)()),
        cryptoKey: "not a key" as unknown as CryptoKey,
      }),
    });
    const response = await http(postToken({ sub: "a", stp: "externalPersonId" }), badKey);
    expect(response.statusCode).toBe(500);
    expect(problemOf(response)).toEqual({
      type: "urn:livechat-aws:problem:internal-error",
      title: "Internal error",
      status: 500,
      detail: "The token could not be issued.",
    });
  });
});

describe("direct invoke (the event is the request object)", () => {
  it("returns the result object", async () => {
    const result = (await signer.handle({ sub: "customer@example.com", stp: "email", sid: "abc" })) as TokenResult;
    expect(Object.keys(result)).toEqual(["token", "jti", "sid", "expiresAt"]);
    expect(decodeJwt(result.token).payload["sub"]).toBe("customer@example.com");
  });

  it("returns a problem object for an invalid request, an array, null, or a string", async () => {
    const p = (await signer.handle({ sub: "x", stp: "fax" })) as Problem;
    expect(p).toMatchObject({ type: "urn:livechat-aws:problem:invalid-request", status: 400 });
    expect(p.errors?.map((e) => e.field)).toEqual(["stp"]);
    for (const event of [[], null, "a@b.co", 42, undefined]) {
      expect(((await signer.handle(event)) as Problem).status).toBe(400);
    }
  });

  it("does not mistake a payload-1.0 / REST API event for a request: unknown fields", async () => {
    const p = (await signer.handle({ httpMethod: "POST", path: "/token", body: "{}" })) as Problem;
    expect(p.status).toBe(400);
    expect(p.errors?.map((e) => e.field)).toEqual(["httpMethod", "path", "body", "stp", "sub"]);
  });
});

describe("Function URL events with odd shapes (a direct invoke may send any JSON)", () => {
  it.each([[5], [{}], [[]], [true]])(
    "a non-string requestContext.http.path %j without rawPath → 404, never a throw",
    async (path) => {
      for (const pathPrefix of [undefined, "/livechat"]) {
        const response = await http(
          { requestContext: { http: { method: "POST", path }, authorizer: iamAuthorizer }, body: "{}" },
          quietSigner(pathPrefix === undefined ? {} : { pathPrefix }),
        );
        expect(response.statusCode).toBe(404);
        expect(problemOf(response).type).toBe("urn:livechat-aws:problem:not-found");
      }
    },
  );
});
