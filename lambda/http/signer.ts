// The signer's request handling, shared by the Lambda entry, the local runner and the tests:
// Function URL (payload 2.0) events get HTTP responses; a direct invoke with the request
// object as the event gets the result object (or a problem object) back.
import type { TokenSettings } from "../config.ts";
import { createLogger, type Logger, subHash, withRequestId } from "../log.ts";
import { type KeySource, KeyUnavailableError } from "../secret/keyCache.ts";
import { issueToken, type TokenResult } from "../token/issueToken.ts";
import { type TokenRequest, validateTokenRequest } from "../token/tokenRequest.ts";
import { type FunctionUrlEvent, type FunctionUrlResponse, headerValue, isFunctionUrlEvent, type LambdaContextLike } from "./functionUrlEvent.ts";
import { type Problem, problem, problemKind } from "./problem.ts";

/** Largest accepted request body in bytes (after base64 decoding); checked before parsing. */
export const maxBodyBytes = 4096;
export const tokenPath = "/token";

export interface SignerOptions {
  readonly config: TokenSettings;
  /** Yields the signing key; reject with `KeyUnavailableError` for a 503. */
  readonly loadKey: KeySource;
  /** Clock in milliseconds; default `Date.now`. */
  readonly now?: () => number;
  readonly log?: Logger;
  /** Token id source; default `crypto.randomUUID`. */
  readonly newJti?: () => string;
}

export interface Signer {
  /** Handles a Function URL event (→ HTTP response) or a direct-invoke request object (→ result or problem object). Never throws. */
  handle(event: unknown, context?: LambdaContextLike): Promise<FunctionUrlResponse | TokenResult | Problem>;
}

type Outcome = { readonly ok: true; readonly result: TokenResult } | { readonly ok: false; readonly problem: Problem; readonly headers?: Record<string, string> };

const baseHeaders = { "cache-control": "no-store", "x-content-type-options": "nosniff" } as const;
const utf8 = new TextDecoder("utf-8", { fatal: true });

function fail(p: Problem, headers?: Record<string, string>): Outcome {
  return headers === undefined ? { ok: false, problem: p } : { ok: false, problem: p, headers };
}

function isJsonMediaType(contentType: string): boolean {
  const mediaType = (contentType.split(";")[0] ?? "").trim().toLowerCase();
  return mediaType === "application/json" || /^application\/[a-z0-9.+-]+\+json$/.test(mediaType);
}

/** The body as text, or a problem: size is checked before decoding and parsing. */
function bodyText(event: FunctionUrlEvent): string | Problem {
  const body: unknown = event.body;
  if (body === undefined || body === null || body === "") return problem("invalid-request", 'The body is empty: send a JSON object such as {"sub":"…","stp":"email"}.');
  if (typeof body !== "string") return problem("invalid-request", "The body is not text.");
  const tooLarge = problem("payload-too-large", `The body is larger than ${maxBodyBytes} bytes.`);
  if (event.isBase64Encoded === true) {
    if (body.length > Math.ceil(maxBodyBytes / 3) * 4 + 4) return tooLarge;
    const bytes = Buffer.from(body, "base64");
    if (bytes.length > maxBodyBytes) return tooLarge;
    try {
      return utf8.decode(bytes);
    } catch {
      return problem("invalid-json", "The body is not valid UTF-8.");
    }
  }
  if (body.length > maxBodyBytes || Buffer.byteLength(body, "utf8") > maxBodyBytes) return tooLarge;
  return body;
}

export function createSigner(options: SignerOptions): Signer {
  const { config, loadKey, now = Date.now, newJti = () => crypto.randomUUID() } = options;
  const baseLog = options.log ?? createLogger();

  async function issue(input: unknown, log: Logger, mode: "http" | "invoke"): Promise<Outcome> {
    const validation = validateTokenRequest(input, config);
    if (!validation.ok) {
      return fail(problem("invalid-request", `The request has ${validation.errors.length} problem(s); see errors.`, validation.errors));
    }
    const request: TokenRequest = validation.value;
    let key;
    try {
      key = await loadKey();
    } catch (error) {
      const retryAfter = error instanceof KeyUnavailableError ? error.retryAfterSeconds : 5;
      return fail(problem("key-unavailable", "The signing key is temporarily unavailable; try again shortly."), { "retry-after": String(retryAfter) });
    }
    const result = await issueToken(request, { widgetId: config.widgetId, key, nowMs: now(), jti: newJti() });
    log("info", "token.issued", {
      mode,
      jti: result.jti,
      stp: request.stp,
      subHash: subHash(request.sub),
      ttlSeconds: request.ttlSeconds,
      ski: typeof key.id === "number" ? key.id : String(key.id),
      hasSid: request.sid !== undefined,
    });
    return { ok: true, result };
  }

  async function handleHttp(event: FunctionUrlEvent, log: Logger): Promise<Outcome> {
    const path = typeof event.rawPath === "string" ? event.rawPath : event.requestContext.http.path;
    if (path !== tokenPath) return fail(problem("not-found", `Only POST ${tokenPath} exists here.`));
    if (event.requestContext.http.method.toUpperCase() !== "POST") {
      return fail(problem("method-not-allowed", `${tokenPath} accepts POST only.`), { allow: "POST" });
    }
    const text = bodyText(event);
    if (typeof text !== "string") return fail(text);
    const contentType = headerValue(event.headers, "content-type");
    if (contentType !== undefined && !isJsonMediaType(contentType)) {
      return fail(problem("unsupported-media-type", "Send the body as Content-Type: application/json."), { "accept-post": "application/json" });
    }
    let input: unknown;
    try {
      input = JSON.parse(text);
    } catch {
      // Not the parser's message: it quotes the body, which may hold a customer identifier.
      return fail(problem("invalid-json", 'The body is not valid JSON: send an object such as {"sub":"…","stp":"email"}.'));
    }
    return issue(input, log, "http");
  }

  function logOutcome(outcome: Outcome, log: Logger): void {
    if (outcome.ok) return;
    const { status, errors } = outcome.problem;
    log(status >= 500 ? "error" : "info", "request.rejected", {
      status,
      problem: problemKind(outcome.problem) ?? "unknown",
      ...(errors === undefined ? {} : { fields: errors.map((e) => e.field) }),
    });
  }

  return {
    async handle(event, context) {
      const http = isFunctionUrlEvent(event);
      const requestId = context?.awsRequestId ?? (http && typeof event.requestContext.requestId === "string" ? event.requestContext.requestId : undefined);
      const log = withRequestId(baseLog, requestId);
      let outcome: Outcome;
      try {
        outcome = http ? await handleHttp(event, log) : await issue(event, log, "invoke");
      } catch (error) {
        log("error", "request.failed", { errorName: error instanceof Error ? error.name : typeof error });
        outcome = fail(problem("internal-error", "The token could not be issued."));
      }
      logOutcome(outcome, log);
      if (!http) return outcome.ok ? outcome.result : outcome.problem;
      if (outcome.ok) {
        return { statusCode: 200, headers: { "content-type": "application/json", ...baseHeaders }, body: JSON.stringify(outcome.result), isBase64Encoded: false };
      }
      return {
        statusCode: outcome.problem.status,
        headers: { "content-type": "application/problem+json", ...baseHeaders, ...outcome.headers },
        body: JSON.stringify(outcome.problem),
        isBase64Encoded: false,
      };
    },
  };
}
