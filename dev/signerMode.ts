// Which signer `npm start` runs: IAM mode (the request body chooses the customer, as for a site
// backend) or OIDC identity mode (the customer comes only from a verified ID token), read from the
// very LIVECHAT_IDENTITY_* variables the Lambda reads, with lambda/config.ts's own reader. Session
// invalidation is on when LIVECHAT_INFOBIP_API_SECRET holds the Infobip API secret's JSON: the
// local equivalent of the second Secrets Manager secret (LIVECHAT_INFOBIP_API_SECRET_ID in Lambda).
import {
  ConfigError,
  identityEnvNames,
  type IdentitySettings,
  readIdentitySettings,
  sessionEnvNames,
} from "../lambda/config.ts";
import { ApiSecretError, type InfobipApiSecret, parseApiSecret } from "../lambda/sessions/apiSecret.ts";

export const infobipApiSecretEnvName = "LIVECHAT_INFOBIP_API_SECRET";

export interface DevSignerMode {
  /** OIDC identity mode; absent in IAM mode. */
  readonly identity?: IdentitySettings;
  /** Turns on `DELETE /sessions/{sid}`; absent when LIVECHAT_INFOBIP_API_SECRET is unset. */
  readonly infobipApi?: InfobipApiSecret;
}

type Env = Readonly<Record<string, string | undefined>>;

const apiSecretExample = `${infobipApiSecretEnvName}='{"apiKey": "<Infobip API key with live-chat:manage>", "baseUrl": "https://<yours>.api.infobip.com"}'`;

function readInfobipApiSecret(env: Env): InfobipApiSecret | undefined {
  const text = env[infobipApiSecretEnvName];
  if (text === undefined || text.trim() === "") {
    if ((env[sessionEnvNames.apiSecretId] ?? "").trim() !== "") {
      throw new ConfigError(
        "env_invalid",
        sessionEnvNames.apiSecretId,
        `${sessionEnvNames.apiSecretId} names a Secrets Manager secret, which npm start does not read: set ${infobipApiSecretEnvName} to that secret's JSON value instead, e.g. ${apiSecretExample}.`,
      );
    }
    return undefined;
  }
  try {
    return parseApiSecret(text);
  } catch (error) {
    // ApiSecretError messages name the problem and the fix, never the key.
    if (error instanceof ApiSecretError)
      throw new ConfigError("env_invalid", infobipApiSecretEnvName, `${infobipApiSecretEnvName}: ${error.message}`);
    throw error;
  }
}

/** Reads the signer mode; throws a `ConfigError` naming the first bad variable and the fix. */
export function devSignerModeFromEnv(env: Env): DevSignerMode {
  const identity = readIdentitySettings(env);
  const infobipApi = readInfobipApiSecret(env);
  return { ...(identity === undefined ? {} : { identity }), ...(infobipApi === undefined ? {} : { infobipApi }) };
}

/** The start-up lines that say which mode runs (never the API key), each without a trailing newline. */
export function describeSignerMode(mode: DevSignerMode): string[] {
  const { identity, infobipApi } = mode;
  const lines: string[] = [];
  if (identity === undefined) {
    lines.push(
      "mode:      IAM (POST /token: the request body names the customer, as the site's backend does)",
      `           set ${identityEnvNames.issuer} and ${identityEnvNames.audiences} for OIDC identity mode (sign-in with the site's ID token)`,
    );
  } else {
    lines.push(
      `mode:      OIDC identity (GET/POST /token: the customer comes only from a verified ID token in the ${identity.headerName} header)`,
      `  issuer:    ${identity.issuer}`,
      `  audiences: ${identity.audiences.join(", ")}`,
      `  keys:      ${identity.jwksUri ?? "from the issuer's discovery document"}`,
      `  subject:   ${identity.subjectType}${identity.subjectType === "externalPersonId" ? ` (claim ${identity.subjectClaim ?? "sub"})` : ` (only with ${identity.subjectType === "email" ? "email_verified" : "phone_number_verified"} true)`}`,
      `  session:   ${identity.sessionClaim === undefined ? `no session claim (set ${identityEnvNames.sessionClaim}, e.g. sid, to let a customer end their own session)` : `claim ${identity.sessionClaim} → sid`}`,
      `  CORS:      ${identity.allowedOrigins.length === 0 ? "same-origin only" : identity.allowedOrigins.join(", ")}`,
    );
  }
  if (infobipApi === undefined) {
    lines.push(`sessions:  off (set ${apiSecretExample} to end sessions at Infobip)`);
  } else {
    const who = identity === undefined ? "any sid (IAM mode)" : "the caller's own session only";
    lines.push(
      `sessions:  DELETE /sessions/{sid} → ${infobipApi.baseUrl}, ${who}; API key from ${infobipApiSecretEnvName} (not shown)`,
    );
    if (identity !== undefined && identity.sessionClaim === undefined) {
      lines.push(
        `  warning:   ${identityEnvNames.sessionClaim} is not set, so no ID token names a session and every DELETE /sessions/{sid} is refused (403).`,
      );
    }
  }
  return lines;
}
