// Who may talk to the local runner: the rule itself (the HTTP behaviour is in server.test.ts), and
// LIVECHAT_DEV_ALLOWED_ORIGINS, the opt-in for `npm start` behind a local proxy.
import { describe, expect, it } from "vitest";
import { createRequestGuard, devAccessFromEnv, DevAccessError, validateAllowedHosts } from "../../dev/requestGuard.ts";

const guard = createRequestGuard({ port: 8787, listenHost: "127.0.0.1" });
const ask = (method: string, headers: Record<string, string>) => guard({ method, headers })?.status;

describe("createRequestGuard", () => {
  it("answers only the runner's own Host names, on its port", () => {
    expect(ask("GET", { host: "127.0.0.1:8787" })).toBeUndefined();
    expect(ask("GET", { host: "Localhost:8787" })).toBeUndefined();
    expect(ask("GET", { host: "[::1]:8787" })).toBeUndefined();
    expect(ask("GET", { host: "127.0.0.2:8787" })).toBe(421);
    expect(ask("GET", { host: "localhost.:8787" })).toBe(421);
    expect(ask("GET", { host: "rebind.attacker.example:8787" })).toBe(421);
    expect(ask("GET", {})).toBe(421);
  });

  it("on port 80 also answers the bare name (browsers omit the default port)", () => {
    const on80 = createRequestGuard({ port: 80, listenHost: "127.0.0.1" });
    expect(on80({ method: "POST", headers: { host: "localhost", origin: "http://localhost" } })).toBeUndefined();
  });

  it("takes writes only from its own origins, or without an Origin (non-browser clients)", () => {
    const host = { host: "127.0.0.1:8787" };
    expect(ask("POST", { ...host, origin: "http://localhost:8787" })).toBeUndefined();
    expect(ask("DELETE", host)).toBeUndefined();
    expect(ask("POST", { ...host, origin: "http://localhost:8788" })).toBe(403);
    expect(ask("POST", { ...host, origin: "https://localhost:8787" })).toBe(403);
    expect(ask("POST", { ...host, origin: "null" })).toBe(403);
    expect(ask("GET", { ...host, origin: "https://attacker.example" })).toBeUndefined();
    expect(ask("OPTIONS", { ...host, origin: "https://attacker.example" })).toBeUndefined();
  });

  it("names the refused Host printably and says how to opt in", () => {
    const refusal = guard({ method: "GET", headers: { host: `evil\u202e.example:8787` } });
    expect(refusal?.detail).toContain('for Host "evil?.example:8787"');
    expect(refusal?.detail).toContain("LIVECHAT_DEV_ALLOWED_ORIGINS=");
    expect(refusal?.detail).toContain("allowedHosts");
  });
});

describe("LIVECHAT_DEV_ALLOWED_ORIGINS", () => {
  it("is off by default", () => {
    expect(devAccessFromEnv({})).toEqual({ allowedHosts: [], allowedOrigins: [] });
  });

  it("adds each origin as a trusted Origin and its host as a Host", () => {
    expect(
      devAccessFromEnv({ LIVECHAT_DEV_ALLOWED_ORIGINS: "https://www.shop.test, https://Chat.Local.Test:8443" }),
    ).toEqual({
      allowedHosts: ["www.shop.test", "chat.local.test:8443"],
      allowedOrigins: ["https://www.shop.test", "https://chat.local.test:8443"],
    });
  });

  it.each([
    ["https://www.shop.test/path", "must be an origin only"],
    ["https://*.shop.test", 'contains "*"'],
    ["http://shop.test", "must use https://"],
  ])("refuses %j, naming the variable", (value, reason) => {
    expect(() => devAccessFromEnv({ LIVECHAT_DEV_ALLOWED_ORIGINS: value })).toThrow(DevAccessError);
    expect(() => devAccessFromEnv({ LIVECHAT_DEV_ALLOWED_ORIGINS: value })).toThrow(
      new RegExp(`^LIVECHAT_DEV_ALLOWED_ORIGINS: .*${reason.replace(/[*]/g, "\\$&")}`),
    );
    const refused = { name: "DevAccessError", code: "invalid-allowed-origins-env" };
    expect(() => devAccessFromEnv({ LIVECHAT_DEV_ALLOWED_ORIGINS: value })).toThrow(expect.objectContaining(refused));
  });
});

describe("allowedHosts", () => {
  it("canonicalises each entry, and refuses one that is not a Host value (DevAccessError invalid-allowed-host)", () => {
    expect(validateAllowedHosts([" Shop.Local.Test:8443 ", "[::1]:80"])).toEqual(["shop.local.test:8443", "[::1]:80"]);
    for (const entry of ["*.shop.test", "https://shop.test", "shop.test/path", ""]) {
      const refused = { name: "DevAccessError", code: "invalid-allowed-host" };
      expect(() => validateAllowedHosts([entry]), entry).toThrow(expect.objectContaining(refused));
      const message = `allowedHosts entry ${JSON.stringify(entry)} is not a Host value`;
      expect(() => validateAllowedHosts([entry]), entry).toThrow(message);
    }
  });
});
