// What the handler reads from a Function URL event, once, for the routes: the upper-case method, the
// path without the CloudFront prefix, and the headers only if they are an object (a direct invoke
// shaped like an event may carry any JSON).
import { describe, expect, it } from "vitest";
import type { FunctionUrlEvent } from "../../lambda/http/functionUrlEvent.ts";
import { readHttpRequest, routePath } from "../../lambda/http/requestContext.ts";
import { functionUrlEvent } from "../support/signerFixtures.ts";

describe("readHttpRequest", () => {
  it("upper-cases the method and keeps the event", () => {
    const event = functionUrlEvent({ method: "delete", path: "/sessions/a" });
    expect(readHttpRequest(event, "")).toEqual({
      event,
      method: "DELETE",
      path: "/sessions/a",
      headers: { "content-type": "application/json" },
    });
  });

  it("headers that are not a plain object count as none", () => {
    for (const headers of [null, "x", ["a"], 5]) {
      const event = { ...functionUrlEvent(), headers } as unknown as FunctionUrlEvent;
      expect(readHttpRequest(event, "").headers).toEqual({});
    }
  });
});

describe("routePath", () => {
  it.each([
    ["/livechat/token", "/livechat", "/token"],
    ["/livechat/sessions/a", "/livechat", "/sessions/a"],
    ["/token", "/livechat", "/token"],
    ["/livechatx/token", "/livechat", "/livechatx/token"],
    ["/livechat", "/livechat", "/livechat"],
    ["/livechat/token", "", "/livechat/token"],
  ])("%s with prefix %j → %s", (rawPath, prefix, expected) => {
    expect(routePath(functionUrlEvent({ path: rawPath }), prefix)).toBe(expected);
  });

  it("falls back to requestContext.http.path, and to no path, when rawPath is not a string", () => {
    const event = functionUrlEvent({ path: "/token" });
    expect(routePath({ ...event, rawPath: 7 } as unknown as FunctionUrlEvent, "")).toBe("/token");
    const neither = {
      ...event,
      rawPath: null,
      requestContext: { ...event.requestContext, http: { method: "GET", path: {} } },
    };
    expect(routePath(neither as unknown as FunctionUrlEvent, "")).toBe("");
  });
});
