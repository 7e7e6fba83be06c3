// A minimal AWS Secrets Manager GetSecretValue client: AWS JSON 1.1 over fetch, SigV4-signed
// with aws4fetch (≈ 10 KB bundled, against ≈ 460 KB for the AWS SDK client; see bench/).
// Secrets Manager has no cross-region lookup, so each call goes to, and is signed for, the region
// of the secret it reads, which need not be the Lambda's own.
import { AwsV4Signer } from "aws4fetch";
import { awsErrorType, errorCodeForAwsType, SecretsManagerError } from "./secretsManagerError.ts";
import { parseArn } from "../awsArn.ts";
import { dnsSuffixForRegion } from "../awsPartitions.ts";

type Env = Readonly<Record<string, string | undefined>>;

export interface SecretValue {
  readonly secretString: string;
  readonly versionId: string | undefined;
}

export interface SecretsManagerClient {
  /**
   * Fetches the current (AWSCURRENT) string value of a secret, from the region in its ARN (a bare name:
   * the Lambda's own region). Rejects with `SecretsManagerError`.
   */
  getSecretValue(secretId: string): Promise<SecretValue>;
}

export interface SecretsManagerClientOptions {
  /**
   * Environment with the standard Lambda variables: AWS_REGION (the region of secrets given by name),
   * AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, and the endpoint overrides.
   */
  readonly env: Env;
  /** Bound on one call, connection to last body byte. */
  readonly timeoutMs: number;
}

/**
 * The region whose Secrets Manager holds `secretId`: the region part of a secret ARN, else (a bare name, or an
 * ARN without a region) `defaultRegion`, the Lambda's own.
 */
export function secretRegion(secretId: string, defaultRegion: string): string {
  const arn = parseArn(secretId);
  return arn === undefined || arn.region === "" ? defaultRegion : arn.region;
}

/** The endpoint, resolved like the AWS SDKs do: service-specific override, global override, then the regional endpoint. */
export function secretsManagerEndpoint(env: Env, region: string): string {
  const override = env["AWS_ENDPOINT_URL_SECRETS_MANAGER"] || env["AWS_ENDPOINT_URL"];
  return override ? override : `https://secretsmanager.${region}.${dnsSuffixForRegion(region)}`;
}

function clean(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, " ").slice(0, 300);
}

async function readErrorBody(response: Response): Promise<{ type: string | undefined; message: string }> {
  let type = response.headers.get("x-amzn-errortype") ?? undefined;
  let message = "";
  try {
    const body = (await response.json()) as Record<string, unknown>;
    if (typeof body["__type"] === "string") type = body["__type"];
    const text = body["message"] ?? body["Message"];
    if (typeof text === "string") message = text;
  } catch {
    // Not JSON (e.g. a proxy's HTML page): the status alone has to do.
  }
  return { type: type === undefined ? undefined : awsErrorType(type), message: clean(message) };
}

function networkReason(error: unknown): string {
  if (!(error instanceof Error)) return "unknown error";
  const cause = (error as { cause?: { code?: unknown } }).cause;
  const code = typeof cause?.code === "string" ? ` (${cause.code})` : "";
  return `${clean(error.message)}${code}`;
}

export function createSecretsManagerClient(options: SecretsManagerClientOptions): SecretsManagerClient {
  const { env, timeoutMs } = options;
  return {
    async getSecretValue(secretId) {
      const ownRegion = env["AWS_REGION"] || env["AWS_DEFAULT_REGION"];
      const accessKeyId = env["AWS_ACCESS_KEY_ID"];
      const secretAccessKey = env["AWS_SECRET_ACCESS_KEY"];
      if (!ownRegion || !accessKeyId || !secretAccessKey) {
        throw new SecretsManagerError(
          "MissingCredentials",
          "AWS_REGION, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set (Lambda sets them from the execution role).",
        );
      }
      const region = secretRegion(secretId, ownRegion);
      const sessionToken = env["AWS_SESSION_TOKEN"] || undefined;
      const signer = new AwsV4Signer({
        method: "POST",
        url: `${secretsManagerEndpoint(env, region).replace(/\/+$/, "")}/`,
        headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "secretsmanager.GetSecretValue" },
        body: JSON.stringify({ SecretId: secretId }),
        accessKeyId,
        secretAccessKey,
        ...(sessionToken === undefined ? {} : { sessionToken }),
        service: "secretsmanager",
        region,
      });
      const what = `GetSecretValue(${clean(secretId)})`;
      const signal = AbortSignal.timeout(timeoutMs);
      let response: Response;
      let body: Record<string, unknown>;
      try {
        const signed = await signer.sign();
        // Never follow a redirect: it would carry the session token to, and take the key from, another host.
        response = await fetch(signed.url, {
          method: signed.method,
          headers: signed.headers,
          body: signed.body ?? null,
          signal,
          redirect: "manual",
        });
        if (response.status >= 300 && response.status <= 399) {
          await response.body?.cancel().catch(() => undefined);
          throw new SecretsManagerError(
            "BadResponse",
            `${what} answered a redirect (HTTP ${response.status}); Secrets Manager never redirects, so it was not followed.`,
            {
              status: response.status,
            },
          );
        }
        if (!response.ok) {
          const { type, message } = await readErrorBody(response);
          const status = response.status;
          if (type !== undefined) {
            throw new SecretsManagerError(
              errorCodeForAwsType(type),
              `${what} failed: ${type} (HTTP ${status})${message ? `: ${message}` : ""}`,
              {
                awsType: type,
                status,
              },
            );
          }
          throw new SecretsManagerError("HttpError", `${what} failed: HTTP ${status} without an AWS error type.`, {
            status,
          });
        }
        body = (await response.json()) as Record<string, unknown>;
      } catch (error) {
        if (error instanceof SecretsManagerError) throw error;
        if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
          throw new SecretsManagerError("Timeout", `${what} did not answer within ${timeoutMs} ms.`);
        }
        if (error instanceof SyntaxError)
          throw new SecretsManagerError("BadResponse", `${what} answered 200 with a body that is not JSON.`);
        throw new SecretsManagerError("Network", `${what} failed before an answer: ${networkReason(error)}.`);
      }
      if (typeof body !== "object" || body === null || typeof body["SecretString"] !== "string") {
        throw new SecretsManagerError(
          "BadResponse",
          `${what} returned no SecretString: store the key as a text secret (binary secrets are not supported).`,
        );
      }
      const versionId = typeof body["VersionId"] === "string" ? body["VersionId"] : undefined;
      return { secretString: body["SecretString"], versionId };
    },
  };
}
