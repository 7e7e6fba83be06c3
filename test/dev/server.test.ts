// The local runner's own defences: a web page must not be able to drive `npm start` (DNS
// rebinding, cross-site "simple" requests), and slow or half-open connections must not pile up.
// The doors a page would use: POST /demo/token (the demo's backend shortcut, unsigned: it mints a
// token with the developer's key for whoever it names) and, with the dev credentials, the signer.
import { connect, type Socket } from "node:net";
import { AwsV4Signer } from "aws4fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevServer, devServerLimits } from "../../dev/server.ts";
import { demoPageRoute, type RawAnswer, rawRequest, startTestDevServer } from "../support/devServer.ts";
import { waitUntil } from "../support/waitUntil.ts";

const tokenBody = JSON.stringify({ sub: "alice@example.com", stp: "email" });
const json = { "content-type": "application/json" };

let server: DevServer;
let port: string;

/** The same request SigV4-signed with the runner's dev credentials for the Host it carries, as a site backend signs it. */
async function signedRaw(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: string,
): Promise<RawAnswer> {
  const credentials = server.credentials;
  if (credentials === undefined) throw new Error("IAM mode has credentials");
  const { pathname } = new URL(url);
  const host = headers["host"] ?? "";
  const { region, ...keys } = credentials;
  const signer = new AwsV4Signer({
    url: `http://${host}${pathname}`,
    method,
    headers,
    ...(body === undefined ? {} : { body }),
    ...keys,
    service: "lambda",
    region,
  });
  const signed = await signer.sign();
  const sent: Record<string, string> = {};
  signed.headers.forEach((value, name) => (sent[name] = value));
  return rawRequest(url, method, { ...sent, host }, body);
}

beforeAll(async () => {
  server = await startTestDevServer({ extraRoutes: [demoPageRoute] });
  port = new URL(server.url).port;
});
afterAll(async () => {
  await server.close();
});

describe("DNS rebinding: only the runner's own Host names are answered", () => {
  it("refuses a rebound name (the attack: Host rebind.attacker.example:<port> got a token)", async () => {
    const answer = await rawRequest(
      `${server.url}/token`,
      "POST",
      { ...json, host: `rebind.attacker.example:${port}` },
      tokenBody,
    );
    expect(answer.body).not.toContain('"token"');
    expect(answer.status).toBe(421);
    expect(answer.headers["content-type"]).toBe("application/problem+json");
    const problem = JSON.parse(answer.body) as { type: string; detail: string };
    expect(problem.type).toBe("urn:livechat-aws:problem:dev-host-not-allowed");
    expect(problem.detail).toContain('"rebind.attacker.example:');
    expect(problem.detail).toContain("LIVECHAT_DEV_ALLOWED_ORIGINS");
  });

  it("refuses the demo's backend shortcut to a rebound name (unsigned, it would mint a token for anyone)", async () => {
    const answer = await rawRequest(
      `${server.url}/demo/token`,
      "POST",
      { ...json, host: `rebind.attacker.example:${port}` },
      tokenBody,
    );
    expect(answer.body).not.toContain('"token"');
    expect(answer.status).toBe(421);
  });

  it.each([
    ["GET", "/"],
    ["HEAD", "/"],
    ["GET", "/token"],
    ["DELETE", "/sessions/s1"],
  ])("refuses %s %s for a foreign Host too", async (method, path) => {
    const answer = await rawRequest(`${server.url}${path}`, method, { host: `rebind.attacker.example:${port}` });
    expect(answer.status).toBe(421);
  });

  it.each([["127.0.0.1"], ["localhost"], ["LOCALHOST"], ["[::1]"]])(
    "answers Host %s:<port>, the signer (signed) and the demo's backend",
    async (name) => {
      // SigV4 signs the lower-cased host, as URL parsers and AWS write it.
      const signed = await signedRaw(
        `${server.url}/token`,
        "POST",
        { ...json, host: `${name.toLowerCase()}:${port}` },
        tokenBody,
      );
      expect(signed.status).toBe(200);
      expect(JSON.parse(signed.body)).toHaveProperty("token");
      const demo = await rawRequest(
        `${server.url}/demo/token`,
        "POST",
        { ...json, host: `${name}:${port}` },
        tokenBody,
      );
      expect(demo.status).toBe(200);
      expect(JSON.parse(demo.body)).toHaveProperty("token");
    },
  );

  it.each([["127.0.0.1"], ["localhost:1"], ["127.0.0.1:<port>.attacker.example"], [""]])(
    "refuses Host %j (no port, another port, a suffix)",
    async (host) => {
      const answer = await rawRequest(
        `${server.url}/token`,
        "POST",
        { ...json, host: host.replace("<port>", port) },
        tokenBody,
      );
      expect(answer.status).toBe(421);
    },
  );

  it("refuses an HTTP/1.1 request without a Host header (Node's own 400)", async () => {
    const answer = await rawRequest(`${server.url}/token`, "POST", json, tokenBody);
    expect(answer.status).toBe(400);
    expect(answer.body).not.toContain('"token"');
  });
});

describe("cross-site requests: a state-changing request must come from the runner's own origin", () => {
  it.each([["https://attacker.example"], ["null"], ["http://127.0.0.1:1"]])(
    "refuses POST /token from Origin %s",
    async (origin) => {
      const answer = await rawRequest(
        `${server.url}/token`,
        "POST",
        { ...json, host: `127.0.0.1:${port}`, origin },
        tokenBody,
      );
      expect(answer.status).toBe(403);
      const problem = JSON.parse(answer.body) as { type: string; detail: string };
      expect(problem.type).toBe("urn:livechat-aws:problem:dev-origin-not-allowed");
      expect(problem.detail).toContain("allowedOrigins");
      expect(answer.body).not.toContain('"token"');
    },
  );

  it.each([
    ["DELETE", "/sessions/s1"],
    ["PUT", "/token"],
    ["PATCH", "/token"],
    ["POST", "/csp-report"],
    ["POST", "/demo/token"],
  ])("refuses %s %s from a foreign Origin", async (method, path) => {
    const answer = await rawRequest(
      `${server.url}${path}`,
      method,
      { ...json, host: `127.0.0.1:${port}`, origin: "https://attacker.example" },
      "{}",
    );
    expect(answer.status).toBe(403);
  });

  it.each([["http://127.0.0.1"], ["http://localhost"], ["http://[::1]"]])(
    "accepts POST /demo/token from its own page %s:<port>, and without an Origin (curl)",
    async (origin) => {
      const own = await rawRequest(
        `${server.url}/demo/token`,
        "POST",
        { ...json, host: `localhost:${port}`, origin: `${origin}:${port}` },
        tokenBody,
      );
      expect(own.status).toBe(200);
      const curl = await rawRequest(
        `${server.url}/demo/token`,
        "POST",
        { ...json, host: `localhost:${port}` },
        tokenBody,
      );
      expect(curl.status).toBe(200);
    },
  );

  it("lets a foreign page read nothing either: GET answers carry no CORS headers", async () => {
    const answer = await rawRequest(`${server.url}/`, "GET", {
      host: `127.0.0.1:${port}`,
      origin: "https://attacker.example",
    });
    expect(answer.status).toBe(200);
    expect(answer.headers["access-control-allow-origin"]).toBeUndefined();
  });
});

describe("a body must be declared JSON (a body without Content-Type is a CORS-simple request)", () => {
  it.each([[undefined], ["text/plain"], ["application/x-www-form-urlencoded"], ["multipart/form-data; boundary=x"]])(
    "refuses a signed POST /token with Content-Type %j: 415",
    async (type) => {
      const answer = await signedRaw(
        `${server.url}/token`,
        "POST",
        { host: `127.0.0.1:${port}`, ...(type === undefined ? {} : { "content-type": type }) },
        tokenBody,
      );
      expect(answer.status).toBe(415);
      expect(answer.body).not.toContain('"token"');
      expect(JSON.parse(answer.body)).toMatchObject({ type: "urn:livechat-aws:problem:unsupported-media-type" });
    },
  );

  it("accepts application/json with parameters", async () => {
    const answer = await signedRaw(
      `${server.url}/token`,
      "POST",
      { host: `127.0.0.1:${port}`, "content-type": "application/json; charset=utf-8" },
      tokenBody,
    );
    expect(answer.status).toBe(200);
  });
});

describe("trusted extra hosts and origins (a local proxy in front of the runner)", () => {
  let proxied: DevServer;
  beforeAll(async () => {
    proxied = await startTestDevServer({
      allowedHosts: ["www.shop.test"],
      allowedOrigins: ["https://www.shop.test"],
    });
  });
  afterAll(async () => {
    await proxied.close();
  });

  it("answers the opted-in Host and Origin, and still refuses others", async () => {
    const demoToken = async (host: string, origin: string) =>
      (await rawRequest(`${proxied.url}/demo/token`, "POST", { ...json, host, origin }, tokenBody)).status;
    expect(await demoToken("www.shop.test", "https://www.shop.test")).toBe(200);
    expect(await demoToken("evil.shop.test", "https://www.shop.test")).toBe(421);
    expect(await demoToken("www.shop.test", "https://evil.shop.test")).toBe(403);
  });

  it("refuses malformed opt-ins at start, naming the option", async () => {
    await expect(startTestDevServer({ allowedOrigins: ["https://www.shop.test/path"] })).rejects.toThrow(
      'allowedOrigins entry "https://www.shop.test/path" must be an origin only',
    );
    const hosts = startTestDevServer({ allowedHosts: ["*.shop.test"] });
    await expect(hosts).rejects.toThrow('allowedHosts entry "*.shop.test"');
    await expect(hosts).rejects.toMatchObject({ name: "DevAccessError", code: "invalid-allowed-host" });
  });
});

describe("messages a new user meets", () => {
  it("HEAD / answers like GET /, without a body", async () => {
    const get = await rawRequest(`${server.url}/`, "GET", { host: `127.0.0.1:${port}` });
    const head = await rawRequest(`${server.url}/`, "HEAD", { host: `127.0.0.1:${port}` });
    expect(head.status).toBe(200);
    expect(head.headers["content-type"]).toBe(get.headers["content-type"]);
    expect(head.body).toBe("");
  });

  it("a 404 lists every route: the runner's own and the signer's", async () => {
    const answer = await signedRaw(`${server.url}/nope`, "GET", { host: `127.0.0.1:${port}` });
    expect(answer.status).toBe(404);
    expect((JSON.parse(answer.body) as { detail: string }).detail).toBe(
      "No route matches this path. Routes here: GET /, POST /demo/token, POST /token, DELETE /sessions/{sid} (not configured: needs the Infobip API secret).",
    );
  });
});

describe("slow and half-open connections are not all held (a page could open hundreds)", () => {
  /** Opens a connection that sends the start of a request and never finishes its headers. */
  function halfOpen(url: string): Promise<{ socket: Socket; closed: () => boolean }> {
    const { hostname, port: target } = new URL(url);
    return new Promise((resolve, reject) => {
      let closed = false;
      const socket = connect(Number(target), hostname, () => {
        socket.write(
          `POST /csp-report HTTP/1.1\r\nHost: ${hostname}:${target}\r\nContent-Type: application/csp-report\r\n`,
        );
        resolve({ socket, closed: () => closed });
      });
      socket.resume(); // read what the server answers, so its close is seen
      socket.on("error", () => {});
      socket.on("close", () => (closed = true));
      socket.once("error", reject);
    });
  }

  it("closes connections beyond the cap at once", async () => {
    const capped = await startTestDevServer();
    const cap = devServerLimits.maxConnections;
    const opened = await Promise.all(Array.from({ length: 3 * cap }, () => halfOpen(capped.url)));
    try {
      await waitUntil(() => opened.filter((c) => c.closed()).length >= 2 * cap, {
        timeoutMs: 3000,
        what: "the connections beyond the cap to close",
      });
      expect(opened.filter((c) => c.closed()).length).toBeGreaterThanOrEqual(2 * cap);
    } finally {
      for (const c of opened) c.socket.destroy();
      await capped.close();
    }
  });

  it("closes a connection whose headers do not arrive within the headers timeout", async () => {
    const quick = await startTestDevServer({ limits: { headersTimeoutMs: 300 } });
    const slow = await halfOpen(quick.url);
    try {
      await waitUntil(slow.closed, { timeoutMs: 4000, what: "the slow connection to close" });
      expect(slow.closed()).toBe(true);
    } finally {
      slow.socket.destroy();
      await quick.close();
    }
  });
});
