// The one place outcomes become answers: toHttp (Function URL responses), toInvokeResult (direct
// invoke results) and logOutcome (the line a refusal or preflight gets, at the level it deserves).
import { describe, expect, it } from "vitest";
import { fail, logOutcome, type Outcome, toHttp, toInvokeResult } from "../../lambda/http/outcome.ts";
import { problem } from "../../lambda/http/problem.ts";
import type { LogEntry } from "./routes/routeContext.ts";

const result = { token: "h.p.s", jti: "j-1", expiresAt: "2026-01-01T00:00:00.000Z" };
const cors = { "access-control-allow-origin": "https://www.shop.example", vary: "Origin" };
const base = { "cache-control": "no-store", "x-content-type-options": "nosniff" };

function logged(outcome: Outcome): LogEntry[] {
  const lines: LogEntry[] = [];
  logOutcome(outcome, (level, event, fields) => void lines.push({ level, event, fields }));
  return lines;
}

describe("toHttp", () => {
  it("a token: 200 JSON, no-store, nosniff, and the CORS headers", () => {
    expect(toHttp({ kind: "token", result }, cors)).toEqual({
      statusCode: 200,
      headers: { "content-type": "application/json", ...base, ...cors },
      body: JSON.stringify(result),
      isBase64Encoded: false,
    });
  });

  it("an ended session: 204 without a body", () => {
    expect(toHttp({ kind: "ended" }, {})).toEqual({ statusCode: 204, headers: base, body: "", isBase64Encoded: false });
  });

  it("a problem: its status, problem+json, its own headers, then CORS", () => {
    const p = problem("key-unavailable", "later");
    expect(toHttp(fail(p, { "retry-after": "7" }, { reason: "x" }), cors)).toEqual({
      statusCode: 503,
      headers: { "content-type": "application/problem+json", ...base, "retry-after": "7", ...cors },
      body: JSON.stringify(p),
      isBase64Encoded: false,
    });
  });

  it("a preflight: exactly its own headers, none of the base or CORS ones", () => {
    expect(toHttp({ kind: "preflight", status: 403, headers: { vary: "Origin" } }, cors)).toEqual({
      statusCode: 403,
      headers: { vary: "Origin" },
      body: "",
      isBase64Encoded: false,
    });
  });
});

describe("toInvokeResult", () => {
  it("the result object, { status: 204 }, or the problem object; a preflight cannot happen and is a 500 problem", () => {
    const p = problem("invalid-request", "bad");
    expect(toInvokeResult({ kind: "token", result })).toBe(result);
    expect(toInvokeResult({ kind: "ended" })).toEqual({ status: 204 });
    expect(toInvokeResult(fail(p, { allow: "POST" }))).toBe(p);
    expect(toInvokeResult({ kind: "preflight", status: 204, headers: {} })).toEqual(
      problem("internal-error", "The request could not be completed."),
    );
  });
});

describe("logOutcome", () => {
  it("a refusal: request.rejected with status, problem kind, the fields at fault and the outcome's log fields", () => {
    const p = problem("invalid-request", "bad", [{ field: "sub", message: "m" }]);
    expect(logged(fail(p, undefined, { identityCode: "expired" }))).toEqual([
      {
        level: "info",
        event: "request.rejected",
        fields: { status: 400, problem: "invalid-request", fields: ["sub"], identityCode: "expired" },
      },
    ]);
  });

  it("level by status: 4xx info, 501 warn (a configured limit, not an outage), other 5xx error", () => {
    const level = (kind: Parameters<typeof problem>[0]) => logged(fail(problem(kind, "d")))[0]?.level;
    expect([
      level("not-found"),
      level("sessions-not-configured"),
      level("internal-error"),
      level("infobip-upstream-timeout"),
    ]).toEqual(["info", "warn", "error", "error"]);
  });

  it("a preflight: cors.preflight with its status; a token or an ended session: nothing", () => {
    expect(logged({ kind: "preflight", status: 204, headers: {} })).toEqual([
      { level: "info", event: "cors.preflight", fields: { status: 204 } },
    ]);
    expect([...logged({ kind: "token", result }), ...logged({ kind: "ended" })]).toEqual([]);
  });

  it("a problem of a type outside the catalog is logged as unknown", () => {
    const foreign = { type: "about:blank", title: "t", status: 400, detail: "d" };
    expect(logged(fail(foreign))[0]?.fields?.["problem"]).toBe("unknown");
  });
});
