// The local runner: an HTTP server on 127.0.0.1 that turns each request into a Function URL
// (payload 2.0) event and hands it to the same signer code the Lambda runs. Later features
// (a demo page, a CSP report sink) plug in as extra routes. Like the Lambda, it runs in IAM mode
// or, given `identity`, in OIDC identity mode; `infobipApi` turns on DELETE /sessions/{sid}.
// In IAM mode it checks SigV4 as a Function URL with AWS_IAM auth does (dev/iamGate.ts), and serves
// the demo page's backend shortcut, POST /demo/token, which calls the signer through the client.
// It answers only its own Host names and takes state-changing requests only from its own origin
// (requestGuard.ts): the key it signs with is the developer's real one.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { createSignerClient, type SignerClient } from "../client/index.ts";
import type { IdentitySettings, TokenSettings } from "../lambda/config.ts";
import { defaults } from "../lambda/contract.ts";
import type { FunctionUrlAuthorizer, FunctionUrlEvent, FunctionUrlResponse } from "../lambda/http/functionUrlEvent.ts";
import { createSigner, type SignerSessionOptions } from "../lambda/http/signer.ts";
import { createLogger, type Logger } from "../lambda/log.ts";
import { createStaticKeySource } from "../lambda/secret/keySources.ts";
import { parseSecret } from "../lambda/secret/parseSecret.ts";
import type { InfobipApiSecret } from "../lambda/sessions/apiSecret.ts";
import type { KeyId } from "../lambda/token/claims.ts";
import { defaultInvalidation, identityOptions } from "../lambda/wiring.ts";
import { demoBackendRoute } from "./demoBackend.ts";
import { type DevIamCredentials, ephemeralDevCredentials } from "./devCredentials.ts";
import type { DevRoute } from "./devRoute.ts";
import { createIamGate } from "./iamGate.ts";
import { sendProblem } from "./problem.ts";
import { readBounded } from "./readBounded.ts";
import { createRequestGuard } from "./requestGuard.ts";

export interface DevServerOptions {
  /** Port to listen on; 0 picks a free one. Default 8787. */
  readonly port?: number;
  /** Default 127.0.0.1: the dev server is never exposed beyond this machine by default. */
  readonly host?: string;
  /** The key in the Infobip portal's format: {"id": …, "key": "<base64>"}. */
  readonly secret: string;
  readonly widgetId: string;
  /** TTL bounds; default 15 s, at most 60 s. */
  readonly ttl?: Pick<TokenSettings, "defaultTtlSeconds" | "maxTtlSeconds">;
  readonly extraRoutes?: readonly DevRoute[];
  readonly log?: Logger;
  /**
   * OIDC identity mode, with the settings `readIdentitySettings` reads from LIVECHAT_IDENTITY_*:
   * the customer comes only from a verified ID token. Absent: IAM mode (the body names the customer).
   */
  readonly identity?: IdentitySettings;
  /** The Infobip API secret (`{apiKey, baseUrl}`): turns on DELETE /sessions/{sid}. */
  readonly infobipApi?: InfobipApiSecret;
  /** Timing of the Infobip call; default the Lambda's (`defaultInvalidation`). */
  readonly invalidation?: SignerSessionOptions["invalidation"];
  /** IAM mode: the credentials requests must be signed with. Default: fresh ones for this server (see `DevServer.credentials`). */
  readonly iamCredentials?: DevIamCredentials;
  /**
   * Extra `Host` header values to answer, exactly as the browser sends them (`name` or `name:port`),
   * e.g. `["www.shop.test"]` behind a local https proxy. By default only `127.0.0.1:<port>`,
   * `localhost:<port>` and `[::1]:<port>` are answered (421 otherwise): a page on any other name
   * that resolves to this machine (DNS rebinding) must not reach the key.
   */
  readonly allowedHosts?: readonly string[];
  /**
   * Extra origins (`https://www.shop.test`) whose POST, PUT, PATCH and DELETE requests are taken. By
   * default only the runner's own origins (`http://127.0.0.1:<port>`, …) and, in OIDC mode, the
   * CORS origins in `identity.allowedOrigins`; a request from any other Origin gets 403.
   */
  readonly allowedOrigins?: readonly string[];
  /** Connection limits; default `devServerLimits`. */
  readonly limits?: Partial<DevServerLimits>;
}

export interface DevServer {
  /** e.g. http://127.0.0.1:8787 */
  readonly url: string;
  /** The key's id (`ski`); the key itself is never exposed. */
  readonly keyId: KeyId;
  /** What the secret's parser found suspicious, e.g. a hex key pasted where the portal's base64 belongs (never the key). */
  readonly secretWarnings: readonly string[];
  /** IAM mode: the credentials and region the signer's routes accept SigV4 signatures from. */
  readonly credentials?: DevIamCredentials;
  close(): Promise<void>;
}

/** Bodies beyond this are not read further; the signer answers 413 from what was read. */
const readLimitBytes = 64 * 1024;

/** How long a connection may take and how many may be open at once. */
export interface DevServerLimits {
  /** Open connections at most; further ones are closed at once. A browser opens about 6 per host. */
  readonly maxConnections: number;
  /** A request's headers must arrive within this (408 and close otherwise). */
  readonly headersTimeoutMs: number;
  /** A whole request (headers and body) must arrive within this. */
  readonly requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  readonly keepAliveTimeoutMs: number;
}

/**
 * Node's defaults hold a half-open connection for a minute and never cap their number: a page
 * could keep hundreds open. These are generous for a browser on this machine.
 */
export const devServerLimits: DevServerLimits = {
  maxConnections: 64,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
};

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * What a Function URL would hand the Lambda for this request. `authorizer` is what Lambda adds
 * for AWS_IAM auth (the SigV4 caller in IAM mode); absent, the event is as with auth NONE.
 */
export function toFunctionUrlEvent(
  req: IncomingMessage,
  body: Buffer,
  sourceIp: string,
  authorizer?: FunctionUrlAuthorizer,
): FunctionUrlEvent {
  const url = new URL(req.url ?? "/", "http://localhost");
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(",") : value;
  }
  let text: string | undefined;
  try {
    text = utf8.decode(body);
  } catch {
    text = undefined;
  }
  const method = req.method ?? "GET";
  return {
    version: "2.0",
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(body.length === 0
      ? {}
      : text === undefined
        ? { body: body.toString("base64"), isBase64Encoded: true }
        : { body: text, isBase64Encoded: false }),
    requestContext: {
      requestId: randomUUID(),
      http: {
        method,
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp,
        userAgent: headers["user-agent"] ?? "",
      },
      ...(authorizer === undefined ? {} : { authorizer }),
    },
  };
}

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const parsedSecret = parseSecret(options.secret); // validates early, with the parser's clear message
  const infobipApi = options.infobipApi;
  // IAM mode: the signer serves only SigV4-authenticated events, checked here as a Function URL
  // would. OIDC mode authenticates by ID token, as on a public (auth NONE) Function URL.
  const gate =
    options.identity === undefined
      ? createIamGate(options.iamCredentials ?? ephemeralDevCredentials(), options.log ?? createLogger())
      : undefined;
  let url = "";
  let backendClient: SignerClient | undefined;
  const selfClient = () =>
    (backendClient ??= createSignerClient({ url, region: gate?.credentials.region, credentials: gate?.credentials }));
  const routes = [...(options.extraRoutes ?? []), ...(gate === undefined ? [] : [demoBackendRoute(selfClient)])];
  const signer = createSigner({
    otherRoutes: routes.map((route) => `${route.method} ${route.path}`),
    config: {
      widgetId: options.widgetId,
      defaultTtlSeconds: options.ttl?.defaultTtlSeconds ?? defaults.ttlSeconds,
      maxTtlSeconds: options.ttl?.maxTtlSeconds ?? defaults.maxTtlFloorSeconds,
    },
    loadKey: createStaticKeySource(options.secret),
    ...(options.log === undefined ? {} : { log: options.log }),
    ...(options.identity === undefined ? {} : { identity: identityOptions(options.identity) }),
    ...(infobipApi === undefined
      ? {}
      : {
          sessions: {
            loadApiSecret: () => Promise.resolve(infobipApi),
            invalidation: options.invalidation ?? defaultInvalidation,
          },
        }),
  });

  const limits = { ...devServerLimits, ...options.limits };
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: Math.max(limits.requestTimeoutMs, limits.headersTimeoutMs),
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      // How often Node checks the two timeouts above (default 30 s, longer than they are).
      connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs),
    },
    async (req, res) => {
      try {
        const pathname = new URL(req.url ?? "/", "http://localhost").pathname;
        // HEAD is GET without the body (Node's response drops the body of a HEAD answer).
        const method = req.method === "HEAD" ? "GET" : req.method;
        const route = routes.find((r) => r.path === pathname && r.method === method);
        const refusal = guard({ method: req.method ?? "GET", headers: req.headers });
        if (refusal !== undefined && !(route?.anyOrigin === true && refusal.status === 403)) {
          sendProblem(res, refusal.status, refusal, { connection: "close" });
          res.on("finish", () => req.destroy());
          return;
        }
        if (route !== undefined) {
          await route.handle(req, res);
          return;
        }
        const { bytes, tooLarge: truncated } = await readBounded(req, readLimitBytes);
        const authorizer =
          gate === undefined
            ? undefined
            : await gate.admit(
                { method: req.method ?? "GET", target: req.url ?? "/", headers: req.headers, body: bytes, truncated },
                res,
              );
        if (gate !== undefined && authorizer === undefined) return;
        const event = toFunctionUrlEvent(req, bytes, req.socket.remoteAddress ?? "127.0.0.1", authorizer);
        const response = (await signer.handle(event)) as FunctionUrlResponse;
        res.writeHead(response.statusCode, { ...response.headers, ...(truncated ? { connection: "close" } : {}) });
        res.end(response.body);
        if (truncated) res.on("finish", () => req.destroy());
      } catch {
        if (!res.headersSent)
          sendProblem(res, 500, {
            type: "urn:livechat-aws:problem:internal-error",
            title: "Internal error",
            detail: "The dev server failed.",
          });
        else res.end();
      }
    },
  );
  server.maxConnections = limits.maxConnections;

  const host = options.host ?? "127.0.0.1";
  const trusted = {
    listenHost: host,
    allowedHosts: options.allowedHosts ?? [],
    // CORS origins configured for OIDC mode call the runner cross-origin on purpose.
    allowedOrigins: [...(options.allowedOrigins ?? []), ...(options.identity?.allowedOrigins ?? [])],
  };
  // Throws for malformed opt-ins before listening; until the port is known (port 0) it refuses every Host.
  let guard = createRequestGuard({ ...trusted, port: options.port ?? 8787 });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 8787, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  guard = createRequestGuard({ ...trusted, port });
  const shownHost = host.includes(":") ? `[${host}]` : host;
  url = `http://${shownHost}:${port}`;
  return {
    url,
    keyId: parsedSecret.id,
    secretWarnings: parsedSecret.warnings,
    ...(gate === undefined ? {} : { credentials: gate.credentials }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
