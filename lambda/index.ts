// The Lambda entry (bundled to dist/signer/index.mjs, handler `index.handler`). Import is
// cheap: configuration is read and validated on the first invocation, the key on first use.
import { ConfigError, readConfig, type SignerConfig } from "./config.ts";
import { createLogger, type Logger } from "./log.ts";
import { problem } from "./http/problem.ts";
import { fail, toHttp } from "./http/outcome.ts";
import type { FunctionUrlResponse, LambdaContextLike } from "./http/functionUrlEvent.ts";
import type { Problem } from "./http/problem.ts";
import type { TokenResult } from "./token/issueToken.ts";
import { isFunctionUrlEvent } from "./http/functionUrlEvent.ts";
import { createSecretsManagerKeySource } from "./secret/keySources.ts";
import { createSecretsManagerValueSource } from "./secret/secretValueSource.ts";
import { defaultInvalidation, identityOptions } from "./wiring.ts";
import { type InfobipApiSecret, parseApiSecret } from "./sessions/apiSecret.ts";
import { createSigner, type SessionEnded, type Signer, type SignerSessionOptions } from "./http/signer.ts";
import { type SignerMetrics, signerMetricsFromEnv } from "./metrics/signerMetrics.ts";
import type { SecretCacheObserver } from "./secret/secretCache.ts";

export {
  createSigner,
  maxBodyBytes,
  tokenPath,
  type SessionEnded,
  type Signer,
  type SignerIdentityOptions,
  type SignerOptions,
  type SignerSessionOptions,
} from "./http/signer.ts";
export {
  createStaticKeySource,
  createSecretsManagerKeySource,
  type SecretsManagerKeySourceOptions,
} from "./secret/keySources.ts";
export { createKeyCache, KeyUnavailableError, type KeySource, type KeyCacheOptions } from "./secret/keyCache.ts";
export {
  createSecretsManagerValueSource,
  SecretUnavailableError,
  type SecretsManagerValueSourceOptions,
} from "./secret/secretValueSource.ts";
export { parseSecret, SecretFormatError, type ParsedSecret } from "./secret/parseSecret.ts";
export { SecretsManagerError, type SecretsManagerErrorCode } from "./secret/secretsManagerError.ts";
export {
  ConfigError,
  envNames,
  identityEnvNames,
  sessionEnvNames,
  routingEnvNames,
  readConfig,
  readPathPrefix,
  readIdentitySettings,
  readSecretSettings,
  readTokenSettings,
  type IdentitySettings,
  type SecretSettings,
  type SignerConfig,
  type TokenSettings,
} from "./config.ts";
export { createLogger, type Logger, type LogSink } from "./log.ts";
export { logPseudonym } from "./logPseudonym.ts";
export {
  createSignerMetrics,
  signerMetricsFromEnv,
  type SignerMetrics,
  type SignerMetricsOptions,
} from "./metrics/signerMetrics.ts";
export type { FunctionUrlEvent, FunctionUrlResponse, LambdaContextLike } from "./http/functionUrlEvent.ts";
export type { Problem } from "./http/problem.ts";
export type { TokenResult } from "./token/issueToken.ts";

export { lambdaTimeouts, identityOptions } from "./wiring.ts";

export interface SignerFromEnvOptions {
  readonly log?: Logger;
  /** Clock in milliseconds for caches and tokens; default `Date.now`. */
  readonly now?: () => number;
  /** Overrides of the Infobip call's timing (default: `lambdaTimeouts`). */
  readonly invalidation?: SignerSessionOptions["invalidation"];
  /** Where the metrics go; default `signerMetricsFromEnv(env)` (EMF on stdout when AWS_LAMBDA_FUNCTION_NAME is set). */
  readonly metrics?: SignerMetrics;
}

/**
 * Builds the signer the Lambda runs from an environment (`process.env` in Lambda): reads and
 * validates the whole configuration (throws `ConfigError`), then wires the Secrets Manager key
 * source, the OIDC verifier when `LIVECHAT_IDENTITY_ISSUER` is set, and session invalidation
 * when `LIVECHAT_INFOBIP_API_SECRET_ID` is set.
 */
export function createSignerFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  options: SignerFromEnvOptions = {},
): Signer {
  const config: SignerConfig = readConfig(env);
  const log = options.log ?? createLogger();
  const now = options.now;
  const clock = now === undefined ? {} : { now };
  const metrics = options.metrics ?? signerMetricsFromEnv(env, clock);
  const countCalls: SecretCacheObserver = { loadStarted: () => metrics?.count("secretsManagerCalls") };
  const loadKey = createSecretsManagerKeySource({
    settings: config,
    env,
    log,
    ...clock,
    observe: { ...countCalls, staleServed: () => metrics?.count("staleKeyServed") },
  });
  const identity = config.identity;
  const apiSecretId = config.apiSecretId;
  return createSigner({
    config,
    loadKey,
    log,
    ...clock,
    ...(metrics === undefined ? {} : { metrics }),
    ...(config.pathPrefix === undefined ? {} : { pathPrefix: config.pathPrefix }),
    ...(identity === undefined ? {} : { identity: identityOptions(identity, clock) }),
    ...(apiSecretId === undefined
      ? {}
      : {
          sessions: {
            loadApiSecret: createSecretsManagerValueSource<InfobipApiSecret>({
              secretId: apiSecretId,
              settings: config,
              parse: parseApiSecret,
              what: "The Infobip API secret",
              eventPrefix: "apiSecret",
              describe: (secret) => ({ baseUrl: secret.baseUrl }),
              env,
              log,
              ...clock,
              observe: countCalls,
            }),
            invalidation: options.invalidation ?? defaultInvalidation,
          },
        }),
  });
}

let signer: Signer | undefined;
let configError: ConfigError | undefined;
let metrics: SignerMetrics | undefined;
const log = createLogger();

function lambdaSigner(): Signer | undefined {
  if (signer !== undefined || configError !== undefined) return signer;
  metrics = signerMetricsFromEnv(process.env);
  try {
    signer = createSignerFromEnv(process.env, { log, ...(metrics === undefined ? {} : { metrics }) });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    configError = error;
  }
  return signer;
}

/**
 * The Lambda handler: Function URL (payload 2.0) events, and direct invokes with
 * `{ sub, stp, sid?, ttlSeconds? }` (→ TokenResult; IAM mode only) or
 * `{ action: "invalidateSession", sid }` (→ `{ status: 204 }`); failures → a Problem object.
 */
export async function handler(
  event: unknown,
  context?: LambdaContextLike,
): Promise<FunctionUrlResponse | TokenResult | SessionEnded | Problem> {
  const ready = lambdaSigner();
  if (ready !== undefined) return ready.handle(event, context);
  // A misconfigured deployment: the precise reason goes to the log, a generic 500 to the caller.
  log("error", "config.invalid", {
    errorMessage: configError?.message ?? "unknown",
    ...(context?.awsRequestId ? { requestId: context.awsRequestId } : {}),
  });
  const p = problem("internal-error", "The signer is misconfigured; see its logs.");
  metrics?.requestDone({ kind: "problem", problem: p, aboutSessions: false });
  return isFunctionUrlEvent(event) ? toHttp(fail(p), {}) : p;
}
