import { describe, expect, it } from "vitest";
import { envNames, readConfig, readTokenSettings } from "../../lambda/config.ts";
import { configErrorMessage } from "../support/signerFixtures.ts";

const configErrorFor = (env: Record<string, string>): string => configErrorMessage(readConfig, env);

const base = { LIVECHAT_WIDGET_ID: "widget-1", LIVECHAT_SECRET_ID: "livechat/dev/key" };


describe("signer configuration from the environment", () => {
  it("uses the contract's variable names", () => {
    expect(envNames).toEqual({
      widgetId: "LIVECHAT_WIDGET_ID",
      secretId: "LIVECHAT_SECRET_ID",
      ttlSeconds: "LIVECHAT_TOKEN_TTL_SECONDS",
      maxTtlSeconds: "LIVECHAT_MAX_TOKEN_TTL_SECONDS",
      cacheSeconds: "LIVECHAT_SECRET_CACHE_SECONDS",
      staleSeconds: "LIVECHAT_STALE_SECONDS",
      timeoutMs: "LIVECHAT_SECRET_TIMEOUT_MS",
    });
  });

  it("applies the documented defaults", () => {
    expect(readConfig(base)).toEqual({
      widgetId: "widget-1",
      secretId: "livechat/dev/key",
      defaultTtlSeconds: 15,
      maxTtlSeconds: 60,
      cacheSeconds: 300,
      staleSeconds: 900,
      timeoutMs: 2000,
    });
  });

  it("defaults the maximum TTL to max(TTL, 60)", () => {
    expect(readTokenSettings({ ...base, LIVECHAT_TOKEN_TTL_SECONDS: "120" }).maxTtlSeconds).toBe(120);
    expect(readTokenSettings({ ...base, LIVECHAT_TOKEN_TTL_SECONDS: "20" }).maxTtlSeconds).toBe(60);
  });

  it("reads every setting", () => {
    const config = readConfig({
      ...base,
      LIVECHAT_TOKEN_TTL_SECONDS: "30",
      LIVECHAT_MAX_TOKEN_TTL_SECONDS: "3600",
      LIVECHAT_SECRET_CACHE_SECONDS: "60",
      LIVECHAT_STALE_SECONDS: "0",
      LIVECHAT_SECRET_TIMEOUT_MS: "500",
    });
    expect(config).toMatchObject({ defaultTtlSeconds: 30, maxTtlSeconds: 3600, cacheSeconds: 60, staleSeconds: 0, timeoutMs: 500 });
  });

  it.each([
    [{ LIVECHAT_SECRET_ID: "x" }, "LIVECHAT_WIDGET_ID is not set"],
    [{ LIVECHAT_WIDGET_ID: "w" }, "LIVECHAT_SECRET_ID is not set"],
    [{ ...base, LIVECHAT_WIDGET_ID: " w" }, "LIVECHAT_WIDGET_ID has leading or trailing whitespace"],
    [{ ...base, LIVECHAT_WIDGET_ID: "w\u0007" }, "LIVECHAT_WIDGET_ID contains a control character"],
    [{ ...base, LIVECHAT_TOKEN_TTL_SECONDS: "9" }, "LIVECHAT_TOKEN_TTL_SECONDS must be between 10 and 86400; got 9."],
    [{ ...base, LIVECHAT_TOKEN_TTL_SECONDS: "15s" }, 'LIVECHAT_TOKEN_TTL_SECONDS must be a whole number between 10 and 86400; got "15s".'],
    [{ ...base, LIVECHAT_TOKEN_TTL_SECONDS: "-20" }, "must be a whole number"],
    [{ ...base, LIVECHAT_TOKEN_TTL_SECONDS: "30", LIVECHAT_MAX_TOKEN_TTL_SECONDS: "20" }, "LIVECHAT_MAX_TOKEN_TTL_SECONDS (20) is below LIVECHAT_TOKEN_TTL_SECONDS (30)"],
    [{ ...base, LIVECHAT_SECRET_CACHE_SECONDS: "0" }, "LIVECHAT_SECRET_CACHE_SECONDS must be between 1 and 86400"],
    [{ ...base, LIVECHAT_SECRET_TIMEOUT_MS: "10" }, "LIVECHAT_SECRET_TIMEOUT_MS must be between 50 and 60000"],
  ])("rejects %j: %s", (env, message) => {
    expect(configErrorFor(env as Record<string, string>)).toContain(message);
  });
});
