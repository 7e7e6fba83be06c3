// Property-based fuzzing of the handler: arbitrary methods, paths, headers, bodies (text and
// base64) and direct-invoke objects. Never a 500; always a valid problem or a valid token;
// never the key in a response.
import { createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FunctionUrlResponse } from "../../lambda/http/functionUrlEvent.ts";
import { createSigner } from "../../lambda/http/signer.ts";
import { createStaticKeySource } from "../../lambda/secret/keySources.ts";
import {
  decodeJwt,
  iamAuthorizer,
  knownKeyHex,
  knownSecret,
  knownSecretText,
  tokenSettings,
} from "../support/signerFixtures.ts";

const signer = createSigner({ config: tokenSettings, loadKey: createStaticKeySource(knownSecretText), log: () => {} });
const keyBytes = Buffer.from(knownSecret.key, "base64");
const keyForms = [knownSecret.key, knownKeyHex, knownKeyHex.toUpperCase(), keyBytes.toString("base64url")];

function assertValidToken(token: unknown): void {
  expect(typeof token).toBe("string");
  const jwt = decodeJwt(token as string);
  expect(jwt.headerText).toBe('{"alg":"HS256","typ":"JWT"}');
  expect(jwt.signature).toBe(createHmac("sha256", keyBytes).update(jwt.signingInput).digest("base64url"));
  const claims = jwt.payload;
  expect(["email", "msisdn", "externalPersonId"]).toContain(claims["stp"]);
  expect(typeof claims["sub"]).toBe("string");
  expect(claims["iss"]).toBe(tokenSettings.widgetId);
  expect(claims["ski"]).toBe(3);
  expect((claims["exp"] as number) - (claims["iat"] as number)).toBeGreaterThanOrEqual(10);
  expect((claims["exp"] as number) - (claims["iat"] as number)).toBeLessThanOrEqual(tokenSettings.maxTtlSeconds);
}

function assertProblem(value: unknown, status?: number): void {
  const p = value as Record<string, unknown>;
  expect(typeof p["type"]).toBe("string");
  expect(typeof p["title"]).toBe("string");
  expect(typeof p["detail"]).toBe("string");
  expect([400, 403, 404, 405, 413, 415]).toContain(p["status"]);
  if (status !== undefined) expect(p["status"]).toBe(status);
  for (const key of Object.keys(p)) expect(["type", "title", "status", "detail", "errors"]).toContain(key);
}

function assertNoKey(response: unknown): void {
  const text = JSON.stringify(response);
  for (const form of keyForms) expect(text).not.toContain(form);
}

const nearValidRequest = fc.record(
  {
    sub: fc.oneof(
      fc.emailAddress(),
      fc.stringMatching(/^\+?[0-9]{6,17}$/),
      fc.string({ maxLength: 300 }),
      fc.string({ unit: "binary", maxLength: 80 }),
      fc.anything(),
    ),
    stp: fc.oneof(fc.constantFrom("email", "msisdn", "externalPersonId"), fc.string(), fc.anything()),
    sid: fc.oneof(fc.uuid(), fc.string({ maxLength: 60 }), fc.anything()),
    ttlSeconds: fc.oneof(fc.integer({ min: -5, max: 100 }), fc.double(), fc.anything()),
  },
  { requiredKeys: [] },
);

const validRequest = fc.oneof(
  fc.record({ sub: fc.emailAddress(), stp: fc.constant("email") }),
  fc.record({
    sub: fc.stringMatching(/^\+?[1-9][0-9]{7,14}$/),
    stp: fc.constant("msisdn"),
    ttlSeconds: fc.integer({ min: 10, max: 60 }),
  }),
  fc.record({
    sub: fc
      .string({ minLength: 1, maxLength: 255 })
      .filter((s) => s.trim() === s && !/[\u0000-\u001f\u007f-\u009f]/.test(s)),
    stp: fc.constant("externalPersonId"),
    sid: fc.uuid(),
  }),
);

const requestObject = fc.oneof(
  { weight: 3, arbitrary: validRequest },
  { weight: 4, arbitrary: nearValidRequest },
  {
    weight: 1,
    arbitrary: fc
      .tuple(nearValidRequest, fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue()))
      .map(([a, b]) => ({ ...b, ...a })),
  },
  { weight: 1, arbitrary: fc.anything() },
);

const bodyText = fc.oneof(
  { weight: 4, arbitrary: requestObject.map((o) => JSON.stringify(o) ?? "") },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 200 }) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 4000, max: 9000 }).map((n) => `{"sub":"${"a".repeat(n)}","stp":"externalPersonId"}`),
  },
);

// Mostly an AWS_IAM URL's caller; sometimes what an auth-NONE URL (or a forged event) would carry.
const authorizer = fc.oneof(
  { weight: 8, arbitrary: fc.constant({ authorizer: iamAuthorizer }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom({}, { authorizer: null }, { authorizer: {} }, { authorizer: { iam: null } }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      authorizer: fc.record({
        iam: fc.dictionary(fc.constantFrom("accountId", "userArn", "callerId"), fc.jsonValue(), { maxKeys: 3 }),
      }),
    }),
  },
);
const authorized = (event: { requestContext: { authorizer?: unknown } }): boolean => {
  const iam = (event.requestContext.authorizer as { iam?: Record<string, unknown> } | null | undefined)?.iam;
  return (
    typeof iam?.["accountId"] === "string" &&
    iam["accountId"] !== "" &&
    typeof iam["userArn"] === "string" &&
    iam["userArn"] !== ""
  );
};

const functionUrlEvent = fc
  .record({
    method: fc.oneof(
      { weight: 5, arbitrary: fc.constant("POST") },
      fc.constantFrom("GET", "PUT", "DELETE", "OPTIONS", "HEAD", "post"),
      fc.string({ maxLength: 10 }),
    ),
    path: fc.oneof(
      { weight: 5, arbitrary: fc.constant("/token") },
      fc.constantFrom("/", "/token/", "/x", ""),
      fc.string({ maxLength: 30 }),
    ),
    contentType: fc.option(
      fc.oneof(
        { weight: 4, arbitrary: fc.constant("application/json") },
        fc.constantFrom("application/json", "application/json; charset=utf-8", "text/plain"),
        fc.string({ maxLength: 30 }),
      ),
    ),
    extraHeaders: fc.dictionary(fc.string({ maxLength: 20 }), fc.string({ maxLength: 40 }), { maxKeys: 4 }),
    body: fc.option(bodyText),
    base64: fc.boolean(),
    rawBase64: fc.boolean(),
    auth: authorizer,
  })
  .map(({ method, path, contentType, extraHeaders, body, base64, rawBase64, auth }) => ({
    version: "2.0",
    rawPath: path,
    headers: { ...extraHeaders, ...(contentType === null ? {} : { "content-type": contentType }) },
    ...(body === null ? {} : { body: base64 && !rawBase64 ? Buffer.from(body).toString("base64") : body }),
    isBase64Encoded: base64,
    requestContext: { requestId: "fuzz", http: { method, path }, ...auth },
  }));

describe("handler fuzzing (fast-check)", () => {
  it("answers every Function URL event with a valid token or a matching problem+json, never 500, never the key; 403 without an IAM caller", async () => {
    let tokens = 0;
    let unauthenticated = 0;
    await fc.assert(
      fc.asyncProperty(functionUrlEvent, async (event) => {
        const response = (await signer.handle(event)) as FunctionUrlResponse;
        expect(response.statusCode).not.toBe(500);
        expect(response.headers["cache-control"]).toBe("no-store");
        assertNoKey(response);
        const body = JSON.parse(response.body) as Record<string, unknown>;
        if (response.statusCode === 200) {
          expect(response.headers["content-type"]).toBe("application/json");
          assertValidToken(body["token"]);
          tokens += 1;
        } else {
          expect(response.headers["content-type"]).toBe("application/problem+json");
          assertProblem(body, response.statusCode);
        }
        if (!authorized(event)) {
          expect(body["type"]).toBe("urn:livechat-aws:problem:iam-authentication-required");
          unauthenticated += 1;
        } else expect(response.statusCode).not.toBe(403);
      }),
      { numRuns: 1500 },
    );
    expect(tokens).toBeGreaterThan(10);
    expect(unauthenticated).toBeGreaterThan(10);
  });

  it("answers every direct invoke with a valid result or a problem object, never 500, never the key", async () => {
    let tokens = 0;
    await fc.assert(
      fc.asyncProperty(requestObject, async (event) => {
        const result = (await signer.handle(event)) as unknown as Record<string, unknown>;
        assertNoKey(result);
        if ("token" in result) {
          assertValidToken(result["token"]);
          expect(Object.keys(result).sort()).toEqual(
            "sid" in result ? ["expiresAt", "jti", "sid", "token"] : ["expiresAt", "jti", "token"],
          );
          tokens += 1;
        } else assertProblem(result);
      }),
      { numRuns: 1500 },
    );
    expect(tokens).toBeGreaterThan(10);
  });
});
