// The local runner (`npm start`): real HTTP on 127.0.0.1 into the same signer code, behind a
// SigV4 check like a Function URL's AWS_IAM auth.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../dev/server.ts";
import { demoPageRoute, postOversize, startTestDevServer } from "../support/devServer.ts";
import { signedFetch } from "../support/signedFetch.ts";
import { verifiedClaims } from "../support/signerFixtures.ts";

let server: DevServer;

beforeAll(async () => {
  server = await startTestDevServer({ extraRoutes: [demoPageRoute] });
});
afterAll(async () => {
  await server.close();
});

/** A request signed with the server's dev credentials, as a site backend would send it. */
function signed(
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | Uint8Array<ArrayBuffer> } = {},
): Promise<Response> {
  if (server.credentials === undefined) throw new Error("IAM mode has credentials");
  return signedFetch(`${server.url}${path}`, init, server.credentials);
}

describe("dev server", () => {
  it("listens on 127.0.0.1 and reports the key id", () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.keyId).toBe(3);
  });

  it("serves POST /token with the same contract", async () => {
    const response = await signed("/token", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ sub: "alice@example.com", stp: "email", sid: "s1" }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = (await response.json()) as { token: string; sid: string };
    expect(verifiedClaims(body.token)).toMatchObject({
      iss: "dev-widget-id",
      ski: 3,
      sub: "alice@example.com",
      sid: "s1",
    });
  });

  it("answers wrong methods, paths, media types and bodies with problem+json", async () => {
    const get = await signed("/token");
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    expect(get.headers.get("content-type")).toBe("application/problem+json");
    expect((await signed("/nope", { method: "POST" })).status).toBe(404);
    expect(
      (await signed("/token", { method: "POST", headers: { "content-type": "text/plain" }, body: "{}" })).status,
    ).toBe(415);
    expect(
      (await signed("/token", { method: "POST", headers: { "content-type": "application/json" }, body: "{" })).status,
    ).toBe(400);
  });

  it("answers 413 for a large body without reading all of it", async () => {
    expect(await postOversize(`${server.url}/token`, "application/json", 512 * 1024)).toBe(413);
  });

  it("passes a non-UTF-8 body on base64-encoded, as a Function URL would, and rejects it", async () => {
    const response = await signed("/token", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: new Uint8Array([0x7b, 0xff, 0x7d]),
    });
    expect(response.status).toBe(400);
  });

  it("refuses unsigned requests and wrong keys with the Function URL's 403, and logs why", async () => {
    const lines: string[] = [];
    const logged = await startTestDevServer({
      log: (level, event, fields) => lines.push(JSON.stringify({ level, event, ...fields })),
    });
    try {
      const credentials = logged.credentials;
      if (credentials === undefined) throw new Error("IAM mode has credentials");
      const body = JSON.stringify({ sub: "alice@example.com", stp: "email" });
      const unsigned = await fetch(`${logged.url}/token`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
      const wrongKey = await signedFetch(
        `${logged.url}/token`,
        { method: "POST", headers: { "content-type": "application/json" }, body },
        { ...credentials, secretAccessKey: "x".repeat(40) },
      );
      const wrongRegion = await signedFetch(
        `${logged.url}/token`,
        { method: "POST", headers: { "content-type": "application/json" }, body },
        { ...credentials, region: "eu-central-1" },
      );
      for (const refused of [unsigned, wrongKey, wrongRegion]) {
        expect([
          refused.status,
          refused.headers.get("x-amzn-errortype"),
          ((await refused.json()) as { Message: string }).Message.split(".")[0],
        ]).toEqual([403, "AccessDeniedException", "Forbidden"]);
      }
      expect(lines.map((l) => (JSON.parse(l) as { reason?: string }).reason)).toEqual([
        "no Authorization header (the request is not SigV4-signed)",
        "the signature does not match (wrong secret access key, or the request changed after signing)",
        'the credential scope names region "eu-central-1", not this Function URL\'s "local"',
      ]);
      expect(lines.join("\n")).not.toContain(credentials.secretAccessKey);
      const ok = await signedFetch(
        `${logged.url}/token`,
        { method: "POST", headers: { "content-type": "application/json" }, body },
        credentials,
      );
      expect(ok.status).toBe(200);
    } finally {
      await logged.close();
    }
  });

  it("serves the demo page's backend shortcut, POST /demo/token, unsigned, by calling its own signer signed", async () => {
    const response = await fetch(`${server.url}/demo/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ sub: "bob@example.com", stp: "email" }),
    });
    expect(response.status).toBe(200);
    expect(verifiedClaims(((await response.json()) as { token: string }).token)).toMatchObject({
      sub: "bob@example.com",
      iss: "dev-widget-id",
    });
    const invalid = await fetch(`${server.url}/demo/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ sub: "bob", stp: "email" }),
    });
    expect([
      invalid.status,
      invalid.headers.get("content-type"),
      ((await invalid.json()) as { type: string }).type,
    ]).toEqual([400, "application/problem+json", "urn:livechat-aws:problem:invalid-request"]);
    expect(
      (
        await fetch(`${server.url}/demo/token`, {
          method: "POST",
          headers: { "content-type": "text/plain" },
          body: "{}",
        })
      ).status,
    ).toBe(415);
  });

  it("serves extra routes before the signer", async () => {
    const response = await fetch(`${server.url}/`);
    expect(await response.text()).toBe("demo page");
  });

  it("refuses a malformed secret at start", async () => {
    await expect(startTestDevServer({ secret: '{"id":3}' })).rejects.toThrow('The secret has no "key"');
  });
});
