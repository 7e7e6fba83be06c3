// Property-based fuzzing of session invalidation against the Infobip API stand-in on 127.0.0.1:
// arbitrary statuses and bodies (some echoing the API key) map to 204, 404 or a 502 problem,
// and no problem ever carries the key.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { problemTypes } from "../../lambda/sessions/problem.ts";
import { invalidateSession } from "../../lambda/sessions/invalidateSession.ts";
import { startInfobipApiStandIn } from "../support/infobipApiStandIn.ts";
import type { InfobipApiStandIn } from "../support/infobipApiStandIn.ts";

let infobip: InfobipApiStandIn;
beforeAll(async () => {
  infobip = await startInfobipApiStandIn();
});
afterAll(async () => {
  await infobip.close();
});

const apiKey = fc.stringMatching(/^[A-Za-z0-9-]{16,64}$/);

/** Bodies built around the key: Infobip-shaped errors, some of which echo it, and junk. */
function bodyFor(key: string) {
  const withKey = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.constant(key),
    fc.tuple(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 })).map(([a, b]) => `${a}${key}${b}`),
    fc.constant(`Invalid login details for App ${key}`),
    fc.constant(`${key}\u0000${key}`),
    fc.string({ unit: "binary", maxLength: 200 }),
  );
  return fc.oneof(
    fc.constant(undefined),
    fc.record({
      requestError: fc.record({
        serviceException: fc.record(
          {
            messageId: fc.oneof(withKey, fc.jsonValue({ maxDepth: 1 })),
            text: fc.oneof(withKey, fc.jsonValue({ maxDepth: 1 })),
          },
          { requiredKeys: [] },
        ),
      }),
    }),
    fc.jsonValue({ maxDepth: 3 }),
    withKey, // sent as a raw (non-JSON) body
    withKey.map((text) => JSON.stringify({ requestError: { serviceException: { text } } }).slice(0, -2)), // truncated JSON
  );
}

const scenario = apiKey.chain((key) =>
  fc.record({
    apiKey: fc.constant(key),
    // Not 421: Node's fetch (undici) answers a 421 Misdirected Request by retrying once on a new
    // connection itself (RFC 9110 §15.5.20), so the stand-in's next answer, not the 421, comes back.
    status: fc.oneof(
      fc.constantFrom(204, 400, 401, 403, 404, 409, 429, 500, 502, 503),
      fc.integer({ min: 200, max: 599 }).filter((s) => s !== 421),
    ),
    body: bodyFor(key),
  }),
);

describe("invalidateSession under arbitrary Infobip answers (fast-check, stand-in on 127.0.0.1)", () => {
  it("maps every answer to 204, 404 or a 502 problem that never carries the API key", async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ apiKey: key, status, body }) => {
        infobip.clearScript();
        infobip.script(body === undefined ? { status } : { status, body });
        const result = await invalidateSession({
          baseUrl: infobip.baseUrl,
          apiKey: key,
          widgetId: "widget-1",
          sid: "session-1",
          retries: 0,
          timeoutMs: 5000,
        });
        expect([204, 400, 404, 502, 504]).toContain(result.status);
        expect(result.attempts).toBe(1);
        const expected = status === 204 ? 204 : status === 404 ? 404 : 502;
        expect(result.status).toBe(expected);
        if ("problem" in result) {
          expect(result.problem.status).toBe(result.status);
          expect(Object.values(problemTypes)).toContain(result.problem.type);
          expect(result.problem.detail).toMatch(/^[\x20-\x7e\u2026]+$/);
          expect(JSON.stringify(result)).not.toContain(key);
          if (status === 401 || status === 403) expect(result.problem.type).toBe(problemTypes.apiKeyRejected);
          if (status >= 500) expect(result.problem.retryable).toBe(true);
        } else {
          expect(result).toEqual({ status: 204, attempts: 1 });
        }
      }),
      { numRuns: 60 },
    );
  });
});
