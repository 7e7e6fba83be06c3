// The signer's request handling, shared by the Lambda entry, the local runner and the tests:
// Function URL (payload 2.0) events get HTTP responses; a direct invoke (`lambda:Invoke`, never
// reachable from a Function URL, whose permission carries `lambda:InvokedViaFunctionUrl`) with the
// request object as the event gets the result object (or a problem object) back. This file only
// dispatches and renders: each route is a function of its own in routes/, over a RequestContext.
//
// Two identity modes. IAM mode (no `identity` option): the Function URL is AWS_IAM-authenticated,
// the caller is the site's backend and the body names the customer (routes/postToken.ts). It fails
// closed on HTTP: an event without the IAM caller Lambda adds for AWS_IAM auth
// (`requestContext.authorizer.iam`) gets 403 before routing, so a URL whose auth type drifted to
// NONE mints nothing and ends no session; the plain request object of a direct invoke needs none.
// OIDC mode (`identity` option): the caller is a browser and the identity comes only from the
// site's verified ID token (routes/oidcToken.ts, routes/preflight.ts).
// Session invalidation (`sessions` option): routes/deleteSession.ts, routes/invokeEndSession.ts.
import type { TokenSettings } from "../config.ts";
import { defaultIdentityHeader } from "../identity/extractIdentityToken.ts";
import type { IdentityVerifier } from "../identity/identityVerifier.ts";
import { createLogger, type Logger, withRequestId } from "../log.ts";
import type { SignerMetrics } from "../metrics/signerMetrics.ts";
import { isPlainObject } from "../plainObject.ts";
import type { KeySource } from "../secret/keyCache.ts";
import type { TokenResult } from "../token/issueToken.ts";
import { type FunctionUrlResponse, isFunctionUrlEvent, type LambdaContextLike } from "./functionUrlEvent.ts";
import { hasIamCaller, iamCallerMissing } from "./iamCaller.ts";
import { fail, logOutcome, type Outcome, type SessionEnded, toHttp, toInvokeResult } from "./outcome.ts";
import { type Problem, problem } from "./problem.ts";
import {
  type HttpRequest,
  inOidcMode,
  readHttpRequest,
  type RequestContext,
  type SignerSessionOptions,
} from "./requestContext.ts";
import { responseCors } from "./responseCors.ts";
import { deleteSession } from "./routes/deleteSession.ts";
import { invokeEndSession } from "./routes/invokeEndSession.ts";
import { invokeToken } from "./routes/invokeToken.ts";
import { oidcToken } from "./routes/oidcToken.ts";
import { postToken } from "./routes/postToken.ts";
import { preflight } from "./routes/preflight.ts";
import { parseSessionPath, type SessionPath } from "./sessionPath.ts";

export { maxBodyBytes } from "./requestBody.ts";
export type { SessionEnded } from "./outcome.ts";
export type { SignerSessionOptions } from "./requestContext.ts";
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

export interface Signer {
  /** Handles a Function URL event (→ HTTP response) or a direct-invoke object (→ result or problem object). Never throws. */
  handle(
    event: unknown,
    context?: LambdaContextLike,
  ): Promise<FunctionUrlResponse | TokenResult | SessionEnded | Problem>;
}

/** A direct invoke that asks to end a session (`{ action: "invalidateSession", sid }`) rather than for a token. */
function isSessionInvoke(event: unknown): event is Readonly<Record<string, unknown>> {
  return isPlainObject(event) && "action" in event;
}

function methodNotAllowed(detail: string, allow: string): Outcome {
  return fail(problem("method-not-allowed", detail), { allow });
}

/** `/token`: the route for this method in this identity mode, or 405. */
function tokenRoute(ctx: RequestContext, request: HttpRequest): Outcome | Promise<Outcome> {
  const { method } = request;
  if (!inOidcMode(ctx)) {
    return method === "POST" ? postToken(ctx, request) : methodNotAllowed(`${tokenPath} accepts POST only.`, "POST");
  }
  if (method === "OPTIONS") return preflight(ctx, request);
  if (method === "GET" || method === "POST") return oidcToken(ctx, request);
  return methodNotAllowed(
    `${tokenPath} accepts GET and POST only (and OPTIONS for CORS preflight).`,
    "GET, POST, OPTIONS",
  );
}

/** `/sessions/{sid}`: the route for this method, or 405. */
function sessionRoute(ctx: RequestContext, request: HttpRequest, session: SessionPath): Outcome | Promise<Outcome> {
  if (inOidcMode(ctx) && request.method === "OPTIONS") return preflight(ctx, request);
  if (request.method !== "DELETE") {
    return methodNotAllowed("/sessions/{sid} accepts DELETE only.", ctx.identity ? "DELETE, OPTIONS" : "DELETE");
  }
  return deleteSession(ctx, request, session);
}

export function createSigner(options: SignerOptions): Signer {
  const { config, loadKey, identity, sessions, now = Date.now, newJti = () => crypto.randomUUID() } = options;
  const baseLog = options.log ?? createLogger();
  const parts: Omit<RequestContext, "log"> = {
    config,
    loadKey,
    now,
    newJti,
    ...(identity === undefined
      ? {}
      : {
          identity: {
            verifier: identity.verifier,
            headerName: (identity.headerName ?? defaultIdentityHeader).toLowerCase(),
            allowedOrigins: identity.allowedOrigins ?? [],
          },
        }),
    ...(sessions === undefined ? {} : { sessions }),
  };
  const pathPrefix = options.pathPrefix ?? "";
  const routes = [
    ...(options.otherRoutes ?? []),
    `${identity ? "GET or POST" : "POST"} ${pathPrefix}${tokenPath}`,
    `DELETE ${pathPrefix}/sessions/{sid}${sessions ? "" : " (not configured: needs the Infobip API secret)"}`,
  ];
  const notFoundDetail = `No route matches this path. Routes here: ${routes.join(", ")}.`;

  function routeHttp(ctx: RequestContext, request: HttpRequest): Outcome | Promise<Outcome> {
    // IAM mode: the body names the customer, so only an IAM-authenticated caller may be served.
    if (!ctx.identity && !hasIamCaller(request.event)) return iamCallerMissing(request.event, ctx.log);
    if (request.path === tokenPath) return tokenRoute(ctx, request);
    const session = parseSessionPath(request.path);
    return session === undefined ? fail(problem("not-found", notFoundDetail)) : sessionRoute(ctx, request, session);
  }

  function routeInvoke(ctx: RequestContext, event: unknown): Promise<Outcome> {
    return isSessionInvoke(event) ? invokeEndSession(ctx, event) : invokeToken(ctx, event);
  }

  return {
    async handle(event, context) {
      const http = isFunctionUrlEvent(event) ? readHttpRequest(event, pathPrefix) : undefined;
      const requestId =
        context?.awsRequestId ??
        (http && typeof http.event.requestContext.requestId === "string"
          ? http.event.requestContext.requestId
          : undefined);
      const ctx: RequestContext = { ...parts, log: withRequestId(baseLog, requestId) };
      const aboutSessions = http ? http.path.startsWith("/sessions/") : isSessionInvoke(event);
      let outcome: Outcome;
      try {
        outcome = http ? await routeHttp(ctx, http) : await routeInvoke(ctx, event);
      } catch (error) {
        ctx.log("error", "request.failed", { errorName: error instanceof Error ? error.name : typeof error });
        outcome = fail(
          problem(
            "internal-error",
            aboutSessions ? "The session could not be ended." : "The token could not be issued.",
          ),
        );
      }
      logOutcome(outcome, ctx.log);
      options.metrics?.requestDone(
        outcome.kind === "problem" ? { kind: "problem", problem: outcome.problem, aboutSessions } : outcome,
      );
      return http ? toHttp(outcome, responseCors(ctx.identity, http.event.headers)) : toInvokeResult(outcome);
    },
  };
}
