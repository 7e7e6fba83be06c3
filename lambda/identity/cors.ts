// CORS for browsers calling the signer directly with their ID token. Exact origin match
// only: no wildcard, no `null` origin, no credentials mode (the token travels in a header,
// never in a cookie, so `Access-Control-Allow-Credentials` is never sent).
import { SignerRuntimeError } from "../errors.ts";
import { isSecureOrLoopback } from "../loopback.ts";
import { defaultIdentityHeader, headerValue } from "./extractIdentityToken.ts";

export const corsAllowedMethods = ["GET", "POST", "DELETE", "OPTIONS"] as const;
export const corsAllowedHeaders = [
  "content-type",
  defaultIdentityHeader,
  "authorization",
  "x-amz-content-sha256",
] as const;
/** Chromium caps preflight caching at 2 h; 10 min keeps config changes quick to apply. */
export const corsMaxAgeSeconds = 600;

/** `allowedOrigins` cannot work. `detail` says why without the setting's name, so each surface names it its own way. */
export class CorsConfigError extends SignerRuntimeError<"allowed_origins_invalid"> {
  override readonly name = "CorsConfigError";
  readonly field = "allowedOrigins";
  readonly detail: string;
  constructor(detail: string) {
    super("allowed_origins_invalid", `allowedOrigins ${detail}`);
    this.detail = detail;
  }
}

/**
 * Validates `allowedOrigins` and returns them in the form browsers send in `Origin`
 * (lower-case scheme and host, no default port). https only; http only for loopback dev servers.
 */
export function validateAllowedOrigins(origins: readonly string[]): string[] {
  if (!Array.isArray(origins) || origins.length === 0) {
    throw new CorsConfigError("must list at least one origin, e.g. https://www.example.com.");
  }
  return origins.map((origin) => {
    if (typeof origin !== "string") throw new CorsConfigError("entries must be strings.");
    if (origin.includes("*"))
      throw new CorsConfigError(
        `entry ${JSON.stringify(origin)} contains "*"; list each origin exactly (wildcards are refused).`,
      );
    if (origin === "null")
      throw new CorsConfigError('must not contain "null": sandboxed frames and file: pages share that origin.');
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      throw new CorsConfigError(`entry ${JSON.stringify(origin)} is not a URL origin such as https://www.example.com.`);
    }
    if (!isSecureOrLoopback(url)) {
      throw new CorsConfigError(
        `entry ${JSON.stringify(origin)} must use https:// (http:// is accepted only for localhost).`,
      );
    }
    if (url.username || url.password || url.search || url.hash || !/^[a-z]+:\/\/[^/]+\/?$/i.test(origin)) {
      throw new CorsConfigError(
        `entry ${JSON.stringify(origin)} must be an origin only: scheme://host[:port], no path, query or fragment.`,
      );
    }
    return url.origin;
  });
}

export interface CorsOptions {
  /** Extra request headers to allow, e.g. a custom identity header name. */
  readonly extraAllowedHeaders?: readonly string[];
}

/**
 * CORS response headers for a request from `origin`, or undefined when the origin is not allowed
 * (then send no CORS headers at all, but still `Vary: Origin`). For `OPTIONS` the preflight headers are included.
 */
export function corsHeaders(
  origin: string | undefined,
  allowedOrigins: readonly string[],
  method: string,
  options: CorsOptions = {},
): Record<string, string> | undefined {
  if (origin === undefined || origin === "null" || origin.includes("*") || !allowedOrigins.includes(origin))
    return undefined;
  const headers: Record<string, string> = {
    "Access-Control-Allow-Origin": origin,
    Vary: "Origin",
    "Access-Control-Expose-Headers": "Retry-After",
  };
  if (method.toUpperCase() === "OPTIONS") {
    headers["Access-Control-Allow-Methods"] = corsAllowedMethods.join(", ");
    headers["Access-Control-Allow-Headers"] = allowedHeaderNames(options).join(", ");
    headers["Access-Control-Max-Age"] = String(corsMaxAgeSeconds);
  }
  return headers;
}

function allowedHeaderNames(options: CorsOptions): string[] {
  return [
    ...new Set([...corsAllowedHeaders, ...(options.extraAllowedHeaders ?? []).map((name) => name.toLowerCase())]),
  ];
}

export interface PreflightResponse {
  readonly statusCode: 204 | 403;
  readonly headers: Record<string, string>;
}

/** Answers an `OPTIONS` preflight: 204 with CORS headers, or 403 with none when origin, method or a header is not allowed. */
export function corsPreflight(
  requestHeaders: Readonly<Record<string, string | undefined>>,
  allowedOrigins: readonly string[],
  options: CorsOptions = {},
): PreflightResponse {
  const refused: PreflightResponse = { statusCode: 403, headers: { Vary: "Origin" } };
  const headers = corsHeaders(headerValue(requestHeaders, "origin"), allowedOrigins, "OPTIONS", options);
  if (!headers) return refused;
  const method = headerValue(requestHeaders, "access-control-request-method");
  if (method === undefined || !(corsAllowedMethods as readonly string[]).includes(method)) return refused;
  const allowed = allowedHeaderNames(options);
  const requested = (headerValue(requestHeaders, "access-control-request-headers") ?? "")
    .split(",")
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name.length > 0);
  if (requested.some((name) => !allowed.includes(name))) return refused;
  return { statusCode: 204, headers };
}
