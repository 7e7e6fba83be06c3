// One local HTTPS server that stands in for every vendor host (Infobip, CloudFront, Userpilot, Google
// Fonts, and an "evil" host). Chromium reaches it through --host-resolver-rules, so each request
// keeps its real Host header and the server answers by host and path. Every request and WebSocket
// message is recorded so tests can assert what actually reached the vendor.
import { createServer, type Server } from "node:https";
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";
import { testCertificate } from "./tls.ts";
import { minimalTrueTypeFont } from "./testFont.ts";
import { waitUntil } from "../waitUntil.ts";
import { readBody } from "../readBody.ts";

export interface RecordedRequest {
  /** Host header without port, e.g. `livechat.infobip.com`. */
  readonly host: string;
  readonly method: string;
  /** Path including the query string. */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** Request body as UTF-8 text ("" when none). */
  readonly body: string;
  /** True for a WebSocket upgrade request. */
  readonly upgrade: boolean;
}

export interface RecordedWebSocketMessage {
  readonly host: string;
  readonly path: string;
  /** `in`: browser → stand-in; `out`: stand-in → browser. */
  readonly direction: "in" | "out";
  readonly data: string;
}

export interface VendorResponse {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
}

/** Matches a host exactly (string) or by pattern (RegExp), and a path (without query) likewise. */
export interface VendorRoute {
  readonly host: string | RegExp;
  readonly path: string | RegExp;
  /** Default: any method. */
  readonly method?: string;
  readonly respond: (request: RecordedRequest) => VendorResponse | Promise<VendorResponse>;
}

/** Called for each accepted WebSocket; return nothing to get the default (echo every message). */
export type WebSocketHandler = (
  socket: WebSocket,
  info: { readonly host: string; readonly path: string; readonly send: (data: string) => void },
) => void;

export interface VendorStandInOptions {
  /** Body of `widget.js` on `livechat(-<region>).infobip.com`. Default: `defaultWidgetScript`. */
  readonly widgetScript?: string;
  /** Routes tried before the built-in ones (first match wins). */
  readonly routes?: readonly VendorRoute[];
  /** Custom WebSocket behaviour; default echoes. Messages are recorded either way. */
  readonly onWebSocket?: WebSocketHandler;
}

export interface VendorStandIn {
  /** Port on 127.0.0.1; map vendor hosts here with `launchChromium({ vendorPort })`. */
  readonly port: number;
  /** Every HTTP request and WebSocket upgrade, in arrival order. */
  readonly requests: RecordedRequest[];
  readonly webSocketMessages: RecordedWebSocketMessage[];
  /** Add a route tried before the built-ins (and before earlier-added routes). */
  addRoute(route: VendorRoute): void;
  /** Replace the widget.js body for the following requests. */
  setWidgetScript(body: string): void;
  /** Requests whose host (and optionally path prefix) match. */
  requestsTo(host: string | RegExp, pathPrefix?: string): RecordedRequest[];
  /** Waits (bounded) for the first recorded request matching `predicate`. */
  waitForRequest(predicate: (request: RecordedRequest) => boolean, timeoutMs?: number): Promise<RecordedRequest>;
  /** Forget recorded requests and messages (between test cases). */
  reset(): void;
  close(): Promise<void>;
}

/** Host patterns of the vendors, also used by the host-resolver rules. */
export const vendorHostPatterns = {
  widgetScript: /^livechat(-[a-z0-9]+)?\.infobip\.com$/,
  livechatFrame: /^livechat(-[a-z0-9]+)?\.infobip\.com$/,
  infobipApi: /^api(-[a-z0-9]+)?\.infobip\.(com|net)$/,
  infobipWebSocket: /^livechat(-[a-z0-9]+)?\.infobip\.(com|net)$/,
  cloudFront: /^[a-z0-9]+\.cloudfront\.net$/,
  userpilotScript: /^(js|deploy)\.userpilot\.io$/,
  userpilotWebSocket: /^(analytex(-[a-z]+)?|api|reporting)\.userpilot\.io$/,
  fonts: /^(fonts\.gstatic\.com|fonts\.userpilot\.io)$/,
} as const;

/** Default widget.js: marks itself as loaded so the page can tell it ran. */
export const defaultWidgetScript = "window.__vendor = window.__vendor || {}; window.__vendor.widgetLoaded = true;";

export const userpilotScript = "window.__vendor = window.__vendor || {}; window.__vendor.userpilotLoaded = true;";

export const evilScript = "window.__evilRan = true;";

const onePixelPng = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

export const iconSvg =
  '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16"><circle cx="8" cy="8" r="8" fill="#f60"/></svg>';

/** The iframe page on livechat.infobip.com: tells its parent it loaded. */
const framePage =
  "<!doctype html><title>Live Chat frame stand-in</title><p>chat frame</p>" +
  "<script>parent.postMessage({ source: 'vendor-stand-in', frame: location.href }, '*');</script>";

const fontBytes = minimalTrueTypeFont();

function hostOf(req: IncomingMessage): string {
  return (req.headers.host ?? "").replace(/:\d+$/, "").toLowerCase();
}

function matches(pattern: string | RegExp, value: string): boolean {
  return typeof pattern === "string" ? pattern === value : pattern.test(value);
}

function corsHeaders(req: RecordedRequest): Record<string, string> {
  // Echo the origin (not "*") so credentialed requests work too, as Infobip's APIs do for the widget.
  const origin = req.headers.origin;
  return origin
    ? {
        "access-control-allow-origin": origin,
        "access-control-allow-credentials": "true",
        "access-control-allow-methods": "GET, POST, PUT, DELETE, OPTIONS",
        "access-control-allow-headers": req.headers["access-control-request-headers"] ?? "content-type, authorization",
        vary: "Origin",
      }
    : { "access-control-allow-origin": "*" };
}

function builtInRoutes(getWidgetScript: () => string): VendorRoute[] {
  const js = "text/javascript; charset=utf-8";
  return [
    {
      host: vendorHostPatterns.widgetScript,
      path: "/widget.js",
      respond: () => ({ headers: { "content-type": js }, body: getWidgetScript() }),
    },
    {
      host: vendorHostPatterns.livechatFrame,
      path: /^\/frame/,
      respond: () => ({ headers: { "content-type": "text/html; charset=utf-8" }, body: framePage }),
    },
    {
      host: vendorHostPatterns.infobipApi,
      path: /^\//,
      respond: (r) => ({
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ ok: true, host: r.host, path: r.path }),
      }),
    },
    {
      host: vendorHostPatterns.cloudFront,
      path: /^\/infobiplivechat-configuration\/.+\.svg$/,
      respond: () => ({ headers: { "content-type": "image/svg+xml" }, body: iconSvg }),
    },
    {
      host: vendorHostPatterns.cloudFront,
      path: /^\/infobiplivechat-configuration\/.+\.png$/,
      respond: () => ({ headers: { "content-type": "image/png" }, body: onePixelPng }),
    },
    {
      host: vendorHostPatterns.userpilotScript,
      path: /^\/sdk\/.+\.js$/,
      respond: () => ({ headers: { "content-type": js }, body: userpilotScript }),
    },
    {
      host: vendorHostPatterns.fonts,
      path: /^\//,
      respond: () => ({ headers: { "content-type": "font/ttf" }, body: fontBytes }),
    },
    {
      host: "fonts.googleapis.com",
      path: /^\/css/,
      respond: () => ({
        headers: { "content-type": "text/css" },
        body: "@font-face { font-family: 'StandInGoogleFont'; src: url(https://fonts.gstatic.com/s/standin/v1/font.ttf) format('truetype'); }",
      }),
    },
    {
      host: "evil.example",
      path: /^\/.+\.js$/,
      respond: () => ({ headers: { "content-type": js }, body: evilScript }),
    },
  ];
}

export async function startVendorStandIn(options: VendorStandInOptions = {}): Promise<VendorStandIn> {
  const { key, cert } = testCertificate();
  const requests: RecordedRequest[] = [];
  const webSocketMessages: RecordedWebSocketMessage[] = [];
  let widgetScript = options.widgetScript ?? defaultWidgetScript;
  const customRoutes: VendorRoute[] = [...(options.routes ?? [])];
  const routes = builtInRoutes(() => widgetScript);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "https://stand-in");
    const recorded: RecordedRequest = {
      host: hostOf(req),
      method: req.method ?? "GET",
      path: url.pathname + url.search,
      headers: req.headers,
      body: await readBody(req),
      upgrade: false,
    };
    requests.push(recorded);
    const cors = corsHeaders(recorded);
    if (recorded.method === "OPTIONS") {
      res.writeHead(204, cors).end();
      return;
    }
    const route = [...customRoutes, ...routes].find(
      (r) =>
        matches(r.host, recorded.host) && matches(r.path, url.pathname) && (!r.method || r.method === recorded.method),
    );
    if (!route) {
      res
        .writeHead(404, { ...cors, "content-type": "text/plain" })
        .end(`stand-in: no route for ${recorded.host}${url.pathname}`);
      return;
    }
    const answer = await route.respond(recorded);
    res.writeHead(answer.status ?? 200, { ...cors, "cache-control": "no-store", ...answer.headers });
    res.end(answer.body ?? "");
  }

  const server: Server = createServer({ key, cert }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(`stand-in error: ${error instanceof Error ? error.message : String(error)}`);
    });
  });

  const wss = new WebSocketServer({ noServer: true });
  server.on("upgrade", (req: IncomingMessage, socket, head) => {
    const host = hostOf(req);
    const path = req.url ?? "/";
    requests.push({ host, method: req.method ?? "GET", path, headers: req.headers, body: "", upgrade: true });
    const allowed =
      vendorHostPatterns.infobipWebSocket.test(host) ||
      vendorHostPatterns.userpilotWebSocket.test(host) ||
      host === "evil.example";
    if (!allowed) {
      socket.end("HTTP/1.1 404 Not Found\r\n\r\n");
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const send = (data: string): void => {
        webSocketMessages.push({ host, path, direction: "out", data });
        ws.send(data);
      };
      ws.on("message", (data) => {
        const text = Buffer.isBuffer(data) ? data.toString("utf8") : String(data);
        webSocketMessages.push({ host, path, direction: "in", data: text });
        if (!options.onWebSocket) send(text);
      });
      options.onWebSocket?.(ws, { host, path, send });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    requests,
    webSocketMessages,
    addRoute: (route) => void customRoutes.unshift(route),
    setWidgetScript: (body) => void (widgetScript = body),
    requestsTo: (host, pathPrefix) =>
      requests.filter((r) => matches(host, r.host) && (pathPrefix === undefined || r.path.startsWith(pathPrefix))),
    waitForRequest: (predicate, timeoutMs = 10_000) =>
      waitUntil(() => requests.find(predicate), { timeoutMs, what: "a matching request at the vendor stand-in" }),
    reset: () => {
      requests.length = 0;
      webSocketMessages.length = 0;
    },
    close: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
