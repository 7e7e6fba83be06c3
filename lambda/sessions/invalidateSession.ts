// Ends a Live Chat session through Infobip's public API:
// DELETE {baseUrl}/livechat/1/widgets/{widgetId}/sessions/{sid} with `Authorization: App <key>`.
// Returns a result instead of throwing for every upstream outcome; 5xx, timeouts and network
// errors are retried a bounded number of times with full-jitter backoff (DELETE is idempotent).
import { parseBaseUrl } from "./apiSecret.ts";
import { fullJitterDelayMs } from "./backoff.ts";
import { describeServiceException, parseServiceException, readBoundedText } from "./infobipError.ts";
import { problemTypes } from "./problem.ts";
import type { SessionProblem } from "./problem.ts";
import { sessionIdProblem } from "./sessionId.ts";

export interface InvalidateSessionOptions {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly widgetId: string;
  readonly sid: string;
  readonly fetch?: typeof fetch;
  /** Per-attempt timeout, headers and body. Default 3000 ms. */
  readonly timeoutMs?: number;
  /** Extra attempts after the first for 5xx, timeouts and network errors. Default 2. */
  readonly retries?: number;
  /** Default 100 ms. */
  readonly baseDelayMs?: number;
  /** Default 2000 ms. */
  readonly maxDelayMs?: number;
  readonly random?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export type InvalidateSessionResult =
  | { readonly status: 204; readonly attempts: number }
  | { readonly status: SessionProblem["status"]; readonly problem: SessionProblem; readonly attempts: number };

type Attempt =
  | { readonly kind: "response"; readonly status: number; readonly body: string }
  | { readonly kind: "timeout" }
  | { readonly kind: "network" };

const maxRetries = 5;
const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function checkWidgetId(widgetId: unknown): string {
  if (
    typeof widgetId !== "string" ||
    widgetId.length === 0 ||
    widgetId.length > 100 ||
    !/^[\x21-\x7e]+$/.test(widgetId) ||
    widgetId.includes("/") ||
    widgetId === "." ||
    widgetId === ".."
  ) {
    throw new TypeError(
      'widgetId must be the Live Chat widget ID: 1–100 visible ASCII characters without \'/\', not "." or "..".',
    );
  }
  return widgetId;
}

function checkCount(name: string, value: number | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0 || value > max)
    throw new RangeError(`${name} must be a whole number from 0 to ${max}; got ${String(value)}.`);
  return value;
}

async function attemptOnce(fetchImpl: typeof fetch, url: string, apiKey: string, timeoutMs: number): Promise<Attempt> {
  try {
    const response = await fetchImpl(url, {
      method: "DELETE",
      headers: { Authorization: `App ${apiKey}`, Accept: "application/json" },
      redirect: "error",
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = response.status === 204 ? "" : await readBoundedText(response);
    if (response.status === 204) await response.body?.cancel().catch(() => undefined);
    return { kind: "response", status: response.status, body };
  } catch (error) {
    return error instanceof Error && error.name === "TimeoutError" ? { kind: "timeout" } : { kind: "network" };
  }
}

function problem(
  status: SessionProblem["status"],
  type: string,
  title: string,
  detail: string,
  retryable?: boolean,
): SessionProblem {
  return retryable === undefined ? { type, title, status, detail } : { type, title, status, detail, retryable };
}

export async function invalidateSession(options: InvalidateSessionOptions): Promise<InvalidateSessionResult> {
  const sidProblem = sessionIdProblem(options.sid);
  if (sidProblem) {
    return {
      status: 400,
      attempts: 0,
      problem: problem(
        400,
        problemTypes.invalidSessionId,
        "Invalid session ID",
        `Cannot end the session: ${sidProblem}`,
      ),
    };
  }
  const baseUrl = parseBaseUrl(options.baseUrl);
  const widgetId = checkWidgetId(options.widgetId);
  if (typeof options.apiKey !== "string" || options.apiKey.length === 0)
    throw new TypeError("apiKey must be a non-empty string.");
  const retries = checkCount("retries", options.retries, 2, maxRetries);
  const timeoutMs = checkCount("timeoutMs", options.timeoutMs, 3000, 60_000);
  const baseDelayMs = checkCount("baseDelayMs", options.baseDelayMs, 100, 60_000);
  const maxDelayMs = checkCount("maxDelayMs", options.maxDelayMs, 2000, 60_000);
  const fetchImpl = options.fetch ?? fetch;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const url = `${baseUrl}/livechat/1/widgets/${encodeURIComponent(widgetId)}/sessions/${encodeURIComponent(options.sid)}`;

  let last: Attempt = { kind: "network" };
  let attempts = 0;
  for (let retry = 0; retry <= retries; retry++) {
    if (retry > 0) await sleep(fullJitterDelayMs(retry - 1, baseDelayMs, maxDelayMs, random));
    attempts++;
    last = await attemptOnce(fetchImpl, url, options.apiKey, timeoutMs);
    if (last.kind !== "response") continue;
    const { status, body } = last;
    if (status === 204) return { status: 204, attempts };
    const exception = describeServiceException(parseServiceException(body, options.apiKey));
    if (status === 404) {
      const earlier = attempts > 1 ? " An earlier attempt that failed may already have ended it." : "";
      return {
        status: 404,
        attempts,
        problem: problem(
          404,
          problemTypes.sessionNotFound,
          "Session not found",
          `Infobip has no active session with this ID for the widget${exception}.${earlier}`,
        ),
      };
    }
    if (status === 401 || status === 403) {
      return {
        status: 502,
        attempts,
        problem: problem(
          502,
          problemTypes.apiKeyRejected,
          "Infobip rejected the API key",
          `Infobip answered HTTP ${status}${exception}: the API key in the API secret is wrong, revoked, or lacks the live-chat:manage scope. Put a key with that scope in the secret.`,
          false,
        ),
      };
    }
    if (status >= 500 && status <= 599) continue;
    return {
      status: 502,
      attempts,
      problem: problem(
        502,
        problemTypes.upstreamError,
        "Unexpected answer from Infobip",
        `Infobip answered HTTP ${status}${exception} to the session deletion; expected 204.`,
        status === 429,
      ),
    };
  }

  const tries = `${attempts} attempt${attempts === 1 ? "" : "s"}`;
  if (last.kind === "timeout") {
    return {
      status: 504,
      attempts,
      problem: problem(
        504,
        problemTypes.upstreamTimeout,
        "Infobip did not answer in time",
        `Infobip did not answer within ${timeoutMs} ms (${tries}); the session may still be active. Retry later.`,
        true,
      ),
    };
  }
  const cause =
    last.kind === "response"
      ? `answered HTTP ${last.status}${describeServiceException(parseServiceException(last.body, options.apiKey))}`
      : "could not be reached (network error)";
  return {
    status: 502,
    attempts,
    problem: problem(
      502,
      problemTypes.upstreamError,
      "Infobip is unavailable",
      `Infobip ${cause} (${tries}); the session may still be active. Retry later.`,
      true,
    ),
  };
}
