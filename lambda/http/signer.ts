// The signer's request handling, shared by the Lambda entry, the local runner and the tests:
// Function URL (payload 2.0) events get HTTP responses; a direct invoke with the request
// object as the event gets the result object (or a problem object) back.
//
// Two identity modes:
// - IAM mode (no `identity` option): the Function URL is AWS_IAM-authenticated, so the caller is
//   the site's backend and the body chooses the identity: `POST /token {sub, stp, sid?, ttlSeconds?}`.
// - OIDC mode (`identity` option): the caller is a browser; the identity comes only from the
//   site's verified ID token. `GET /token?ttlSeconds=N` (preferred behind CloudFront OAC: a GET
//   has no body whose hash the browser would have to send) or `POST /token {ttlSeconds?}`.
//
// Session invalidation (`sessions` option): `DELETE /sessions/{sid}` ends a Live Chat session
// through Infobip's API — any sid in IAM mode (the backend calls it on logout), only the
// caller's own session in OIDC mode (the ID token's session claim must equal the path's sid).
//
// IAM mode fails closed on HTTP: a Function URL event without the IAM caller Lambda adds for
// AWS_IAM auth (`requestContext.authorizer.iam`) gets 403 before routing, so a URL whose auth type
// drifted to NONE mints nothing and ends no session. A direct invoke shaped like a Function URL
// event must carry that block too; the plain request object needs none.
//
// Direct invokes (`lambda:Invoke`, never reachable from a Function URL: the URL's permission
// carries `lambda:InvokedViaFunctionUrl`, so only principals granted plain invoke get here):
// - `{ sub, stp, sid?, ttlSeconds? }` → TokenResult or Problem (IAM mode only: in OIDC mode the
//   identity must come from an ID token, so an invoke that names one is refused, fail closed);
// - `{ action: "invalidateSession", sid }` → `{ status: 204 }` or a Problem (either mode, any
//   sid: the invoker is an IAM-authenticated backend, as in IAM mode).
import type { TokenSettings } from "../config.ts";
import { corsHeaders, corsPreflight } from "../identity/cors.ts";
import { defaultIdentityHeader, extractIdentityToken } from "../identity/extractIdentityToken.ts";
import type { VerifiedIdentity } from "../identity/identity.ts";
import { IdentityError } from "../identity/identityError.ts";
import type { IdentityVerifier } from "../identity/identityVerifier.ts";
import { createLogger, type LogFields, type Logger, withRequestId } from "../log.ts";
import type { SignerMetrics } from "../metrics/signerMetrics.ts";
import { type KeySource, KeyUnavailableError } from "../secret/keyCache.ts";
import { SecretUnavailableError } from "../secret/secretValueSource.ts";
import type { InfobipApiSecret } from "../sessions/apiSecret.ts";
import { invalidateSession, type InvalidateSessionOptions } from "../sessions/invalidateSession.ts";
import { sessionIdProblem } from "../sessions/sessionId.ts";
import { issueToken, type TokenResult } from "../token/issueToken.ts";
import type { SigningKey } from "../token/signingKey.ts";
import { type FieldError, type TokenRequest, validateTokenRequest } from "../token/tokenRequest.ts";
import { type FunctionUrlEvent, type FunctionUrlResponse, headerValue, isFunctionUrlEvent, type LambdaContextLike } from "./functionUrlEvent.ts";
import { hasIamCaller, loggableSourceIp } from "./iamCaller.ts";
import { readGetTokenRequest, readPostTokenRequest } from "./oidcTokenRequest.ts";
import { type Problem, problem, problemKind } from "./problem.ts";
import { readJsonBody, undeclaredJsonBody } from "./requestBody.ts";
import { parseSessionPath } from "./sessionPath.ts";

export { maxBodyBytes } from "./requestBody.ts";
export const tokenPath = "/token";

/** OIDC identity mode. */
export interface SignerIdentityOptions {
  /** Verifies the site's ID token (`createIdentityVerifier`). */
  readonly verifier: IdentityVerifier;
  /** Request header carrying the ID token; `Authorization: Bearer` is the fallback. Default `x-livechat-identity`. */
  readonly headerName?: string;
  /** Exact origins allowed to call from a browser (CORS). Empty or absent: same-origin only, no CORS headers. */
  readonly allowedOrigins?: readonly string[];
}

/** Session invalidation through Infobip's API. */
export interface SignerSessionOptions {
  /** Yields the Infobip API secret; reject with `SecretUnavailableError` for a 503. */
  readonly loadApiSecret: () => Promise<InfobipApiSecret>;
  /** Per-attempt timeout, retries and backoff of the Infobip call (invalidateSession's defaults otherwise). */
  readonly invalidation?: Pick<InvalidateSessionOptions, "timeoutMs" | "retries" | "baseDelayMs" | "maxDelayMs">;
}

export interface SignerOptions {
  readonly config: TokenSettings;
  /** Yields the signing key; reject with `KeyUnavailableError` for a 503. */
  readonly loadKey: KeySource;
  /** Turns on OIDC identity mode. */
  readonly identity?: SignerIdentityOptions;
  /** Turns on `DELETE /sessions/{sid}`; without it that route answers 501. */
  readonly sessions?: SignerSessionOptions;
  /**
   * Path prefix of the CloudFront cache behavior in front of the signer (e.g. `/livechat`):
   * CloudFront forwards `/livechat/token` unchanged, so the routes are also served under it.
   * The bare routes stay valid (the Function URL itself, e.g. called by a backend).
   */
  readonly pathPrefix?: string;
  /** Routes a server in front of the signer answers itself (e.g. the local runner's `GET /`), named in the 404 detail. */
  readonly otherRoutes?: readonly string[];
  /** Clock in milliseconds; default `Date.now`. */
  readonly now?: () => number;
  readonly log?: Logger;
  /** One Embedded Metric Format document per answered request (`createSignerMetrics`); default none. */
  readonly metrics?: SignerMetrics;
  /** Token id source; default `crypto.randomUUID`. */
  readonly newJti?: () => string;
}

/** The direct-invoke answer to `{ action: "invalidateSession", sid }` when the session was ended. */
export interface SessionEnded {
  readonly status: 204;
}

export interface Signer {
  /** Handles a Function URL event (→ HTTP response) or a direct-invoke object (→ result or problem object). Never throws. */
  handle(event: unknown, context?: LambdaContextLike): Promise<FunctionUrlResponse | TokenResult | SessionEnded | Problem>;
}

type Headers = Record<string, string>;

type Outcome =
  | { readonly kind: "token"; readonly result: TokenResult }
  | { readonly kind: "ended" }
  /** A CORS preflight answer: exactly these headers, no body. */
  | { readonly kind: "preflight"; readonly status: 204 | 403; readonly headers: Headers }
  | { readonly kind: "problem"; readonly problem: Problem; readonly headers?: Headers; readonly logFields?: LogFields };

const baseHeaders = { "cache-control": "no-store", "x-content-type-options": "nosniff" } as const;
const iamExample = '{"sub":"…","stp":"email"}';
/** Used when a failure carries no retry hint of its own. */
const defaultRetryAfterSeconds = 5;

function fail(p: Problem, headers?: Headers, logFields?: LogFields): Outcome {
  return { kind: "problem", problem: p, ...(headers === undefined ? {} : { headers }), ...(logFields === undefined ? {} : { logFields }) };
}

function lowerCaseKeys(headers: Readonly<Record<string, string>>): Headers {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function requestHeaders(event: FunctionUrlEvent): Readonly<Record<string, string | undefined>> {
  return isPlainObject(event.headers) ? (event.headers as Readonly<Record<string, string | undefined>>) : {};
}

/** A 401 or 503 for an ID token that did not verify; the IdentityError's code travels in `code`. */
function identityFailure(error: IdentityError): Outcome {
  const logFields = { identityCode: error.code };
  if (error.status === 503) {
    // Fail closed: without the issuer's keys no token is verified, so none is issued.
    const p = { ...problem("identity-provider-unavailable", error.detail), code: error.code };
    return fail(p, { "retry-after": String(defaultRetryAfterSeconds) }, logFields);
  }
  // RFC 6750 §3.1: a request without any token gets a bare challenge, without an error code.
  const challenge = error.code === "token_missing" ? "Bearer" : (error.wwwAuthenticate ?? 'Bearer error="invalid_token"');
  return fail({ ...problem("invalid-identity", error.detail), code: error.code }, { "www-authenticate": challenge }, logFields);
}

export function createSigner(options: SignerOptions): Signer {
  const { config, loadKey, identity, sessions, now = Date.now, newJti = () => crypto.randomUUID() } = options;
  const baseLog = options.log ?? createLogger();
  const identityHeader = (identity?.headerName ?? defaultIdentityHeader).toLowerCase();
  const allowedOrigins = identity?.allowedOrigins ?? [];
  const pathPrefix = options.pathPrefix ?? "";
  const routes = [
    ...(options.otherRoutes ?? []),
    `${identity ? "GET or POST" : "POST"} ${pathPrefix}${tokenPath}`,
    `DELETE ${pathPrefix}/sessions/{sid}${sessions ? "" : " (not configured: needs the Infobip API secret)"}`,
  ];
  const notFoundDetail = `No route matches this path. Routes here: ${routes.join(", ")}.`;

  /**
   * Keyed pseudonyms (`subHash`, `sidHash`) for a log line written without signing: only with a key
   * already at hand (`loadKey.peek`), never by loading one, so a refusal or a session call adds no
   * Secrets Manager call. Without a key the fields are left out; never an unkeyed hash.
   */
  async function pseudonyms(values: { readonly subHash?: string; readonly sidHash?: string }): Promise<LogFields> {
    let key: SigningKey | undefined;
    try {
      key = await loadKey.peek?.();
    } catch {
      key = undefined;
    }
    if (key === undefined) return {};
    const pseudonym = key.pseudonym;
    return Object.fromEntries(Object.entries(values).map(([field, value]) => [field, pseudonym(value)]));
  }

  async function sign(request: TokenRequest, log: Logger, mode: "http" | "invoke"): Promise<Outcome> {
    let key;
    try {
      key = await loadKey();
    } catch (error) {
      const retryAfter = error instanceof KeyUnavailableError ? error.retryAfterSeconds : defaultRetryAfterSeconds;
      return fail(problem("key-unavailable", "The signing key is temporarily unavailable; try again shortly."), { "retry-after": String(retryAfter) });
    }
    const result = await issueToken(request, { widgetId: config.widgetId, key, nowMs: now(), jti: newJti() });
    log("info", "token.issued", {
      mode,
      ...(identity ? { identity: "oidc" } : {}),
      jti: result.jti,
      stp: request.stp,
      subHash: key.pseudonym(request.sub),
      ttlSeconds: request.ttlSeconds,
      ski: typeof key.id === "number" ? key.id : String(key.id),
      hasSid: request.sid !== undefined,
    });
    return { kind: "token", result };
  }

  async function issueFromBody(input: unknown, log: Logger, mode: "http" | "invoke"): Promise<Outcome> {
    const validation = validateTokenRequest(input, config);
    if (!validation.ok) {
      return fail(problem("invalid-request", `The request has ${validation.errors.length} problem(s); see errors.`, validation.errors));
    }
    return sign(validation.value, log, mode);
  }

  /** The verified identity, or the 401/503 outcome. Anything but an IdentityError is a bug and propagates (→ 500). */
  async function authenticate(event: FunctionUrlEvent, verifier: IdentityVerifier): Promise<VerifiedIdentity | Outcome> {
    const token = extractIdentityToken(requestHeaders(event), identityHeader) ?? "";
    try {
      return await verifier.verify(token);
    } catch (error) {
      if (error instanceof IdentityError) return identityFailure(error);
      throw error;
    }
  }

  function preflight(event: FunctionUrlEvent): Outcome {
    // No origins configured means same-origin only: every preflight is refused, without CORS headers.
    if (allowedOrigins.length === 0) return { kind: "preflight", status: 403, headers: {} };
    const answer = corsPreflight(requestHeaders(event), allowedOrigins, { extraAllowedHeaders: [identityHeader] });
    return { kind: "preflight", status: answer.statusCode, headers: lowerCaseKeys(answer.headers) };
  }

  async function iamToken(event: FunctionUrlEvent, method: string, log: Logger): Promise<Outcome> {
    if (method !== "POST") return fail(problem("method-not-allowed", `${tokenPath} accepts POST only.`), { allow: "POST" });
    const body = readJsonBody(event, `The body is empty: send a JSON object such as ${iamExample}.`, iamExample);
    if (!body.ok) return fail(body.problem, body.headers);
    return issueFromBody(body.value, log, "http");
  }

  async function oidcToken(event: FunctionUrlEvent, method: string, log: Logger, verifier: IdentityVerifier): Promise<Outcome> {
    if (method === "OPTIONS") return preflight(event);
    if (method !== "GET" && method !== "POST") {
      return fail(problem("method-not-allowed", `${tokenPath} accepts GET and POST only (and OPTIONS for CORS preflight).`), { allow: "GET, POST, OPTIONS" });
    }
    // The request's own fields are checked first: cheap, and no key lookup for a bad request.
    const request = method === "GET" ? readGetTokenRequest(event) : readPostTokenRequest(event);
    if (!request.ok) return fail(request.problem, request.headers);
    const who = await authenticate(event, verifier);
    if ("kind" in who) return who;
    const input = { sub: who.sub, stp: who.stp, ...(who.sid === undefined ? {} : { sid: who.sid }), ...(request.ttlSeconds === undefined ? {} : { ttlSeconds: request.ttlSeconds }) };
    const validation = validateTokenRequest(input, config);
    if (!validation.ok) {
      const ttlErrors = validation.errors.filter((e) => e.field === "ttlSeconds");
      if (ttlErrors.length > 0) return fail(problem("invalid-request", `The request has ${ttlErrors.length} problem(s); see errors.`, ttlErrors));
      // The token verified, but its identity does not fit Live Chat's rules (e.g. an email
      // address without a dot in the domain). The caller cannot fix that in the request: 401.
      const messages = validation.errors.map((e: FieldError) => e.message).join(" ");
      return identityFailure(new IdentityError("claim_invalid", `The ID token's identity is not usable for Live Chat: ${messages}`));
    }
    return sign(validation.value, log, "http");
  }

  // 501 rather than 404: the route exists in this signer's contract, this deployment just lacks
  // the Infobip API secret it needs. Answered before any authentication: it reveals nothing.
  const notConfigured = () => fail(problem("sessions-not-configured", "This signer is deployed without an Infobip API secret, so it cannot end Live Chat sessions."));

  async function endSession(sid: string, log: Logger, mode: "http" | "invoke", by: "iam" | "oidc"): Promise<Outcome> {
    if (!sessions) return notConfigured();
    const sidProblem = sessionIdProblem(sid);
    if (sidProblem) return fail(problem("invalid-session-id", `Cannot end the session: ${sidProblem}`));
    let secret: InfobipApiSecret;
    try {
      secret = await sessions.loadApiSecret();
    } catch (error) {
      const retryAfter = error instanceof SecretUnavailableError ? error.retryAfterSeconds : defaultRetryAfterSeconds;
      return fail(problem("api-secret-unavailable", "The Infobip API secret is temporarily unavailable; the session was not ended. Try again shortly."), {
        "retry-after": String(retryAfter),
      });
    }
    const result = await invalidateSession({ baseUrl: secret.baseUrl, apiKey: secret.apiKey, widgetId: config.widgetId, sid, ...sessions.invalidation });
    const fields = { mode, by, ...(await pseudonyms({ sidHash: sid })), attempts: result.attempts };
    if (result.status === 204) {
      log("info", "session.ended", fields);
      return { kind: "ended" };
    }
    return fail(result.problem, undefined, fields);
  }

  async function sessionRequest(event: FunctionUrlEvent, rawPath: string, method: string, log: Logger): Promise<Outcome | undefined> {
    const path = parseSessionPath(rawPath);
    if (path === undefined) return undefined;
    if (identity && method === "OPTIONS") return preflight(event);
    if (method !== "DELETE") {
      return fail(problem("method-not-allowed", "/sessions/{sid} accepts DELETE only."), { allow: identity ? "DELETE, OPTIONS" : "DELETE" });
    }
    const undeclared = undeclaredJsonBody(event);
    if (undeclared) return fail(undeclared.problem, undeclared.headers);
    if (!sessions) return notConfigured();
    if (!path.ok) return fail(problem("invalid-session-id", `Cannot end the session: ${path.reason}`));
    if (!identity) return endSession(path.sid, log, "http", "iam");

    const who = await authenticate(event, identity.verifier);
    if ("kind" in who) return who;
    if (who.sid === undefined) {
      return fail(
        problem(
          "forbidden-session",
          "This signer reads no session claim from ID tokens, so it cannot tell which Live Chat session is yours; end sessions from the site's backend instead.",
        ),
        undefined,
        await pseudonyms({ subHash: who.sub }),
      );
    }
    if (who.sid !== path.sid) {
      return fail(problem("forbidden-session", "You can end only your own Live Chat session: the path's session ID is not the one in your ID token."), undefined, await pseudonyms({ subHash: who.sub, sidHash: path.sid }));
    }
    return endSession(path.sid, log, "http", "oidc");
  }

  function routePath(event: FunctionUrlEvent): string {
    // Either field may be any JSON in a direct invoke shaped like a Function URL event: strings only.
    const fallback: unknown = event.requestContext.http.path;
    const raw = typeof event.rawPath === "string" ? event.rawPath : typeof fallback === "string" ? fallback : "";
    return pathPrefix !== "" && raw.startsWith(`${pathPrefix}/`) ? raw.slice(pathPrefix.length) : raw;
  }

  function unauthenticated(event: FunctionUrlEvent, log: Logger): Outcome {
    // Nothing about the caller but the source IP: the request is untrusted input.
    log("warn", "request.unauthenticated", { sourceIp: loggableSourceIp(event) });
    return fail(
      problem(
        "iam-authentication-required",
        "The signer accepts only IAM-authenticated (SigV4-signed) requests, and this request carries no IAM caller. Check that the Function URL's auth type is AWS_IAM.",
      ),
    );
  }

  async function handleHttp(event: FunctionUrlEvent, log: Logger): Promise<Outcome> {
    // IAM mode: the body names the customer, so only an IAM-authenticated caller may be served.
    if (!identity && !hasIamCaller(event)) return unauthenticated(event, log);
    const path = routePath(event);
    const method = event.requestContext.http.method.toUpperCase();
    if (path === tokenPath) return identity ? oidcToken(event, method, log, identity.verifier) : iamToken(event, method, log);
    return (await sessionRequest(event, path, method, log)) ?? fail(problem("not-found", notFoundDetail));
  }

  async function handleInvoke(event: unknown, log: Logger): Promise<Outcome> {
    if (isPlainObject(event) && "action" in event) {
      const { action, sid } = event;
      if (action !== "invalidateSession") {
        return fail(problem("invalid-request", "The request has 1 problem(s); see errors.", [{ field: "action", message: 'action must be "invalidateSession"; omit it to issue a token.' }]));
      }
      const errors: FieldError[] = Object.keys(event)
        .filter((name) => name !== "action" && name !== "sid")
        .map((name) => ({ field: name.replace(/[^\x20-\x7e]/g, "?").slice(0, 40), message: "Unknown field: invalidateSession accepts only action and sid." }));
      if (typeof sid !== "string") errors.push({ field: "sid", message: "sid is required: the Live Chat session ID to end, as a string." });
      if (errors.length > 0) return fail(problem("invalid-request", `The request has ${errors.length} problem(s); see errors.`, errors));
      return endSession(sid as string, log, "invoke", "iam");
    }
    if (identity) {
      return fail(
        problem("invalid-request", "This signer runs in OIDC identity mode: the identity comes only from a verified ID token, so a direct invoke cannot issue a token. Call GET /token with the ID token."),
      );
    }
    return issueFromBody(event, log, "invoke");
  }

  function logOutcome(outcome: Outcome, log: Logger): void {
    if (outcome.kind === "preflight") log("info", "cors.preflight", { status: outcome.status });
    if (outcome.kind !== "problem") return;
    const { status, errors } = outcome.problem;
    // 501: a route this deployment was configured without: the client's limit, not an outage.
    log(status === 501 ? "warn" : status >= 500 ? "error" : "info", "request.rejected", {
      status,
      problem: problemKind(outcome.problem) ?? "unknown",
      ...(errors === undefined ? {} : { fields: errors.map((e) => e.field) }),
      ...outcome.logFields,
    });
  }

  /** CORS headers for an actual (non-preflight) response in OIDC mode with origins configured. */
  function corsFor(event: FunctionUrlEvent): Headers {
    if (!identity || allowedOrigins.length === 0) return {};
    // "GET" stands for any actual request: corsHeaders adds the preflight-only headers for OPTIONS.
    const headers = corsHeaders(headerValue(event.headers, "origin"), allowedOrigins, "GET");
    // Vary: Origin even when the origin is refused, so a shared cache never replays one origin's answer to another.
    return headers === undefined ? { vary: "Origin" } : lowerCaseKeys(headers);
  }

  function toHttp(outcome: Outcome, event: FunctionUrlEvent): FunctionUrlResponse {
    switch (outcome.kind) {
      case "preflight":
        return { statusCode: outcome.status, headers: outcome.headers, body: "", isBase64Encoded: false };
      case "token":
        return { statusCode: 200, headers: { "content-type": "application/json", ...baseHeaders, ...corsFor(event) }, body: JSON.stringify(outcome.result), isBase64Encoded: false };
      case "ended":
        return { statusCode: 204, headers: { ...baseHeaders, ...corsFor(event) }, body: "", isBase64Encoded: false };
      case "problem":
        return {
          statusCode: outcome.problem.status,
          headers: { "content-type": "application/problem+json", ...baseHeaders, ...outcome.headers, ...corsFor(event) },
          body: JSON.stringify(outcome.problem),
          isBase64Encoded: false,
        };
    }
  }

  return {
    async handle(event, context) {
      const http = isFunctionUrlEvent(event);
      const requestId = context?.awsRequestId ?? (http && typeof event.requestContext.requestId === "string" ? event.requestContext.requestId : undefined);
      const log = withRequestId(baseLog, requestId);
      const aboutSessions = http ? routePath(event).startsWith("/sessions/") : isPlainObject(event) && "action" in event;
      let outcome: Outcome;
      try {
        outcome = http ? await handleHttp(event, log) : await handleInvoke(event, log);
      } catch (error) {
        log("error", "request.failed", { errorName: error instanceof Error ? error.name : typeof error });
        outcome = fail(problem("internal-error", aboutSessions ? "The session could not be ended." : "The token could not be issued."));
      }
      logOutcome(outcome, log);
      options.metrics?.requestDone(outcome.kind === "problem" ? { kind: "problem", problem: outcome.problem, aboutSessions } : outcome);
      if (http) return toHttp(outcome, event);
      switch (outcome.kind) {
        case "token":
          return outcome.result;
        case "ended":
          return { status: 204 };
        case "problem":
          return outcome.problem;
        case "preflight":
          // Unreachable: preflights exist only for HTTP events.
          return problem("internal-error", "The request could not be completed.");
      }
    },
  };
}
