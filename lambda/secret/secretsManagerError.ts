// Typed failures of a GetSecretValue call. Messages carry the AWS error code and message,
// never secret material, so they are safe to log (not to return to callers).

export type SecretsManagerErrorCode =
  | "ResourceNotFound"
  | "AccessDenied"
  | "Throttling"
  | "DecryptionFailure"
  | "InvalidRequest"
  | "InvalidParameter"
  | "InternalServiceError"
  | "OtherAwsError"
  | "HttpError"
  | "Timeout"
  | "Network"
  | "BadResponse"
  | "MissingCredentials";

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

const retryable: ReadonlySet<SecretsManagerErrorCode> = new Set(["Throttling", "InternalServiceError", "HttpError", "Timeout", "Network"]);

export class SecretsManagerError extends Error {
  override name = "SecretsManagerError";
  readonly code: SecretsManagerErrorCode;
  /** The AWS `__type` (e.g. `ResourceNotFoundException`) when the service answered with one. */
  readonly awsType: string | undefined;
  /** HTTP status of the answer, when there was one. */
  readonly status: number | undefined;
  /** Whether trying again later may succeed. */
  readonly retryable: boolean;
  constructor(code: SecretsManagerErrorCode, message: string, details: { awsType?: string; status?: number } = {}) {
    super(message);
    this.code = code;
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
