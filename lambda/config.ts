// Runtime configuration of the signer, read from the environment. The variable names, defaults
// and limits are the contract with the TokenSigner component (contract.ts), which sets them.
import { type ErrorCode, SignerRuntimeError } from "./errors.ts";
import { CorsConfigError, validateAllowedOrigins } from "./identity/cors.ts";
import { defaultIdentityHeader } from "./identity/extractIdentityToken.ts";
import type { SubjectType } from "./identity/identity.ts";
import { IdentityConfigError, resolveIdentityConfig } from "./identity/identityConfig.ts";
import { identityHeaderProblem, normalizeHeaderName } from "./identity/identityHeader.ts";
import {
  defaults,
  envNames,
  identityEnvNames,
  pathPrefixPattern,
  routingEnvNames,
  sessionEnvNames,
} from "./contract.ts";

/** What the token core needs: the widget and the TTL bounds. */
export interface TokenSettings {
  /** Infobip Live Chat widget ID, emitted as `iss`. */
  readonly widgetId: string;
  /** TTL used when a request does not ask for one (`LIVECHAT_TOKEN_TTL_SECONDS`, default 15). */
  readonly defaultTtlSeconds: number;
  /** Largest `ttlSeconds` a request may ask for (`LIVECHAT_MAX_TOKEN_TTL_SECONDS`, default max(TTL, 60)). */
  readonly maxTtlSeconds: number;
}

/** How the key is loaded from AWS Secrets Manager. */
export interface SecretSettings {
  /** Secret name or ARN (`LIVECHAT_SECRET_ID`). */
  readonly secretId: string;
  /** One Secrets Manager call per this many seconds per execution environment (`LIVECHAT_SECRET_CACHE_SECONDS`, default 300). */
  readonly cacheSeconds: number;
  /** After the cache period, keep signing with the cached key this long while Secrets Manager fails (`LIVECHAT_STALE_SECONDS`, default 900). */
  readonly staleSeconds: number;
  /** Timeout of one GetSecretValue call in milliseconds (`LIVECHAT_SECRET_TIMEOUT_MS`, default 2000). */
  readonly timeoutMs: number;
}

/**
 * OIDC identity mode (on when `LIVECHAT_IDENTITY_ISSUER` is set): the identity comes from the
 * site's verified ID token, never from the request body.
 */
export interface IdentitySettings {
  /** `LIVECHAT_IDENTITY_ISSUER`: exactly the ID tokens' `iss`. */
  readonly issuer: string;
  /** `LIVECHAT_IDENTITY_AUDIENCES` (comma-separated): accepted `aud` values, the site's client IDs. */
  readonly audiences: readonly string[];
  /** `LIVECHAT_IDENTITY_JWKS_URI` (optional): default is discovery from the issuer. */
  readonly jwksUri?: string;
  /** `LIVECHAT_IDENTITY_SUBJECT_TYPE`: `email` (default), `msisdn` or `externalPersonId`. */
  readonly subjectType: SubjectType;
  /** `LIVECHAT_IDENTITY_SUBJECT_CLAIM` (optional, externalPersonId only; default `sub`). */
  readonly subjectClaim?: string;
  /** `LIVECHAT_IDENTITY_SESSION_CLAIM` (optional): claim that becomes the Live Chat `sid`; needed for DELETE /sessions/{sid}. */
  readonly sessionClaim?: string;
  /** `LIVECHAT_IDENTITY_HEADER`, lower-cased: request header carrying the ID token (default `x-livechat-identity`). */
  readonly headerName: string;
  /** `LIVECHAT_ALLOWED_ORIGINS` (comma-separated, optional): CORS origins; empty means same-origin only. */
  readonly allowedOrigins: readonly string[];
}

export interface SignerConfig extends TokenSettings, SecretSettings {
  /** Present only in OIDC identity mode. */
  readonly identity?: IdentitySettings;
  /** `LIVECHAT_INFOBIP_API_SECRET_ID`: the Infobip API secret `{ "apiKey", "baseUrl" }`; present only when session invalidation is on. */
  readonly apiSecretId?: string;
  /** `LIVECHAT_PATH_PREFIX`, e.g. `/livechat`: the CloudFront cache behavior's path, which CloudFront forwards unchanged. */
  readonly pathPrefix?: string;
}

export { defaults, envNames, identityEnvNames, routingEnvNames, sessionEnvNames } from "./contract.ts";

/** Thrown for an invalid environment: `field` is the variable at fault; the message names it, the value's problem and the fix. */
export class ConfigError extends SignerRuntimeError<ErrorCode<"ConfigError">> {
  override readonly name = "ConfigError";
  readonly field: string;
  constructor(code: ErrorCode<"ConfigError">, field: string, message: string) {
    super(code, message);
    this.field = field;
  }
}

type Env = Readonly<Record<string, string | undefined>>;

// Control characters (C0, DEL, C1) and the Unicode line/paragraph separators.
const controlChars = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;

function requiredText(env: Env, name: string, maxLength: number): string {
  const value = env[name];
  if (value === undefined || value.trim() === "") {
    throw new ConfigError(
      "env_missing",
      name,
      `${name} is not set: set it to the value from the Infobip portal / deployment (the TokenSigner component sets it).`,
    );
  }
  if (value !== value.trim())
    throw new ConfigError("env_invalid", name, `${name} has leading or trailing whitespace: remove it.`);
  if (value.length > maxLength)
    throw new ConfigError(
      "env_invalid",
      name,
      `${name} is ${value.length} characters long: at most ${maxLength} are allowed.`,
    );
  if (controlChars.test(value))
    throw new ConfigError("env_invalid", name, `${name} contains a control character: remove it.`);
  return value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!/^\d{1,15}$/.test(raw)) {
    throw new ConfigError(
      "env_invalid",
      name,
      `${name} must be a whole number between ${min} and ${max}; got ${JSON.stringify(raw.slice(0, 40))}.`,
    );
  }
  const value = Number(raw);
  if (value < min || value > max)
    throw new ConfigError("env_invalid", name, `${name} must be between ${min} and ${max}; got ${value}.`);
  return value;
}

/** Reads and validates the token settings (`LIVECHAT_WIDGET_ID`, `LIVECHAT_TOKEN_TTL_SECONDS`, `LIVECHAT_MAX_TOKEN_TTL_SECONDS`). */
export function readTokenSettings(env: Env): TokenSettings {
  const widgetId = requiredText(env, envNames.widgetId, 255);
  const defaultTtlSeconds = integer(
    env,
    envNames.ttlSeconds,
    defaults.ttlSeconds,
    defaults.minTtlSeconds,
    defaults.ttlCeilingSeconds,
  );
  const maxTtlSeconds = integer(
    env,
    envNames.maxTtlSeconds,
    Math.max(defaultTtlSeconds, defaults.maxTtlFloorSeconds),
    defaults.minTtlSeconds,
    defaults.ttlCeilingSeconds,
  );
  if (maxTtlSeconds < defaultTtlSeconds) {
    throw new ConfigError(
      "env_conflict",
      envNames.maxTtlSeconds,
      `${envNames.maxTtlSeconds} (${maxTtlSeconds}) is below ${envNames.ttlSeconds} (${defaultTtlSeconds}): raise the maximum or lower the default TTL.`,
    );
  }
  return { widgetId, defaultTtlSeconds, maxTtlSeconds };
}

/** Reads and validates the Secrets Manager settings (`LIVECHAT_SECRET_ID`, cache, stale and timeout settings). */
export function readSecretSettings(env: Env): SecretSettings {
  return {
    secretId: requiredText(env, envNames.secretId, 2048),
    cacheSeconds: integer(
      env,
      envNames.cacheSeconds,
      defaults.cacheSeconds,
      defaults.minCacheSeconds,
      defaults.maxCacheSeconds,
    ),
    staleSeconds: integer(env, envNames.staleSeconds, defaults.staleSeconds, 0, 86_400),
    timeoutMs: integer(env, envNames.timeoutMs, defaults.timeoutMs, 50, 60_000),
  };
}

function optionalText(env: Env, name: string, maxLength: number): string | undefined {
  const value = env[name];
  if (value === undefined || value === "") return undefined;
  if (value.trim() === "")
    throw new ConfigError("env_invalid", name, `${name} is blank: remove it or give it a value.`);
  return requiredText(env, name, maxLength);
}

/** A comma-separated list: entries trimmed; an empty entry (`a,,b`, a trailing comma) is refused as a likely typo. */
function list(env: Env, name: string): string[] {
  const value = env[name];
  if (value === undefined || value.trim() === "") return [];
  const entries = value.split(",").map((entry) => entry.trim());
  if (entries.some((entry) => entry === ""))
    throw new ConfigError(
      "env_invalid",
      name,
      `${name} has an empty entry: separate values with single commas, without a trailing comma.`,
    );
  return entries;
}

function identityHeaderName(env: Env): string {
  const raw = env[identityEnvNames.headerName];
  if (raw === undefined || raw === "") return defaultIdentityHeader;
  const name = normalizeHeaderName(raw);
  const headerProblem = identityHeaderProblem(name);
  if (headerProblem === "not-a-field-name") {
    throw new ConfigError(
      "env_invalid",
      identityEnvNames.headerName,
      `${identityEnvNames.headerName} must be an HTTP header name of 1–64 letters, digits or -; got ${JSON.stringify(raw.slice(0, 40))}. The default is ${defaultIdentityHeader}.`,
    );
  }
  if (headerProblem === "reserved") {
    throw new ConfigError(
      "env_invalid",
      identityEnvNames.headerName,
      `${identityEnvNames.headerName} is ${JSON.stringify(name)}, a header that browsers, CloudFront or AWS set themselves: use a custom name such as ${defaultIdentityHeader}.`,
    );
  }
  return name;
}

const identityFieldEnv: Readonly<Record<string, string>> = {
  issuer: identityEnvNames.issuer,
  audiences: identityEnvNames.audiences,
  jwksUri: identityEnvNames.jwksUri,
  subjectType: identityEnvNames.subjectType,
  subjectClaim: identityEnvNames.subjectClaim,
  sessionClaim: identityEnvNames.sessionClaim,
};

/**
 * Reads the OIDC identity settings; undefined in IAM mode (no `LIVECHAT_IDENTITY_ISSUER`).
 * Validated here with the identity core's own rules, so a bad deploy fails on the first request
 * with a message naming the variable, instead of refusing (or, worse, accepting) tokens later.
 */
export function readIdentitySettings(env: Env): IdentitySettings | undefined {
  const issuer = optionalText(env, identityEnvNames.issuer, 2048);
  if (issuer === undefined) {
    // Any other identity variable without the issuer is a half-configured OIDC mode: refuse it
    // rather than silently run in IAM mode, where the body chooses the identity.
    const stray = Object.values(identityEnvNames).filter(
      (name) => name !== identityEnvNames.issuer && (env[name] ?? "").trim() !== "",
    );
    if (stray.length > 0) {
      throw new ConfigError(
        "env_conflict",
        stray[0] ?? identityEnvNames.issuer,
        `${stray.join(", ")} ${stray.length === 1 ? "is" : "are"} set but ${identityEnvNames.issuer} is not: set the issuer to turn on OIDC identity mode, or remove ${stray.length === 1 ? "it" : "them"}.`,
      );
    }
    return undefined;
  }
  const audiences = list(env, identityEnvNames.audiences);
  if (audiences.length === 0) {
    throw new ConfigError(
      "env_missing",
      identityEnvNames.audiences,
      `${identityEnvNames.audiences} is not set: list the site's OIDC client ID(s), comma-separated (the "aud" of its ID tokens).`,
    );
  }
  const jwksUri = optionalText(env, identityEnvNames.jwksUri, 2048);
  const subjectClaim = optionalText(env, identityEnvNames.subjectClaim, 64);
  const sessionClaim = optionalText(env, identityEnvNames.sessionClaim, 64);
  const rawType = optionalText(env, identityEnvNames.subjectType, 32);
  try {
    const resolved = resolveIdentityConfig({
      issuer,
      audiences,
      ...(jwksUri === undefined ? {} : { jwksUri }),
      ...(rawType === undefined ? {} : { subjectType: rawType as SubjectType }),
      ...(subjectClaim === undefined ? {} : { subjectClaim }),
      ...(sessionClaim === undefined ? {} : { sessionClaim }),
    });
    let allowedOrigins: string[] = [];
    const origins = list(env, identityEnvNames.allowedOrigins);
    if (origins.length > 0) allowedOrigins = validateAllowedOrigins(origins);
    return {
      issuer,
      audiences,
      ...(jwksUri === undefined ? {} : { jwksUri }),
      subjectType: resolved.subjectType,
      ...(subjectClaim === undefined ? {} : { subjectClaim }),
      ...(sessionClaim === undefined ? {} : { sessionClaim }),
      headerName: identityHeaderName(env),
      allowedOrigins,
    };
  } catch (error) {
    if (error instanceof IdentityConfigError) {
      const name = identityFieldEnv[error.field] ?? `identity.${error.field}`;
      throw new ConfigError("env_invalid", name, `${name} ${error.detail}`);
    }
    if (error instanceof CorsConfigError) {
      throw new ConfigError(
        "env_invalid",
        identityEnvNames.allowedOrigins,
        `${identityEnvNames.allowedOrigins}: ${error.detail}`,
      );
    }
    throw error;
  }
}

/** `LIVECHAT_PATH_PREFIX` (optional): `/` and lower-case letters, digits or `-`, e.g. `/livechat`. */
export function readPathPrefix(env: Env): string | undefined {
  const value = optionalText(env, routingEnvNames.pathPrefix, 101);
  if (value !== undefined && !pathPrefixPattern.test(value)) {
    throw new ConfigError(
      "env_invalid",
      routingEnvNames.pathPrefix,
      `${routingEnvNames.pathPrefix} must be "/" followed by lower-case letters, digits or "-" (one path segment, no trailing slash), e.g. /livechat; got ${JSON.stringify(value.slice(0, 40))}.`,
    );
  }
  return value;
}

/** Reads the whole signer configuration; throws a `ConfigError` naming the first bad variable. */
export function readConfig(env: Env): SignerConfig {
  const identity = readIdentitySettings(env);
  const apiSecretId = optionalText(env, sessionEnvNames.apiSecretId, 2048);
  const pathPrefix = readPathPrefix(env);
  return {
    ...readTokenSettings(env),
    ...readSecretSettings(env),
    ...(identity === undefined ? {} : { identity }),
    ...(apiSecretId === undefined ? {} : { apiSecretId }),
    ...(pathPrefix === undefined ? {} : { pathPrefix }),
  };
}
