// The website under test, served over HTTPS for `www.shop.test` (mapped by launchBrowser). Pages are
// registered per path with their exact response headers (CSP or CSP-Report-Only); `POST /csp-report`
// collects violation reports in both wire formats. Anything else can be proxied to a local upstream
// (e.g. the `npm start` dev server) so an end-to-end test sees that server's own headers. A document
// a WebKit session is opening is held after its first bytes until the session's violation
// recorder is in (documentHold.ts).
import { createServer, type Server } from "node:https";
import { request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { testCertificate } from "./tls.ts";
import { waitUntil } from "../waitUntil.ts";
import { readBody } from "../readBody.ts";
import { claimDocumentHold, holdPadding } from "./documentHold.ts";

export const siteHost = "www.shop.test";
export const siteOrigin = `https://${siteHost}`;

export interface SitePage {
  readonly body: string;
  /** Response headers, e.g. `{ "content-security-policy": header }`. Content-Type defaults to HTML. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly status?: number;
}

/** One received violation report, normalised from either wire format. */
export interface CspReport {
  /** `report-uri` (application/csp-report) or `report-to` (application/reports+json). */
  readonly format: "report-uri" | "report-to";
  readonly blockedUri: string;
  readonly effectiveDirective: string;
  readonly disposition: string;
  readonly documentUri: string;
  /** The parsed report object as the browser sent it. */
  readonly raw: unknown;
}

/** One request the site answered (served or proxied), with the exact response status and headers. */
export interface SiteExchange {
  readonly method: string;
  /** The `Host` header the browser sent, e.g. `www.shop.test` or `evil.shop.test`. */
  readonly host: string;
  /** Path and query. */
  readonly path: string;
  /** Request headers as received (lower-case names). */
  readonly requestHeaders: Readonly<Record<string, string>>;
  readonly status: number;
  /** Response headers as sent (lower-case names; proxied responses: the upstream's headers). */
  readonly responseHeaders: Readonly<Record<string, string>>;
}

export interface SiteOptions {
  /** The host name the site answers as (default `www.shop.test`); map it with launchBrowser's `extraHosts` unless it is under `.shop.test`. */
  readonly host?: string;
  /**
   * Forward requests that match no page to this http:// origin (e.g. the dev server). With a proxy,
   * `POST /csp-report` is forwarded too (the upstream collects its own reports).
   */
  readonly proxyTo?: string;
}

export interface Site {
  readonly port: number;
  /** `https://www.shop.test` (or `https://<options.host>`) — what the browser sees. */
  readonly origin: string;
  /** Register (or replace) the page at `path` (exact pathname match). */
  setPage(path: string, page: SitePage): void;
  /** Reports received at POST /csp-report, in arrival order. */
  readonly reports: CspReport[];
  /** Waits (bounded) until at least `count` reports arrived; resolves with all of them. */
  waitForReports(count: number, timeoutMs?: number): Promise<CspReport[]>;
  /** Every request path the site received, in order. */
  readonly requestLog: string[];
  /** Every answered request with its response status and headers, in the order the answers started. */
  readonly exchanges: SiteExchange[];
  reset(): void;
  close(): Promise<void>;
}

function text(value: unknown): string {
  return typeof value === "string" ? value : value === undefined || value === null ? "" : String(value);
}

/** Turns a report body (either format) into normalised reports. Exported for unit-level reuse. */
export function parseCspReports(contentType: string, body: string): CspReport[] {
  const parsed: unknown = JSON.parse(body);
  if (contentType.includes("application/reports+json") && Array.isArray(parsed)) {
    return parsed
      .filter(
        (r): r is { type: string; body: Record<string, unknown> } =>
          typeof r === "object" && r !== null && (r as { type?: unknown }).type === "csp-violation",
      )
      .map((r) => ({
        format: "report-to" as const,
        blockedUri: text(r.body.blockedURL),
        effectiveDirective: text(r.body.effectiveDirective),
        disposition: text(r.body.disposition),
        documentUri: text(r.body.documentURL),
        raw: r,
      }));
  }
  const legacy = (parsed as { "csp-report"?: Record<string, unknown> })["csp-report"];
  if (!legacy) return [];
  return [
    {
      format: "report-uri",
      blockedUri: text(legacy["blocked-uri"]),
      effectiveDirective: text(legacy["effective-directive"] ?? legacy["violated-directive"]),
      disposition: text(legacy.disposition),
      documentUri: text(legacy["document-uri"]),
      raw: parsed,
    },
  ];
}

function flatHeaders(
  headers: Readonly<Record<string, string | number | readonly string[] | undefined>>,
): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : String(value);
  }
  return flat;
}

type Answered = (
  status: number,
  headers: Readonly<Record<string, string | number | readonly string[] | undefined>>,
) => void;

/** The URL the browser asked for (its Host header, else the site's own origin). */
function requestedUrl(req: IncomingMessage, origin: string): string {
  return new URL(req.url ?? "/", req.headers.host ? `https://${req.headers.host}` : origin).href;
}

function proxy(upstream: string, origin: string, req: IncomingMessage, res: ServerResponse, answered: Answered): void {
  const target = new URL(req.url ?? "/", upstream);
  const host = new URL(origin).host;
  const hold = req.method === "GET" ? claimDocumentHold(requestedUrl(req, origin)) : undefined;
  const forward = httpRequest(
    target,
    {
      method: req.method,
      headers: { ...req.headers, "x-forwarded-proto": "https", "x-forwarded-host": req.headers.host ?? host },
    },
    (upstreamRes) => {
      const status = upstreamRes.statusCode ?? 502;
      const headers = { ...upstreamRes.headers };
      const length = headers["content-length"];
      if (hold && length !== undefined) headers["content-length"] = String(Number(length) + holdPadding.length);
      answered(status, headers);
      res.writeHead(status, headers);
      const rest = (): void => void upstreamRes.pipe(res);
      if (hold) void hold((chunk) => res.write(chunk)).then(rest);
      else rest();
    },
  );
  forward.on("error", (error) => {
    if (!res.headersSent) {
      answered(502, { "content-type": "text/plain" });
      res.writeHead(502, { "content-type": "text/plain" });
    }
    res.end(`site proxy: ${error.message}`);
  });
  req.pipe(forward);
}

export async function startSite(options: SiteOptions = {}): Promise<Site> {
  const { key, cert } = testCertificate();
  const pages = new Map<string, SitePage>();
  const reports: CspReport[] = [];
  const requestLog: string[] = [];
  const exchanges: SiteExchange[] = [];
  const host = options.host ?? siteHost;
  const origin = `https://${host}`;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", origin);
    requestLog.push(url.pathname + url.search);
    const answered: Answered = (status, headers) =>
      void exchanges.push({
        method: req.method ?? "GET",
        host: req.headers.host ?? "",
        path: url.pathname + url.search,
        requestHeaders: flatHeaders(req.headers),
        status,
        responseHeaders: flatHeaders(headers),
      });
    if (url.pathname === "/csp-report" && req.method === "POST" && !options.proxyTo) {
      const body = await readBody(req);
      reports.push(...parseCspReports(text(req.headers["content-type"]), body));
      answered(204, {});
      res.writeHead(204).end();
      return;
    }
    const page = pages.get(url.pathname);
    if (page) {
      const headers = { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", ...page.headers };
      const hold = req.method === "GET" ? claimDocumentHold(requestedUrl(req, origin)) : undefined;
      answered(page.status ?? 200, headers);
      res.writeHead(page.status ?? 200, headers);
      if (hold) await hold((chunk) => res.write(chunk));
      res.end(page.body);
      return;
    }
    if (options.proxyTo) {
      proxy(options.proxyTo, origin, req, res, answered);
      return;
    }
    answered(404, { "content-type": "text/plain" });
    res.writeHead(404, { "content-type": "text/plain" }).end(`site: no page at ${url.pathname}`);
  }

  const server: Server = createServer({ key, cert }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(`site error: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });

  return {
    port: (server.address() as AddressInfo).port,
    origin,
    setPage: (path, page) => void pages.set(path, page),
    reports,
    waitForReports: (count, timeoutMs = 10_000) =>
      waitUntil(() => reports.length >= count && [...reports], {
        timeoutMs,
        what: `${count} CSP report(s) at /csp-report`,
      }),
    requestLog,
    exchanges,
    reset: () => {
      pages.clear();
      reports.length = 0;
      requestLog.length = 0;
      exchanges.length = 0;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
