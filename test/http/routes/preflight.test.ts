// The CORS preflight route on its own: exact origins, methods and headers (the identity header
// included), and every preflight refused when no origins are configured (same-origin only).
import { describe, expect, it } from "vitest";
import { preflight } from "../../../lambda/http/routes/preflight.ts";
import { httpRequest, oidcRouteContext, unusedIssuer } from "./routeContext.ts";

const origin = "https://www.shop.example";
const options = (headers: Record<string, string>) => httpRequest({ method: "OPTIONS", path: "/token", headers });

describe("preflight (OIDC mode OPTIONS)", () => {
  it("an allowed origin, method and headers → 204 with exactly the CORS headers, lower-case, the custom identity header allowed", () => {
    const { ctx, logged } = oidcRouteContext(unusedIssuer, { allowedOrigins: [origin], headerName: "x-site-identity" });
    const request = options({
      origin,
      "access-control-request-method": "GET",
      "access-control-request-headers": "X-Site-Identity, content-type",
    });
    expect(preflight(ctx, request)).toEqual({
      kind: "preflight",
      status: 204,
      headers: {
        "access-control-allow-origin": origin,
        vary: "Origin",
        "access-control-expose-headers": "Retry-After",
        "access-control-allow-methods": "GET, POST, DELETE, OPTIONS",
        "access-control-allow-headers":
          "content-type, x-livechat-identity, authorization, x-amz-content-sha256, x-site-identity",
        "access-control-max-age": "600",
      },
    });
    expect(logged).toEqual([]);
  });

  it.each([
    ["another origin", { origin: "https://evil.example", "access-control-request-method": "GET" }],
    ["a method not allowed", { origin, "access-control-request-method": "PUT" }],
    [
      "a header not allowed",
      { origin, "access-control-request-method": "GET", "access-control-request-headers": "x-other" },
    ],
    ["no origin", { "access-control-request-method": "GET" }],
  ])("%s → 403 with only Vary: Origin", (_name, headers) => {
    const { ctx } = oidcRouteContext(unusedIssuer, { allowedOrigins: [origin] });
    expect(preflight(ctx, options(headers))).toEqual({ kind: "preflight", status: 403, headers: { vary: "Origin" } });
  });

  it("no origins configured → 403 without any header, whatever the request", () => {
    const { ctx } = oidcRouteContext(unusedIssuer);
    expect(preflight(ctx, options({ origin, "access-control-request-method": "GET" }))).toEqual({
      kind: "preflight",
      status: 403,
      headers: {},
    });
  });
});
