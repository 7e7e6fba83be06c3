// Session invalidation against a local stand-in of Infobip's API: exact request, every
// response mapping, bounded retries with full-jitter backoff, timeouts, and no key leaks.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { invalidateSession } from "../../lambda/sessions/invalidateSession.ts";
import type { InvalidateSessionOptions, InvalidateSessionResult } from "../../lambda/sessions/invalidateSession.ts";
import { infobipErrorBodies, startInfobipApiStandIn } from "../support/infobipApiStandIn.ts";
import type { InfobipApiStandIn } from "../support/infobipApiStandIn.ts";

const apiKey = "0123456789abcdef0123456789abcdef-e1f2";
const widgetId = "4a6b?8c#d%e";
let infobip: InfobipApiStandIn;
let sleeps: number[];
let callsBefore: number;

beforeAll(async () => {
  infobip = await startInfobipApiStandIn();
});
afterAll(async () => {
  await infobip.close();
});
beforeEach(() => {
  sleeps = [];
  callsBefore = infobip.requests().length;
  infobip.clearScript();
});

function invalidate(overrides: Partial<InvalidateSessionOptions> = {}): Promise<InvalidateSessionResult> {
  return invalidateSession({
    baseUrl: infobip.baseUrl,
    apiKey,
    widgetId,
    sid: "session-1",
    timeoutMs: 300,
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...overrides,
  });
}

const calls = (): number => infobip.requests().length - callsBefore;

function expectNoKeyIn(result: InvalidateSessionResult): void {
  expect(JSON.stringify(result)).not.toContain(apiKey);
  expect(JSON.stringify(result)).not.toContain(apiKey.slice(0, 16));
}

describe("request", () => {
  it("sends DELETE to the encoded widget and session path with Authorization: App <key>", async () => {
    infobip.script({ status: 204 });
    expect(await invalidate({ sid: "a%b?c#d&e" })).toEqual({ status: 204, attempts: 1 });
    expect(infobip.requests().at(-1)).toEqual({
      method: "DELETE",
      path: "/livechat/1/widgets/4a6b%3F8c%23d%25e/sessions/a%25b%3Fc%23d%26e",
      authorization: `App ${apiKey}`,
      accept: "application/json",
    });
  });

  it.each([["s".repeat(51)], ["a/b"], [".."], ["."], [""], ["tab\there"], ["ünïcode"]])(
    "refuses sid %j with 400 without calling Infobip",
    async (sid) => {
      const result = await invalidate({ sid });
      expect(result).toMatchObject({ status: 400, attempts: 0, problem: { status: 400, title: "Invalid session ID" } });
      expect(calls()).toBe(0);
    },
  );

  it("refuses a widgetId that would leave its path segment", async () => {
    await expect(invalidate({ widgetId: "w/../x" })).rejects.toThrow("without '/'");
    await expect(invalidate({ widgetId: ".." })).rejects.toThrow("without '/'");
    expect(calls()).toBe(0);
  });

  it("refuses a baseUrl with a path or without https before calling", async () => {
    await expect(invalidate({ baseUrl: `${infobip.baseUrl}/livechat` })).rejects.toThrow("without a path");
    await expect(invalidate({ baseUrl: "http://api.infobip.com" })).rejects.toThrow("must use https://");
    expect(calls()).toBe(0);
  });
});

describe("response mapping", () => {
  it("maps 204 to 204", async () => {
    infobip.script({ status: 204 });
    expect(await invalidate()).toEqual({ status: 204, attempts: 1 });
  });

  it("maps 404 to a 404 problem", async () => {
    infobip.script({ status: 404, body: infobipErrorBodies.notFound });
    const result = await invalidate();
    expect(result).toEqual({
      status: 404,
      attempts: 1,
      problem: {
        type: "urn:livechat-aws:problem:session-not-found",
        title: "Session not found",
        status: 404,
        detail: "Infobip has no active session with this ID for the widget (NOT_FOUND: Session not found).",
      },
    });
  });

  it.each([
    [401, infobipErrorBodies.unauthorized, "(UNAUTHORIZED: Invalid login details)"],
    [403, infobipErrorBodies.forbidden, "(FORBIDDEN: Insufficient permissions: live-chat:manage)"],
  ])(
    "maps %i to a non-retryable 502 naming the key and the live-chat:manage scope",
    async (status, body, exception) => {
      infobip.script({ status, body });
      const result = await invalidate();
      expect(result.status).toBe(502);
      if (result.status === 204) return;
      expect(result.problem).toMatchObject({
        status: 502,
        title: "Infobip rejected the API key",
        retryable: false,
        type: "urn:livechat-aws:problem:infobip-api-key-rejected",
      });
      expect(result.problem.detail).toContain(`Infobip answered HTTP ${status} ${exception}`);
      expect(result.problem.detail).toContain("lacks the live-chat:manage scope");
      expect(calls()).toBe(1);
      expectNoKeyIn(result);
    },
  );

  it("scrubs the API key and control characters from an upstream error text, and bounds its length", async () => {
    infobip.script({
      status: 401,
      body: {
        requestError: {
          serviceException: {
            messageId: "UNAUTHORIZED",
            text: `Bad key App ${apiKey}\r\nInjected: yes ${"x".repeat(500)}`,
          },
        },
      },
    });
    const result = await invalidate();
    expectNoKeyIn(result);
    if (result.status === 204) throw new Error("expected a problem");
    expect(result.problem.detail).toContain("Bad key App [redacted]");
    expect(result.problem.detail).not.toMatch(/[\r\n]/);
    expect(result.problem.detail.length).toBeLessThan(400);
  });

  it.each([
    [200, false],
    [400, false],
    [429, true],
  ])("maps an unexpected %i to 502 without retrying", async (status, retryable) => {
    infobip.script({ status, body: { ok: true } });
    const result = await invalidate();
    expect(result).toMatchObject({ status: 502, attempts: 1, problem: { status: 502, retryable } });
    expect(calls()).toBe(1);
  });
});

describe("retries", () => {
  it("retries 5xx and succeeds: 500, 503, 204 → 204 after 3 calls with full-jitter delays", async () => {
    infobip.script({ status: 500, body: infobipErrorBodies.serverError }, { status: 503 }, { status: 204 });
    expect(await invalidate({ baseDelayMs: 100 })).toEqual({ status: 204, attempts: 3 });
    expect(calls()).toBe(3);
    // random() = 0.5 of min(2000, 100·2^n) for n = 0, 1.
    expect(sleeps).toEqual([50, 100]);
  });

  it("gives up after 1 + retries calls on persistent 5xx with a retryable 502", async () => {
    infobip.script({ status: 500 }, { status: 500 }, { status: 500, body: infobipErrorBodies.serverError });
    const result = await invalidate();
    expect(result).toEqual({
      status: 502,
      attempts: 3,
      problem: {
        type: "urn:livechat-aws:problem:infobip-upstream-error",
        title: "Infobip is unavailable",
        status: 502,
        detail:
          "Infobip answered HTTP 500 (GENERAL_ERROR: Something went wrong) (3 attempts); the session may still be active. Retry later.",
        retryable: true,
      },
    });
    expect(calls()).toBe(3);
  });

  it("honours retries: 0 and retries: 4", async () => {
    infobip.script({ status: 502 });
    expect(await invalidate({ retries: 0 })).toMatchObject({ status: 502, attempts: 1 });
    infobip.script({ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 }, { status: 500 });
    expect(await invalidate({ retries: 4 })).toMatchObject({ status: 502, attempts: 5 });
    expect(calls()).toBe(6);
    await expect(invalidate({ retries: 6 })).rejects.toThrow("retries must be a whole number from 0 to 5");
  });

  it("caps backoff at maxDelayMs", async () => {
    infobip.script({ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 });
    await invalidate({ retries: 3, baseDelayMs: 1000, maxDelayMs: 1500, random: () => 0.999 });
    expect(sleeps).toEqual([999, 1498, 1498]);
  });

  it("maps a slow Infobip (beyond the timeout on every attempt) to a retryable 504", async () => {
    infobip.script("hang", "hang", "hang");
    const result = await invalidate({ timeoutMs: 100 });
    expect(result).toMatchObject({
      status: 504,
      attempts: 3,
      problem: { status: 504, retryable: true, type: "urn:livechat-aws:problem:infobip-upstream-timeout" },
    });
    expect(calls()).toBe(3);
  });

  it("recovers from a timeout then a dropped connection", async () => {
    infobip.script("hang", "reset", { status: 204 });
    expect(await invalidate({ timeoutMs: 100 })).toEqual({ status: 204, attempts: 3 });
  });

  it("says an earlier attempt may have ended the session when a retry gets 404", async () => {
    infobip.script({ status: 500 }, { status: 404 });
    const result = await invalidate();
    expect(result).toMatchObject({ status: 404, attempts: 2 });
    if (result.status === 204) return;
    expect(result.problem.detail).toContain("An earlier attempt that failed may already have ended it.");
  });

  it("maps an unreachable Infobip to a retryable 502", async () => {
    const closed = await startInfobipApiStandIn();
    const baseUrl = closed.baseUrl;
    await closed.close();
    const result = await invalidate({ baseUrl });
    expect(result).toMatchObject({ status: 502, attempts: 3, problem: { retryable: true } });
    if (result.status === 204) return;
    expect(result.problem.detail).toContain("could not be reached");
  });
});
