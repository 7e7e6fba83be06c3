// `OPTIONS /token` and `OPTIONS /sessions/{sid}` in OIDC mode: the CORS preflight a browser sends
// before calling with the identity header. Exact origins only; none configured means same-origin
// only, so every preflight is refused.
import { corsPreflight } from "../../identity/cors.ts";
import type { Outcome } from "../outcome.ts";
import type { HttpRequest, OidcContext } from "../requestContext.ts";
import { lowerCaseKeys } from "../responseCors.ts";

export function preflight(ctx: OidcContext, request: HttpRequest): Outcome {
  const { allowedOrigins, headerName } = ctx.identity;
  // No origins configured means same-origin only: every preflight is refused, without CORS headers.
  if (allowedOrigins.length === 0) return { kind: "preflight", status: 403, headers: {} };
  const answer = corsPreflight(request.headers, allowedOrigins, { extraAllowedHeaders: [headerName] });
  return { kind: "preflight", status: answer.statusCode, headers: lowerCaseKeys(answer.headers) };
}
