// The AWS credentials a request is signed with: the standard environment variables by default
// (what Lambda, ECS task roles exported by tooling, and `aws configure export-credentials` set),
// a fixed set, or any provider with the AWS SDK v3 shape, so `fromNodeProviderChain()` from
// @aws-sdk/credential-providers works without this package depending on the SDK. Provider results
// are reused until five minutes before they expire, and concurrent calls share one lookup.
import { SignerClientError } from "./errors.ts";

/** AWS credentials; `sessionToken` is required for temporary (role) credentials. */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  /** When temporary credentials stop working; the provider is asked again before then. */
  readonly expiration?: Date;
}

/** The AWS SDK v3 credential-provider shape, e.g. `fromNodeProviderChain()` or `fromEnv()`. */
export type AwsCredentialsProvider = () => Promise<AwsCredentials>;

type Env = Readonly<Record<string, string | undefined>>;

/** Refresh this long before `expiration`, as the AWS SDKs do. */
const refreshMarginMs = 5 * 60 * 1000;

/** Variables that show credentials exist elsewhere than in AWS_ACCESS_KEY_ID (a profile, a role for a container or web identity). */
const otherSourceVariables = [
  "AWS_PROFILE",
  "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
  "AWS_CONTAINER_CREDENTIALS_FULL_URI",
  "AWS_WEB_IDENTITY_TOKEN_FILE",
];

const chainHint =
  'pass credentials: fromNodeProviderChain() from "@aws-sdk/credential-providers" (profiles, SSO, container and instance roles)';

/** Credentials from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN; throws naming what is missing. */
export function credentialsFromEnv(env: Env): AwsCredentials {
  const accessKeyId = env["AWS_ACCESS_KEY_ID"]?.trim() ?? "";
  const secretAccessKey = env["AWS_SECRET_ACCESS_KEY"]?.trim() ?? "";
  const sessionToken = env["AWS_SESSION_TOKEN"]?.trim() ?? "";
  const missing = [
    accessKeyId === "" ? "AWS_ACCESS_KEY_ID" : undefined,
    secretAccessKey === "" ? "AWS_SECRET_ACCESS_KEY" : undefined,
  ].filter((name): name is string => name !== undefined);
  if (missing.length > 0) {
    const elsewhere = otherSourceVariables.filter((name) => (env[name] ?? "").trim() !== "");
    throw new SignerClientError(
      "credentials",
      `No AWS credentials: ${missing.join(" and ")} ${missing.length === 1 ? "is" : "are"} not set. ` +
        (elsewhere.length > 0
          ? `${elsewhere.join(" and ")} ${elsewhere.length === 1 ? "is" : "are"} set, but only a provider reads them: ${chainHint}.`
          : `Set them, or ${chainHint}.`),
    );
  }
  return sessionToken === "" ? { accessKeyId, secretAccessKey } : { accessKeyId, secretAccessKey, sessionToken };
}

function checked(value: unknown): AwsCredentials {
  const candidate = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  const { accessKeyId, secretAccessKey, sessionToken, expiration } = candidate;
  if (
    typeof accessKeyId !== "string" ||
    accessKeyId === "" ||
    typeof secretAccessKey !== "string" ||
    secretAccessKey === ""
  ) {
    throw new SignerClientError("credentials", "The credentials provider returned no accessKeyId and secretAccessKey.");
  }
  if (sessionToken !== undefined && typeof sessionToken !== "string")
    throw new SignerClientError(
      "credentials",
      "The credentials provider returned a sessionToken that is not a string.",
    );
  return {
    accessKeyId,
    secretAccessKey,
    ...(sessionToken === undefined || sessionToken === "" ? {} : { sessionToken }),
    ...(expiration instanceof Date ? { expiration } : {}),
  };
}

function providerFailure(error: unknown): SignerClientError {
  if (error instanceof SignerClientError) return error;
  const what = error instanceof Error ? `${error.name}: ${error.message}` : "a non-Error value";
  return new SignerClientError(
    "credentials",
    `The credentials provider failed (${what.replace(/[\u0000-\u001f\u007f]/g, " ").slice(0, 200)}).`,
    { cause: error },
  );
}

/**
 * Where each request's credentials come from: `undefined` reads the environment on every call (so
 * a rotated set is used at once), a fixed set is used as is, a provider is memoized until shortly
 * before its credentials expire. The returned function rejects with a `SignerClientError` ("credentials").
 */
export function credentialSource(
  option: AwsCredentials | AwsCredentialsProvider | undefined,
  env: () => Env,
  now: () => number = Date.now,
): () => Promise<AwsCredentials> {
  if (option === undefined) return () => Promise.resolve().then(() => credentialsFromEnv(env()));
  if (typeof option !== "function") {
    const fixed = checked(option);
    return () => Promise.resolve(fixed);
  }
  let cached: AwsCredentials | undefined;
  let inFlight: Promise<AwsCredentials> | undefined;
  const fresh = (c: AwsCredentials) => c.expiration === undefined || c.expiration.getTime() - refreshMarginMs > now();
  return () => {
    if (cached !== undefined && fresh(cached)) return Promise.resolve(cached);
    inFlight ??= Promise.resolve()
      .then(() => option())
      .then(checked)
      .then(
        (credentials) => {
          cached = credentials;
          inFlight = undefined;
          return credentials;
        },
        (error: unknown) => {
          inFlight = undefined;
          throw providerFailure(error);
        },
      );
    return inFlight;
  };
}
