// What the route tests hand a route, as the handler would: a RequestContext with the known signing
// key, a fixed clock and token id and a recording logger, and an HttpRequest read from a Function
// URL event. OIDC contexts verify with the real verifier against a local issuer (oidcIssuerStandIn).
import { createIdentityVerifier } from "../../../lambda/identity/identityVerifier.ts";
import type { LogFields, LogLevel } from "../../../lambda/log.ts";
import type { Outcome } from "../../../lambda/http/outcome.ts";
import {
  type HttpRequest,
  type OidcContext,
  readHttpRequest,
  type RequestContext,
} from "../../../lambda/http/requestContext.ts";
import { createStaticKeySource } from "../../../lambda/secret/keySources.ts";
import type { OidcIssuerStandIn } from "../../support/oidcIssuerStandIn.ts";
import { type EventInit, functionUrlEvent, knownSecretText, tokenSettings } from "../../support/signerFixtures.ts";

export const fixedNowMs = 1_700_000_000_000;
export const fixedJti = "0b6c5d0e-8f0a-4c56-9d57-6a1f2e3d4c5b";

export interface LogEntry {
  readonly level: LogLevel;
  readonly event: string;
  readonly fields: LogFields | undefined;
}

export interface Recorded<Context extends RequestContext> {
  readonly ctx: Context;
  /** Every line the route logged, in order. */
  readonly logged: LogEntry[];
}

/** An IAM-mode context; `overrides` replace its parts (e.g. `sessions`, `loadKey`). */
export function routeContext(overrides: Partial<Omit<RequestContext, "log">> = {}): Recorded<RequestContext> {
  const logged: LogEntry[] = [];
  const ctx: RequestContext = {
    config: tokenSettings,
    loadKey: createStaticKeySource(knownSecretText),
    now: () => fixedNowMs,
    newJti: () => fixedJti,
    log: (level, event, fields) => void logged.push({ level, event, fields }),
    ...overrides,
  };
  return { ctx, logged };
}

export interface OidcOptions {
  readonly sessionClaim?: string;
  readonly allowedOrigins?: readonly string[];
  /** Lower-case; default `x-livechat-identity`. */
  readonly headerName?: string;
}

/** An OIDC-mode context whose verifier trusts `issuer`'s tokens for its audience. */
export function oidcRouteContext(
  issuer: OidcIssuerStandIn | { readonly issuer: string; readonly audience: string },
  options: OidcOptions = {},
  overrides: Partial<Omit<RequestContext, "log" | "identity">> = {},
): Recorded<OidcContext> {
  const verifier = createIdentityVerifier({
    issuer: issuer.issuer,
    audiences: [issuer.audience],
    ...(options.sessionClaim === undefined ? {} : { sessionClaim: options.sessionClaim }),
  });
  const { ctx, logged } = routeContext(overrides);
  const identity = {
    verifier,
    headerName: options.headerName ?? "x-livechat-identity",
    allowedOrigins: options.allowedOrigins ?? [],
  };
  return { ctx: { ...ctx, identity }, logged };
}

/** For routes that refuse before any token is verified: an issuer nobody calls. */
export const unusedIssuer = { issuer: "https://login.example.com/tenant/", audience: "site-client" } as const;

/** An HttpRequest as the handler reads it; `query` is the raw query string. */
export function httpRequest(init: EventInit & { readonly query?: string }): HttpRequest {
  const { query, ...eventInit } = init;
  return readHttpRequest({ ...functionUrlEvent(eventInit), rawQueryString: query ?? "" }, "");
}

/** The outcome, narrowed to a problem; throws (failing the test) on any other kind. */
export function problemOf(outcome: Outcome): Extract<Outcome, { kind: "problem" }> {
  if (outcome.kind !== "problem") throw new Error(`expected a problem, got ${outcome.kind}`);
  return outcome;
}

/** The token result of the outcome; throws (failing the test) on any other kind. */
export function tokenOf(outcome: Outcome): Extract<Outcome, { kind: "token" }>["result"] {
  if (outcome.kind !== "token") throw new Error(`expected a token, got ${outcome.kind}`);
  return outcome.result;
}
