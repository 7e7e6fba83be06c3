// A cached value parsed from any Secrets Manager text secret, with the signing key's cache and
// stale rules (used for the Infobip API secret). Parsing happens once per load, not per request.
import type { SecretSettings } from "../config.ts";
import { createLogger, type LogFields, type Logger } from "../log.ts";
import { describeLoadError } from "./keyCache.ts";
import { createSecretCache, type SecretCacheObserver, SecretUnavailableError } from "./secretCache.ts";

export { SecretUnavailableError };
import { createSecretsManagerClient } from "./secretsManagerClient.ts";

export interface SecretsManagerValueSourceOptions<T> {
  /** Secret name or ARN. */
  readonly secretId: string;
  /** Cache period, stale period and per-call timeout (the signing key's settings). */
  readonly settings: Pick<SecretSettings, "cacheSeconds" | "staleSeconds" | "timeoutMs">;
  /** Parses the secret text; throw an error whose message carries no secret material. */
  readonly parse: (secretString: string) => T;
  /** What the value is, for the unavailable message, e.g. "The Infobip API secret". */
  readonly what: string;
  /** Log event prefix, e.g. `apiSecret` → `apiSecret.loaded`. */
  readonly eventPrefix: string;
  /** Safe log fields for a loaded value; default none. */
  readonly describe?: (value: T) => LogFields;
  /** Safe log fields for a failure; default: Secrets Manager errors in full, anything else by name only. */
  readonly describeError?: (error: unknown) => LogFields;
  /** Environment for AWS credentials, region and endpoint overrides; default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly now?: () => number;
  readonly log?: Logger;
  /** Reports Secrets Manager calls (and stale values served), for metrics. */
  readonly observe?: SecretCacheObserver;
}

export function createSecretsManagerValueSource<T>(options: SecretsManagerValueSourceOptions<T>): () => Promise<T> {
  const { secretId, settings, parse, what, env = process.env, now, log = createLogger() } = options;
  const client = createSecretsManagerClient({ env, timeoutMs: settings.timeoutMs });
  return createSecretCache<T>({
    load: async () => parse((await client.getSecretValue(secretId)).secretString),
    cacheMs: settings.cacheSeconds * 1000,
    staleMs: settings.staleSeconds * 1000,
    ...(now === undefined ? {} : { now }),
    log,
    eventPrefix: options.eventPrefix,
    describe: options.describe ?? (() => ({})),
    describeError: options.describeError ?? describeLoadError,
    unavailable: (retryAfterSeconds, cause) =>
      new SecretUnavailableError(
        `${what} could not be loaded and no cached value is usable.`,
        retryAfterSeconds,
        cause,
      ),
    ...(options.observe === undefined ? {} : { observe: options.observe }),
  });
}
