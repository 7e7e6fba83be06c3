// Who may talk to the local runner. It listens on 127.0.0.1, but that alone does not keep web
// pages out: a page on attacker.example whose name is re-pointed at 127.0.0.1 (DNS rebinding) is
// same-origin with the runner and could mint tokens with the developer's real key, and any page
// can send a cross-site "simple" POST. So the runner answers only its own Host names, and takes a
// state-changing request only from its own origin (or one the developer opted in).
import { CorsConfigError, validateAllowedOrigins } from "../lambda/identity/cors.ts";
import { headerValue } from "../lambda/headerValue.ts";

/** For `npm start` behind a local proxy: comma-separated origins the runner is reached at, e.g. `https://shop.local.test:8443`. */
export const devAllowedOriginsEnvName = "LIVECHAT_DEV_ALLOWED_ORIGINS";

/** Which opt-in was malformed: an `allowedHosts` entry, or LIVECHAT_DEV_ALLOWED_ORIGINS. */
export const devAccessErrorCodes = ["invalid-allowed-host", "invalid-allowed-origins-env"] as const;
export type DevAccessErrorCode = (typeof devAccessErrorCodes)[number];

export class DevAccessError extends Error {
  override readonly name = "DevAccessError";
  readonly code: DevAccessErrorCode;

  constructor(code: DevAccessErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/** A refusal to answer with a problem document. */
export interface DevRefusal {
  readonly status: 403 | 421;
  readonly type: string;
  readonly title: string;
  readonly detail: string;
}

export interface RequestGuardOptions {
  /** The port the runner listens on. */
  readonly port: number;
  /** The address it listens on (default 127.0.0.1); a non-loopback address is answered under its own name too. */
  readonly listenHost: string;
  /** Extra `Host` values to answer, exactly as the browser sends them (`host` or `host:port`). */
  readonly allowedHosts?: readonly string[];
  /** Extra origins whose state-changing requests are taken (validated like CORS origins). */
  readonly allowedOrigins?: readonly string[];
}

export interface RequestFacts {
  readonly method: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

const loopbackNames = ["127.0.0.1", "localhost", "[::1]"] as const;
// A host name or IPv4 address (letters, digits, dots, hyphens) or a bracketed IPv6 address, and an optional port.
const hostValue = /^(?:[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?|\[[0-9a-f:.]{2,45}\])(?::[0-9]{1,5})?$/;
/** Methods that only read; everything else may change something and needs a trusted Origin. */
const readOnlyMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/** `allowedHosts` in canonical (lower-case) form; throws `DevAccessError` naming a malformed entry. */
export function validateAllowedHosts(hosts: readonly string[]): string[] {
  return hosts.map((entry) => {
    const host = typeof entry === "string" ? entry.trim().toLowerCase() : "";
    if (!hostValue.test(host)) {
      throw new DevAccessError(
        "invalid-allowed-host",
        `allowedHosts entry ${JSON.stringify(entry)} is not a Host value: write the name (and port) exactly as the browser sends it, e.g. "shop.local.test" or "shop.local.test:8443" (no scheme, path or wildcard).`,
      );
    }
    return host;
  });
}

function printable(value: string): string {
  const text = value.replace(/[^\x20-\x7e]/g, "?");
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}

function withPort(name: string, port: number): string[] {
  return port === 80 ? [`${name}:${port}`, name] : [`${name}:${port}`];
}

/**
 * Decides, per request, whether the runner may answer it. Throws `DevAccessError` (or the CORS
 * validator's error) for malformed opt-ins, at start-up.
 */
export function createRequestGuard(options: RequestGuardOptions): (request: RequestFacts) => DevRefusal | undefined {
  const { port } = options;
  const ownNames: string[] = [...loopbackNames];
  const listenName = options.listenHost.includes(":") ? `[${options.listenHost}]` : options.listenHost.toLowerCase();
  if (!ownNames.includes(listenName) && listenName !== "0.0.0.0" && listenName !== "[::]") ownNames.push(listenName);
  const ownHosts = ownNames.flatMap((name) => withPort(name, port));
  const hosts = new Set([...ownHosts, ...validateAllowedHosts(options.allowedHosts ?? [])]);
  const ownOrigins = ownNames.map((name) => `http://${name}${port === 80 ? "" : `:${port}`}`);
  const extraOrigins =
    options.allowedOrigins === undefined || options.allowedOrigins.length === 0
      ? []
      : validateAllowedOrigins(options.allowedOrigins);
  const origins = new Set([...ownOrigins, ...extraOrigins]);
  const optIn = `To reach the runner through a local proxy, set ${devAllowedOriginsEnvName}=<the proxy's origin, e.g. https://shop.local.test:8443> for npm start (or pass allowedHosts and allowedOrigins to startDevServer).`;

  return ({ method, headers }) => {
    const host = headerValue(headers, "host");
    if (host === undefined || !hosts.has(host.toLowerCase())) {
      return {
        status: 421,
        type: "urn:livechat-aws:problem:dev-host-not-allowed",
        title: "Host not served here",
        detail:
          `This local runner answers only Host ${ownHosts.slice(0, 3).join(", ")}${hosts.size > 3 ? " and the opted-in hosts" : ""}; ` +
          `this request came ${host === undefined ? "without a Host header" : `for Host ${printable(host)}`}. ` +
          `A web page on another name that resolves to this machine (DNS rebinding) must not use your key. ${optIn}`,
      };
    }
    const origin = headerValue(headers, "origin");
    if (readOnlyMethods.has(method.toUpperCase()) || origin === undefined || origins.has(origin.toLowerCase()))
      return undefined;
    return {
      status: 403,
      type: "urn:livechat-aws:problem:dev-origin-not-allowed",
      title: "Origin not allowed",
      detail:
        `This local runner takes ${method.toUpperCase()} requests only from its own pages (${ownOrigins[0] ?? ""}); this one came from Origin ${printable(origin)}, ` +
        `so another web site could be driving your browser. ${optIn}`,
    };
  };
}

/**
 * `LIVECHAT_DEV_ALLOWED_ORIGINS` as startDevServer options: each origin is answered as a `Host`
 * (its host and port) and trusted as an `Origin`. Throws `DevAccessError` naming the variable.
 */
export function devAccessFromEnv(env: Readonly<Record<string, string | undefined>>): {
  allowedHosts: string[];
  allowedOrigins: string[];
} {
  const raw = (env[devAllowedOriginsEnvName] ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  if (raw.length === 0) return { allowedHosts: [], allowedOrigins: [] };
  let origins: string[];
  try {
    origins = validateAllowedOrigins(raw);
  } catch (error) {
    const reason = error instanceof CorsConfigError ? error.detail : String(error);
    throw new DevAccessError("invalid-allowed-origins-env", `${devAllowedOriginsEnvName}: ${reason}`);
  }
  return { allowedHosts: origins.map((origin) => new URL(origin).host), allowedOrigins: origins };
}
