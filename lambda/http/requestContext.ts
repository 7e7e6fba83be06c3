// What a route sees. `RequestContext`: the signer's parts (settings, key source, identity and
// session options, clock) and this request's logger, for HTTP routes and direct invokes alike.
// `HttpRequest`: the facts of a Function URL event, read once by the handler. Routes are plain
// functions over these two, so each can be tested on its own, without `handle()`.
import type { TokenSettings } from "../config.ts";
import type { IdentityVerifier } from "../identity/identityVerifier.ts";
import type { Logger } from "../log.ts";
import { isPlainObject } from "../plainObject.ts";
import type { KeySource } from "../secret/keyCache.ts";
import type { InfobipApiSecret } from "../sessions/apiSecret.ts";
import type { InvalidateSessionOptions } from "../sessions/invalidateSession.ts";
import type { FunctionUrlEvent } from "./functionUrlEvent.ts";

/** Session invalidation through Infobip's API. */
export interface SignerSessionOptions {
  /** Yields the Infobip API secret; reject with `SecretUnavailableError` for a 503. */
  readonly loadApiSecret: () => Promise<InfobipApiSecret>;
  /** Per-attempt timeout, retries and backoff of the Infobip call (invalidateSession's defaults otherwise). */
  readonly invalidation?: Pick<InvalidateSessionOptions, "timeoutMs" | "retries" | "baseDelayMs" | "maxDelayMs">;
}

/** OIDC identity mode as the routes use it: the options with their defaults applied. */
export interface IdentityMode {
  readonly verifier: IdentityVerifier;
  /** The request header carrying the ID token, lower-case. */
  readonly headerName: string;
  /** Exact origins allowed to call from a browser; empty: same-origin only. */
  readonly allowedOrigins: readonly string[];
}

export interface RequestContext {
  readonly config: TokenSettings;
  /** Yields the signing key; rejects with `KeyUnavailableError` for a 503. */
  readonly loadKey: KeySource;
  /** Present in OIDC identity mode; IAM mode otherwise. */
  readonly identity?: IdentityMode;
  /** Present when `DELETE /sessions/{sid}` is configured. */
  readonly sessions?: SignerSessionOptions;
  /** Clock in milliseconds. */
  readonly now: () => number;
  /** Token id source. */
  readonly newJti: () => string;
  /** This request's logger (with its request id). */
  readonly log: Logger;
}

/** The context in OIDC identity mode. */
export type OidcContext = RequestContext & { readonly identity: IdentityMode };

export function inOidcMode(ctx: RequestContext): ctx is OidcContext {
  return ctx.identity !== undefined;
}

export type RequestHeaders = Readonly<Record<string, string | undefined>>;

/** A Function URL event's facts, read once. */
export interface HttpRequest {
  readonly event: FunctionUrlEvent;
  /** Upper-case: Function URLs upper-case methods, other callers may not. */
  readonly method: string;
  /** The path with the CloudFront path prefix taken off. */
  readonly path: string;
  /** The headers if they are an object; empty otherwise (a direct invoke may carry any JSON). */
  readonly headers: RequestHeaders;
}

/** The path the routes match: `rawPath` (else `requestContext.http.path`) without `pathPrefix`. */
export function routePath(event: FunctionUrlEvent, pathPrefix: string): string {
  // Either field may be any JSON in a direct invoke shaped like a Function URL event: strings only.
  const fallback: unknown = event.requestContext.http.path;
  const raw = typeof event.rawPath === "string" ? event.rawPath : typeof fallback === "string" ? fallback : "";
  return pathPrefix !== "" && raw.startsWith(`${pathPrefix}/`) ? raw.slice(pathPrefix.length) : raw;
}

export function readHttpRequest(event: FunctionUrlEvent, pathPrefix: string): HttpRequest {
  return {
    event,
    method: event.requestContext.http.method.toUpperCase(),
    path: routePath(event, pathPrefix),
    headers: isPlainObject(event.headers) ? (event.headers as RequestHeaders) : {},
  };
}
