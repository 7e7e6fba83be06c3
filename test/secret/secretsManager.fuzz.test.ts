// Property-based fuzzing of the Secrets Manager client through the whole signer: the stand-in on
// 127.0.0.1 answers GetSecretValue with arbitrary statuses, headers and bodies. The signer answers
// 503 with its key-unavailable problem, or 200 with a token signed by the served key only when the
// answer is a successful GetSecretValue carrying a valid secret. Never a 500, never a throw.
import { createHmac } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SecretSettings } from "../../lambda/config.ts";
import type { FunctionUrlResponse } from "../../lambda/http/functionUrlEvent.ts";
import { createSigner } from "../../lambda/http/signer.ts";
import { createSecretsManagerKeySource } from "../../lambda/secret/keySources.ts";
import { parseSecret } from "../../lambda/secret/parseSecret.ts";
import type { TokenResult } from "../../lambda/token/issueToken.ts";
import { type SecretsManagerStandIn, startSecretsManagerStandIn } from "../support/secretsManagerStandIn.ts";
import { decodeJwt, knownSecretText, postToken, tokenSettings } from "../support/signerFixtures.ts";

const secretName = "livechat/fuzz/key";
let standIn: SecretsManagerStandIn;
beforeAll(async () => {
  standIn = await startSecretsManagerStandIn({ secretName, secretString: knownSecretText });
});
afterAll(async () => {
  await standIn.close();
});

const headerText = fc.stringMatching(/^[\x20-\x7e]{0,40}$/);
const validSecretText = fc
  .tuple(fc.uint8Array({ minLength: 32, maxLength: 64 }), fc.oneof(fc.nat(), fc.uuid()))
  .map(([bytes, id]) => JSON.stringify({ id, key: Buffer.from(bytes).toString("base64") }));
const secretString = fc.oneof(
  validSecretText,
  fc.string({ maxLength: 80 }),
  fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
  fc.jsonValue({ maxDepth: 1 }),
);

const body = fc.oneof(
  // GetSecretValue-shaped answers, some well-formed.
  fc
    .record(
      {
        ARN: fc.string(),
        Name: fc.constant(secretName),
        SecretString: secretString,
        VersionId: fc.oneof(fc.uuid(), fc.jsonValue({ maxDepth: 1 })),
        SecretBinary: fc.base64String(),
      },
      { requiredKeys: [] },
    )
    .map((v) => JSON.stringify(v)),
  // AWS error bodies with arbitrary types and messages.
  fc
    .record(
      {
        __type: fc.oneof(
          fc.constantFrom(
            "ResourceNotFoundException",
            "com.amazonaws#ThrottlingException",
            "AccessDeniedException:http://x",
          ),
          fc.string(),
        ),
        message: fc.oneof(fc.string({ unit: "binary" }), fc.jsonValue({ maxDepth: 1 })),
        Message: fc.string(),
      },
      { requiredKeys: [] },
    )
    .map((v) => JSON.stringify(v)),
  fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
  fc.constantFrom("", "<html><body>Bad Gateway</body></html>", "null", "{", '{"SecretString":'),
  fc.string({ unit: "binary", maxLength: 200 }),
);
const anyAnswer = fc.record({
  status: fc.oneof(
    fc.constantFrom(200, 200, 200, 204, 301, 302, 304, 400, 403, 404, 500, 503),
    fc.integer({ min: 200, max: 599 }),
  ),
  contentType: fc.oneof(
    fc.constantFrom("application/x-amz-json-1.1", "application/json", "text/html"),
    headerText,
    fc.constant(undefined),
  ),
  errorType: fc.oneof(
    fc.constant(undefined),
    fc.constantFrom("ThrottlingException", "ResourceNotFoundException:http://internal.amazon.com/"),
    headerText,
  ),
  body,
});
// A well-formed GetSecretValue body around a valid secret, so that the 200 side is exercised too.
// Mostly 200; sometimes another status around the same body, which must not be taken as a secret.
const wellFormedAnswer = fc.record({
  status: fc.oneof(
    { weight: 3, arbitrary: fc.constant(200) },
    { weight: 2, arbitrary: fc.integer({ min: 200, max: 599 }) },
  ),
  contentType: fc.constantFrom("application/x-amz-json-1.1", undefined),
  errorType: fc.constant(undefined),
  body: fc.tuple(validSecretText, fc.uuid()).map(([secret, versionId]) =>
    JSON.stringify({
      ARN: "arn",
      Name: secretName,
      SecretString: secret,
      VersionId: versionId,
      VersionStages: ["AWSCURRENT"],
    }),
  ),
});
const answer = fc.oneof(anyAnswer, wellFormedAnswer);

/** The key a correct client must sign with for this answer, or undefined when it must refuse. */
function expectedKey(status: number, text: string): { id: number | string; keyBytes: Uint8Array } | undefined {
  if (status < 200 || status > 299 || status === 204 || status === 205) return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value !== "object" || value === null) return undefined;
    const secret = (value as Record<string, unknown>)["SecretString"];
    return typeof secret === "string" ? parseSecret(secret) : undefined;
  } catch {
    return undefined;
  }
}

const settings: SecretSettings = { secretId: secretName, cacheSeconds: 300, staleSeconds: 900, timeoutMs: 2000 };

describe("Secrets Manager client under arbitrary answers (fast-check, stand-in on 127.0.0.1)", () => {
  it("answers 503 key-unavailable or, for a valid secret, 200 with a token signed by it; never 500, never a throw", async () => {
    const env = {
      AWS_REGION: "eu-central-1",
      AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
      AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
      AWS_ENDPOINT_URL_SECRETS_MANAGER: standIn.url,
    };
    const seen = { tokens: 0, refusals: 0 };
    await fc.assert(
      fc.asyncProperty(answer, async ({ status, contentType, errorType, body: text }) => {
        const headers: Record<string, string> = {};
        if (contentType !== undefined) headers["content-type"] = contentType;
        if (errorType !== undefined) headers["x-amzn-errortype"] = errorType;
        standIn.setBehaviour({ kind: "raw", status, headers, body: text });
        // A fresh signer per run: nothing cached or stale from an earlier answer.
        const log = () => {};
        const loadKey = createSecretsManagerKeySource({ settings, env, now: () => 1_700_000_000_000, log });
        const signer = createSigner({ config: tokenSettings, loadKey, now: () => 1_700_000_000_000, log });
        const response = (await signer.handle(
          postToken({ sub: "customer@example.com", stp: "email" }),
        )) as FunctionUrlResponse;

        const key = expectedKey(status, text);
        if (key === undefined) {
          seen.refusals++;
          expect(response.statusCode).toBe(503);
          expect(response.headers["content-type"]).toBe("application/problem+json");
          expect(Number(response.headers["retry-after"])).toBeGreaterThanOrEqual(1);
          expect(JSON.parse(response.body)).toEqual({
            type: "urn:livechat-aws:problem:key-unavailable",
            title: "Signing key unavailable",
            status: 503,
            detail: "The signing key is temporarily unavailable; try again shortly.",
          });
        } else {
          seen.tokens++;
          expect(response.statusCode).toBe(200);
          const jwt = decodeJwt((JSON.parse(response.body) as TokenResult).token);
          expect(jwt.payload["ski"]).toBe(key.id);
          expect(jwt.signature).toBe(createHmac("sha256", key.keyBytes).update(jwt.signingInput).digest("base64url"));
        }
      }),
      { numRuns: 60 },
    );
    // Both sides were exercised (each arm has weight ½: missing one in 60 runs is a 2⁻⁶⁰ event).
    expect(seen.tokens).toBeGreaterThan(0);
    expect(seen.refusals).toBeGreaterThan(0);
  });
});
