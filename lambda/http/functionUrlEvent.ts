// The shapes the handler speaks: Lambda Function URL payload format 2.0 in and out, and the
// Lambda context fields it reads.

/** The parts of a Function URL (payload 2.0) event the signer reads. */
export interface FunctionUrlEvent {
  readonly version?: string;
  readonly rawPath?: string;
  readonly rawQueryString?: string;
  readonly headers?: Readonly<Record<string, string | undefined>>;
  readonly body?: string;
  readonly isBase64Encoded?: boolean;
  readonly requestContext: {
    readonly requestId?: string;
    readonly http: {
      readonly method: string;
      readonly path?: string;
      readonly protocol?: string;
      readonly sourceIp?: string;
      readonly userAgent?: string;
    };
    /** The caller identity Lambda adds when the URL's auth type is AWS_IAM; `null` with auth NONE. */
    readonly authorizer?: FunctionUrlAuthorizer | null;
  };
}

/**
 * `requestContext.authorizer` of a Function URL with AWS_IAM auth: the SigV4 caller as IAM
 * resolved it (AWS's payload 2.0 example: accessKey, accountId, callerId, cognitoIdentity,
 * principalOrgId, userArn, userId). With auth NONE Lambda sets `authorizer` to null.
 */
export interface FunctionUrlAuthorizer {
  readonly iam?: {
    readonly accessKey?: string;
    readonly accountId?: string;
    readonly callerId?: string;
    readonly principalOrgId?: string | null;
    readonly userArn?: string;
    readonly userId?: string;
  };
}

/** A Function URL (payload 2.0) structured response. */
export interface FunctionUrlResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly isBase64Encoded: false;
}

/** The fields of the Lambda context object the signer uses. */
export interface LambdaContextLike {
  readonly awsRequestId?: string;
}

export function isFunctionUrlEvent(event: unknown): event is FunctionUrlEvent {
  if (typeof event !== "object" || event === null) return false;
  const requestContext = (event as { requestContext?: unknown }).requestContext;
  if (typeof requestContext !== "object" || requestContext === null) return false;
  const http = (requestContext as { http?: unknown }).http;
  return typeof http === "object" && http !== null && typeof (http as { method?: unknown }).method === "string";
}

export { headerValue } from "../headerValue.ts";
