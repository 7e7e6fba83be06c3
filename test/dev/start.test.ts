// `npm start` itself (dev/start.ts): what it prints about a suspicious key, and the opt-in for a
// local proxy in front of it (LIVECHAT_DEV_ALLOWED_ORIGINS).
import { afterAll, describe, expect, it } from "vitest";
import { rawRequest } from "../support/devServer.ts";
import { type NpmStart, startNpmStart } from "../support/npmStart.ts";

const hexKey = Buffer.alloc(32, 0xab).toString("hex");
let started: NpmStart | undefined;

afterAll(async () => {
  await started?.stop();
});

async function post(url: string, host: string, origin: string): Promise<number> {
  const body = JSON.stringify({ sub: "alice@example.com", stp: "email" });
  return (await rawRequest(`${url}/demo/token`, "POST", { host, origin, "content-type": "application/json" }, body))
    .status;
}

describe("npm start", () => {
  it("prints the parser's warning about a hex key (never the key), and answers the proxy's Host and Origin it was told to", async () => {
    started = await startNpmStart(
      {
        LIVECHAT_WIDGET_ID: "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
        LIVECHAT_SECRET: JSON.stringify({ id: 3, key: hexKey }),
        LIVECHAT_DEV_ALLOWED_ORIGINS: "https://www.shop.test",
      },
      /\nTry[^\n]*:\n.*\n/,
    );
    const output = started.output();
    expect(output).toContain('  warning:   The secret\'s "key" looks hexadecimal (64 characters 0–9 a–f).');
    expect(output).not.toContain(hexKey.slice(0, 16));
    expect(output).toContain(
      "  access:    Host 127.0.0.1, localhost or [::1] only, writes only from those pages, and https://www.shop.test (LIVECHAT_DEV_ALLOWED_ORIGINS)",
    );
    const url = started.url;
    expect(await post(url, "www.shop.test", "https://www.shop.test")).toBe(200);
    expect(await post(url, "evil.shop.test", "https://www.shop.test")).toBe(421);
  });
});
