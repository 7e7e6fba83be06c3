// The Lambda entry (bundled to dist/signer/index.mjs, handler `index.handler`). Import is
// cheap: configuration is read and validated on the first invocation, the key on first use.
import { ConfigError, readConfig } from "./config.ts";
import { createLogger } from "./log.ts";
import { problem } from "./http/problem.ts";
import type { FunctionUrlResponse, LambdaContextLike } from "./http/functionUrlEvent.ts";
import type { Problem } from "./http/problem.ts";
import type { TokenResult } from "./token/issueToken.ts";
import { isFunctionUrlEvent } from "./http/functionUrlEvent.ts";
import { createSecretsManagerKeySource } from "./secret/keySources.ts";
import { createSigner, type Signer } from "./http/signer.ts";

export { createSigner, maxBodyBytes, tokenPath, type Signer, type SignerOptions } from "./http/signer.ts";
export { createStaticKeySource, createSecretsManagerKeySource, type SecretsManagerKeySourceOptions } from "./secret/keySources.ts";
export { createKeyCache, KeyUnavailableError, type KeySource, type KeyCacheOptions } from "./secret/keyCache.ts";
export { parseSecret, SecretFormatError, type ParsedSecret } from "./secret/parseSecret.ts";
export { SecretsManagerError, type SecretsManagerErrorCode } from "./secret/secretsManagerError.ts";
export { ConfigError, envNames, readConfig, readSecretSettings, readTokenSettings, type SecretSettings, type SignerConfig, type TokenSettings } from "./config.ts";
export { createLogger, subHash, type Logger, type LogSink } from "./log.ts";
export type { FunctionUrlEvent, FunctionUrlResponse, LambdaContextLike } from "./http/functionUrlEvent.ts";
export type { Problem } from "./http/problem.ts";
export type { TokenResult } from "./token/issueToken.ts";

let signer: Signer | undefined;
let configError: ConfigError | undefined;
const log = createLogger();

function lambdaSigner(): Signer | undefined {
  if (signer !== undefined || configError !== undefined) return signer;
  try {
    const config = readConfig(process.env);
    signer = createSigner({ config, loadKey: createSecretsManagerKeySource({ settings: config, log }), log });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    configError = error;
  }
  return signer;
}

/** The Lambda handler: Function URL (payload 2.0) events and direct invokes with `{ sub, stp, sid?, ttlSeconds? }`. */
export async function handler(event: unknown, context?: LambdaContextLike): Promise<FunctionUrlResponse | TokenResult | Problem> {
  const ready = lambdaSigner();
  if (ready !== undefined) return ready.handle(event, context);
  // A misconfigured deployment: the precise reason goes to the log, a generic 500 to the caller.
  log("error", "config.invalid", { errorMessage: configError?.message ?? "unknown", ...(context?.awsRequestId ? { requestId: context.awsRequestId } : {}) });
  const p = problem("internal-error", "The signer is misconfigured; see its logs.");
  if (!isFunctionUrlEvent(event)) return p;
  return { statusCode: 500, headers: { "content-type": "application/problem+json", "cache-control": "no-store" }, body: JSON.stringify(p), isBase64Encoded: false };
}
