// Where the signing key comes from: AWS Secrets Manager (the Lambda) or a fixed secret text
// (the local runner, tests, benchmarks). Both yield the same SigningKey to the same handler.
import type { SecretSettings } from "../config.ts";
import { createLogger, type Logger } from "../log.ts";
import { importSigningKey, type SigningKey } from "../token/signingKey.ts";
import { createKeyCache, type KeySource } from "./keyCache.ts";
import { parseSecret } from "./parseSecret.ts";
import type { SecretCacheObserver } from "./secretCache.ts";
import { createSecretsManagerClient } from "./secretsManagerClient.ts";

/**
 * A key source for a fixed secret text in the portal's format. Parses now (throws
 * `SecretFormatError` for a bad secret) and imports the CryptoKey once, on first use.
 */
export function createStaticKeySource(secretText: string): KeySource {
  const parsed = parseSecret(secretText);
  let imported: Promise<SigningKey> | undefined;
  const get = () => (imported ??= importSigningKey(parsed.id, parsed.keyBytes));
  // Importing a static key is local and cheap, so peeking may do it.
  return Object.assign(get, { peek: get });
}

export interface SecretsManagerKeySourceOptions {
  readonly settings: SecretSettings;
  /** Environment for AWS credentials, region and endpoint overrides; default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly now?: () => number;
  /** Default: JSON lines on the console. */
  readonly log?: Logger;
  /** Reports Secrets Manager calls and stale keys served, for metrics. */
  readonly observe?: SecretCacheObserver;
}

/** The Lambda's key source: GetSecretValue through the key cache; re-imports the key only when the secret changed. */
export function createSecretsManagerKeySource(options: SecretsManagerKeySourceOptions): KeySource {
  const { settings, env = process.env, now, log = createLogger(), observe } = options;
  const client = createSecretsManagerClient({ env, timeoutMs: settings.timeoutMs });
  let last: { digest: string; key: SigningKey } | undefined;
  const load = async (): Promise<SigningKey> => {
    const { secretString } = await client.getSecretValue(settings.secretId);
    const digest = Buffer.from(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(secretString))).toString(
      "hex",
    );
    if (last !== undefined && last.digest === digest) return last.key;
    const parsed = parseSecret(secretString);
    // Once per new secret value; the warnings never contain the key.
    for (const warning of parsed.warnings) log("warn", "secret.warning", { ski: parsed.id, warning });
    const key = await importSigningKey(parsed.id, parsed.keyBytes);
    last = { digest, key };
    return key;
  };
  return createKeyCache({
    load,
    cacheMs: settings.cacheSeconds * 1000,
    staleMs: settings.staleSeconds * 1000,
    ...(now === undefined ? {} : { now }),
    log,
    ...(observe === undefined ? {} : { observe }),
  });
}
