// Caches the signing key per execution environment: one load per cache period, one shared
// in-flight load for concurrent callers, stale-on-error for a bounded time, and fail-fast
// (KeyUnavailableError → 503) when nothing usable is cached.
import type { Logger } from "../log.ts";
import type { SigningKey } from "../token/signingKey.ts";
import { SecretFormatError } from "./parseSecret.ts";
import { SecretsManagerError } from "./secretsManagerError.ts";

/** Anything that yields the current signing key. */
export type KeySource = () => Promise<SigningKey>;

/** No usable key: the handler answers 503 with `Retry-After: retryAfterSeconds`. */
export class KeyUnavailableError extends Error {
  override name = "KeyUnavailableError";
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export interface KeyCacheOptions {
  /** Loads the key afresh (fetch, parse, import). Called at most once at a time. */
  readonly load: KeySource;
  /** A loaded key is used without reloading for this long. */
  readonly cacheMs: number;
  /** Once the cache period is over and reloading fails, the old key stays usable this much longer. */
  readonly staleMs: number;
  /** After a failed load, no new load is tried for this long (callers get the stale key or a fast 503). Default 1000. */
  readonly retryMs?: number;
  /** Clock in milliseconds; default `Date.now`. */
  readonly now?: () => number;
  readonly log?: Logger;
}

/** Safe description of a load failure for logs: typed errors carry no secret material. */
export function describeLoadError(error: unknown): { errorName: string; errorCode?: string; errorMessage?: string } {
  if (error instanceof SecretsManagerError) return { errorName: error.name, errorCode: error.code, errorMessage: error.message };
  if (error instanceof SecretFormatError) return { errorName: error.name, errorCode: error.problem, errorMessage: error.message };
  return { errorName: error instanceof Error ? error.name : typeof error };
}

export function createKeyCache(options: KeyCacheOptions): KeySource {
  const { load, cacheMs, staleMs, retryMs = 1000, now = Date.now, log } = options;
  let current: { key: SigningKey; loadedAt: number } | undefined;
  let inFlight: Promise<SigningKey> | undefined;
  let failedAt: number | undefined;

  const usableStale = (t: number) => current !== undefined && t < current.loadedAt + cacheMs + staleMs;

  const unavailable = (t: number, cause?: unknown) =>
    new KeyUnavailableError(
      "The signing key could not be loaded and no cached key is usable.",
      Math.max(1, Math.ceil(((failedAt ?? t) + retryMs - t) / 1000)),
      cause,
    );

  function startLoad(): Promise<SigningKey> {
    const attempt = load().then(
      (key) => {
        current = { key, loadedAt: now() };
        failedAt = undefined;
        log?.("info", "secret.loaded", { ski: typeof key.id === "number" ? key.id : String(key.id) });
        return key;
      },
      (error: unknown) => {
        const t = now();
        failedAt = t;
        if (current !== undefined && usableStale(t)) {
          log?.("warn", "secret.refresh_failed_serving_stale", {
            ...describeLoadError(error),
            ski: typeof current.key.id === "number" ? current.key.id : String(current.key.id),
            staleForSeconds: Math.floor((t - current.loadedAt - cacheMs) / 1000),
            staleLimitSeconds: Math.floor(staleMs / 1000),
          });
          return current.key;
        }
        log?.("error", "secret.load_failed", { ...describeLoadError(error), cachedKeyExpired: current !== undefined });
        throw unavailable(t, error);
      },
    );
    inFlight = attempt.finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  return () => {
    const t = now();
    if (current !== undefined && t < current.loadedAt + cacheMs) return Promise.resolve(current.key);
    if (inFlight !== undefined) return inFlight;
    if (failedAt !== undefined && t < failedAt + retryMs) {
      if (current !== undefined && usableStale(t)) return Promise.resolve(current.key);
      return Promise.reject(unavailable(t));
    }
    return startLoad();
  };
}
