// The local runner (dev/server.ts) as the tests start it, and the requests fetch cannot send: with
// any Host header (as a DNS-rebinding page's), and oversize bodies.
import { request as httpRequest } from "node:http";
import { type DevServer, type DevServerOptions, startDevServer } from "../../dev/server.ts";
import type { DevRoute } from "../../dev/devRoute.ts";
import { knownSecretText } from "./signerFixtures.ts";

/** On a free 127.0.0.1 port, with the known-answer key, widget ID "dev-widget-id" and no log; `options` add or replace. */
export function startTestDevServer(options: Partial<DevServerOptions> = {}): Promise<DevServer> {
  return startDevServer({ port: 0, secret: knownSecretText, widgetId: "dev-widget-id", log: () => {}, ...options });
}

/** GET / answering "demo page": an extra route, told apart from the signer's routes. */
export const demoPageRoute: DevRoute = {
  method: "GET",
  path: "/",
  handle: (_req, res) => void res.writeHead(200, { "content-type": "text/plain" }).end("demo page"),
};

/**
 * POSTs `size` bytes to `url` and resolves with the answer's status. The server may answer 413 and
 * close before reading it all, so a write cut short (EPIPE, ECONNRESET) is not an error.
 */
export function postOversize(url: string, contentType: string, size: number): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const req = httpRequest(url, { method: "POST", headers: { "content-type": contentType } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", (error: NodeJS.ErrnoException) =>
      error.code === "EPIPE" || error.code === "ECONNRESET" ? undefined : reject(error),
    );
    req.end(Buffer.alloc(size, 0x61));
  });
}

export interface RawAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** One request with exactly these headers: node:http lets a test set `Host`, as a rebinding browser does. */
export function rawRequest(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: string,
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers, setHost: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }),
      );
    });
    req.on("error", reject);
    req.end(body);
  });
}
