// Typed failures of a GetSecretValue call. Messages carry the AWS error code and message,
// never secret material, so they are safe to log (not to return to callers).
import { type ErrorCode, SignerRuntimeError } from "../errors.ts";

export type SecretsManagerErrorCode = ErrorCode<"SecretsManagerError">;

const awsTypes: Readonly<Record<string, SecretsManagerErrorCode>> = {
  ResourceNotFoundException: "ResourceNotFound",
  AccessDeniedException: "AccessDenied",
  ThrottlingException: "Throttling",
  TooManyRequestsException: "Throttling",
  DecryptionFailure: "DecryptionFailure",
  InvalidRequestException: "InvalidRequest",
  InvalidParameterException: "InvalidParameter",
  InternalServiceError: "InternalServiceError",
};

const retryable: ReadonlySet<SecretsManagerErrorCode> = new Set([
  "Throttling",
  "InternalServiceError",
  "HttpError",
  "Timeout",
  "Network",
]);

export class SecretsManagerError extends SignerRuntimeError<SecretsManagerErrorCode> {
  override readonly name = "SecretsManagerError";
  /** The AWS `__type` (e.g. `ResourceNotFoundException`) when the service answered with one. */
  readonly awsType: string | undefined;
  /** HTTP status of the answer, when there was one. */
  readonly status: number | undefined;
  /** Whether trying again later may succeed. */
  readonly retryable: boolean;
  constructor(code: SecretsManagerErrorCode, message: string, details: { awsType?: string; status?: number } = {}) {
    super(code, message);
    this.awsType = details.awsType;
    this.status = details.status;
    this.retryable = retryable.has(code);
  }
}

/**
 * Normalises an AWS JSON-protocol error type: `com.amazonaws.secretsmanager#ResourceNotFoundException`
 * or `ResourceNotFoundException:http://…` → `ResourceNotFoundException`.
 */
export function awsErrorType(raw: string): string {
  const afterHash = raw.slice(raw.lastIndexOf("#") + 1);
  const colon = afterHash.indexOf(":");
  return colon === -1 ? afterHash : afterHash.slice(0, colon);
}

export function errorCodeForAwsType(type: string): SecretsManagerErrorCode {
  return awsTypes[type] ?? "OtherAwsError";
}
