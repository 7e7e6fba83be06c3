// Runtime configuration of the signer, read from the environment. The variable names are a
// contract with the TokenSigner Pulumi component, which sets them on the Lambda.

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

export interface SignerConfig extends TokenSettings, SecretSettings {}

export const envNames = {
  widgetId: "LIVECHAT_WIDGET_ID",
  secretId: "LIVECHAT_SECRET_ID",
  ttlSeconds: "LIVECHAT_TOKEN_TTL_SECONDS",
  maxTtlSeconds: "LIVECHAT_MAX_TOKEN_TTL_SECONDS",
  cacheSeconds: "LIVECHAT_SECRET_CACHE_SECONDS",
  staleSeconds: "LIVECHAT_STALE_SECONDS",
  timeoutMs: "LIVECHAT_SECRET_TIMEOUT_MS",
} as const;

export const defaults = {
  ttlSeconds: 15,
  minTtlSeconds: 10,
  /** The default maximum is max(TTL, 60): room for a little clock skew, not for long-lived tokens. */
  maxTtlFloorSeconds: 60,
  /** Hard ceiling on any TTL: a personalization token is single-use; a day is already generous. */
  ttlCeilingSeconds: 86_400,
  cacheSeconds: 300,
  staleSeconds: 900,
  timeoutMs: 2_000,
} as const;

/** Thrown for an invalid environment; the message names the variable, the value's problem and the fix. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

type Env = Readonly<Record<string, string | undefined>>;

// Control characters (C0, DEL, C1) and the Unicode line/paragraph separators.
const controlChars = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;

function requiredText(env: Env, name: string, maxLength: number): string {
  const value = env[name];
  if (value === undefined || value.trim() === "") {
    throw new ConfigError(`${name} is not set: set it to the value from the Infobip portal / deployment (the TokenSigner component sets it).`);
  }
  if (value !== value.trim()) throw new ConfigError(`${name} has leading or trailing whitespace: remove it.`);
  if (value.length > maxLength) throw new ConfigError(`${name} is ${value.length} characters long: at most ${maxLength} are allowed.`);
  if (controlChars.test(value)) throw new ConfigError(`${name} contains a control character: remove it.`);
  return value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!/^\d{1,15}$/.test(raw)) {
    throw new ConfigError(`${name} must be a whole number between ${min} and ${max}; got ${JSON.stringify(raw.slice(0, 40))}.`);
  }
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(`${name} must be between ${min} and ${max}; got ${value}.`);
  return value;
}

/** Reads and validates the token settings (`LIVECHAT_WIDGET_ID`, `LIVECHAT_TOKEN_TTL_SECONDS`, `LIVECHAT_MAX_TOKEN_TTL_SECONDS`). */
export function readTokenSettings(env: Env): TokenSettings {
  const widgetId = requiredText(env, envNames.widgetId, 255);
  const defaultTtlSeconds = integer(env, envNames.ttlSeconds, defaults.ttlSeconds, defaults.minTtlSeconds, defaults.ttlCeilingSeconds);
  const maxTtlSeconds = integer(
    env,
    envNames.maxTtlSeconds,
    Math.max(defaultTtlSeconds, defaults.maxTtlFloorSeconds),
    defaults.minTtlSeconds,
    defaults.ttlCeilingSeconds,
  );
  if (maxTtlSeconds < defaultTtlSeconds) {
    throw new ConfigError(
      `${envNames.maxTtlSeconds} (${maxTtlSeconds}) is below ${envNames.ttlSeconds} (${defaultTtlSeconds}): raise the maximum or lower the default TTL.`,
    );
  }
  return { widgetId, defaultTtlSeconds, maxTtlSeconds };
}

/** Reads and validates the Secrets Manager settings (`LIVECHAT_SECRET_ID`, cache, stale and timeout settings). */
export function readSecretSettings(env: Env): SecretSettings {
  return {
    secretId: requiredText(env, envNames.secretId, 2048),
    cacheSeconds: integer(env, envNames.cacheSeconds, defaults.cacheSeconds, 1, 86_400),
    staleSeconds: integer(env, envNames.staleSeconds, defaults.staleSeconds, 0, 86_400),
    timeoutMs: integer(env, envNames.timeoutMs, defaults.timeoutMs, 50, 60_000),
  };
}

/** Reads the whole signer configuration; throws a `ConfigError` naming the first bad variable. */
export function readConfig(env: Env): SignerConfig {
  return { ...readTokenSettings(env), ...readSecretSettings(env) };
}
