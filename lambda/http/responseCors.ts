// The CORS headers of an actual (non-preflight) answer in OIDC mode, so a page on an allowed origin
// can read the token or the problem. The preflight itself is a route (routes/preflight.ts).
import { corsHeaders } from "../identity/cors.ts";
import { headerValue } from "./functionUrlEvent.ts";
import type { Headers } from "./outcome.ts";
import type { IdentityMode } from "./requestContext.ts";

/** Header names as Function URL responses carry them: lower-case. */
export function lowerCaseKeys(headers: Readonly<Record<string, string>>): Headers {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

/** None in IAM mode or without configured origins; `eventHeaders` as the event carries them (any JSON in a direct invoke). */
export function responseCors(identity: IdentityMode | undefined, eventHeaders: unknown): Headers {
  if (!identity || identity.allowedOrigins.length === 0) return {};
  // "GET" stands for any actual request: corsHeaders adds the preflight-only headers for OPTIONS.
  const headers = corsHeaders(headerValue(eventHeaders, "origin"), identity.allowedOrigins, "GET");
  // Vary: Origin even when the origin is refused, so a shared cache never replays one origin's answer to another.
  return headers === undefined ? { vary: "Origin" } : lowerCaseKeys(headers);
}
