// `npm start` itself (dev/start.ts): what it prints about a suspicious key, and the opt-in for a
// local proxy in front of it (LIVECHAT_DEV_ALLOWED_ORIGINS).
import { type ChildProcess, spawn } from "node:child_process";
import { request as httpRequest } from "node:http";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const hexKey = Buffer.alloc(32, 0xab).toString("hex");
let child: ChildProcess | undefined;

afterAll(async () => {
  if (child?.exitCode === null) {
    const exited = new Promise((resolve) => child?.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }
});

function post(url: string, host: string, origin: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}/token`, { method: "POST", setHost: false, headers: { host, origin, "content-type": "application/json" } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end(JSON.stringify({ sub: "alice@example.com", stp: "email" }));
  });
}

describe("npm start", () => {
  it("prints the parser's warning about a hex key (never the key), and answers the proxy's Host and Origin it was told to", async () => {
    child = spawn(process.execPath, ["dev/start.ts"], {
      cwd: root,
      env: {
        PATH: process.env["PATH"] ?? "",
        PORT: "0",
        LIVECHAT_WIDGET_ID: "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
        LIVECHAT_SECRET: JSON.stringify({ id: 3, key: hexKey }),
        LIVECHAT_DEV_ALLOWED_ORIGINS: "https://www.shop.test",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const proc = child;
    await new Promise<void>((resolve, reject) => {
      const read = (chunk: Buffer) => {
        output += chunk.toString("utf8");
        if (/Try:\n.*\n/.test(output)) resolve();
      };
      proc.stdout?.on("data", read);
      proc.stderr?.on("data", read);
      proc.once("exit", (code) => reject(new Error(`npm start exited with ${String(code)}:\n${output}`)));
    });
    expect(output).toContain('  warning:   The secret\'s "key" looks hexadecimal (64 characters 0–9 a–f).');
    expect(output).not.toContain(hexKey.slice(0, 16));
    expect(output).toContain("  access:    Host 127.0.0.1, localhost or [::1] only, writes only from those pages, and https://www.shop.test (LIVECHAT_DEV_ALLOWED_ORIGINS)");
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1] ?? "";
    expect(await post(url, "www.shop.test", "https://www.shop.test")).toBe(200);
    expect(await post(url, "evil.shop.test", "https://www.shop.test")).toBe(421);
  });
});
