// Turns the signer's HTTP answer into a result or a typed error. Three parties can answer: the
// signer (its contract: 200 JSON or 204, otherwise application/problem+json), the Function URL's
// IAM auth in front of it (403 `{"Message": …}` with `x-amzn-ErrorType`), and anything else on the
// way (a proxy's HTML page, a truncated body). Each gets its own error code; nothing read from the
// answer reaches a message unchecked, and a token never does.
import { SignerClientError, SignerError, type SignerFieldError } from "./errors.ts";

/** The signer's answer to `POST /token`. */
export interface SignerToken {
  /** The personalization token (a JWT) for `liveChat('auth', token, …)`. */
  readonly token: string;
  /** The token's unique ID (`jti`). */
  readonly jti: string;
  /** The session ID, when the request named one. */
  readonly sid?: string;
  /** When the token expires (`exp`), as an ISO 8601 UTC timestamp. */
  readonly expiresAt: string;
}

/** Bodies beyond this are not read: the signer's answers are a few hundred bytes. */
export const maxAnswerBytes = 64 * 1024;

const problemFieldLimit = 500;

function clean(text: string, limit = problemFieldLimit): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, " ").slice(0, limit);
}

function mediaType(response: Response): string {
  return (response.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The body as text, at most `maxAnswerBytes`; undefined when it is larger or not UTF-8. */
async function readText(response: Response): Promise<string | undefined> {
  const reader = response.body?.getReader();
  if (reader === undefined) return "";
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let text = "";
  let size = 0;
  let utf8 = true;
  const decode = (bytes?: Uint8Array) => {
    try {
      text += bytes === undefined ? decoder.decode() : decoder.decode(bytes, { stream: true });
    } catch {
      utf8 = false;
    }
  };
  for (;;) {
    // A failure here (the deadline, a reset connection) propagates to the caller.
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxAnswerBytes) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    if (utf8) decode(value);
  }
  if (utf8) decode();
  return utf8 ? text : undefined;
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined || text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function badResponse(status: number, what: string): SignerClientError {
  return new SignerClientError(
    "bad-response",
    `The signer's answer (HTTP ${status}) is outside its contract: ${what}.`,
    { status },
  );
}

function retryAfter(response: Response): number | undefined {
  const value = response.headers.get("retry-after");
  return value !== null && /^\d{1,6}$/.test(value.trim()) ? Number(value.trim()) : undefined;
}

function fieldErrors(value: unknown): SignerFieldError[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter(
      (e): e is { field: string; message: string } =>
        isRecord(e) && typeof e["field"] === "string" && typeof e["message"] === "string",
    )
    .slice(0, 50)
    .map((e) => ({ field: clean(e.field, 100), message: clean(e.message) }));
}

/** A `SignerError` from a problem+json body, or undefined when the body is no problem object. */
function problemError(response: Response, body: unknown): SignerError | undefined {
  if (!isRecord(body)) return undefined;
  const { type, title, detail } = body;
  if (typeof title !== "string" && typeof type !== "string") return undefined;
  const after = retryAfter(response);
  return new SignerError({
    status: response.status,
    type: typeof type === "string" ? clean(type, 200) : "about:blank",
    title: typeof title === "string" ? clean(title, 200) : `HTTP ${response.status}`,
    detail: typeof detail === "string" ? clean(detail) : "",
    errors: fieldErrors(body["errors"]),
    ...(after === undefined ? {} : { retryAfterSeconds: after }),
  });
}

/** The IAM auth's refusal: AWS answers 403 with `{"Message": …}` and `x-amzn-ErrorType`. */
function accessDenied(response: Response, body: unknown): SignerClientError {
  const awsType = response.headers.get("x-amzn-errortype") ?? undefined;
  const awsMessage =
    isRecord(body) && typeof (body["Message"] ?? body["message"]) === "string"
      ? clean(String(body["Message"] ?? body["message"]), 200)
      : undefined;
  const said = [awsType?.split(":")[0], awsMessage].filter(Boolean).join(": ");
  return new SignerClientError(
    "access-denied",
    `The Function URL refused the request (HTTP 403${said ? `, ${said}` : ""}). Check that the credentials are valid and current, that the ` +
      "signing region is the URL's, and that the caller is allowed lambda:InvokeFunctionUrl and lambda:InvokeFunction on the signer.",
    { status: 403, ...(awsType === undefined ? {} : { awsErrorType: clean(awsType, 100) }) },
  );
}

/** The error for any answer other than the expected success; the body is read here. */
async function failure(response: Response): Promise<SignerClientError> {
  const status = response.status;
  if (status >= 300 && status < 400) {
    await response.body?.cancel().catch(() => undefined);
    return badResponse(status, "a redirect, which is not followed (it would carry the signed request elsewhere)");
  }
  const type = mediaType(response);
  const body = parseJson(await readText(response));
  if (type === "application/problem+json")
    return problemError(response, body) ?? badResponse(status, "a problem+json body without type or title");
  if (status === 403) return accessDenied(response, body);
  const awsType = response.headers.get("x-amzn-errortype");
  const awsMessage = isRecord(body) && typeof body["Message"] === "string" ? `: ${clean(body["Message"], 200)}` : "";
  return new SignerClientError(
    "bad-response",
    `The signer's answer (HTTP ${status}) is outside its contract: an error without a problem+json body${awsType === null ? "" : ` (AWS ${clean(awsType, 100)}${awsMessage})`}.`,
    { status, ...(awsType === null ? {} : { awsErrorType: clean(awsType, 100) }) },
  );
}

/** The token from a 200 answer to `POST /token`; rejects with a `SignerClientError` otherwise. */
export async function readTokenAnswer(response: Response): Promise<SignerToken> {
  if (response.status !== 200) throw await failure(response);
  const status = response.status;
  if (mediaType(response) !== "application/json") {
    await response.body?.cancel().catch(() => undefined);
    throw badResponse(
      status,
      `Content-Type ${JSON.stringify(clean(response.headers.get("content-type") ?? "none", 60))}, not application/json`,
    );
  }
  const body = parseJson(await readText(response));
  if (!isRecord(body)) throw badResponse(status, "the body is not a JSON object");
  const { token, jti, sid, expiresAt } = body;
  if (typeof token !== "string" || !/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token))
    throw badResponse(status, '"token" is not a compact JWT');
  if (typeof jti !== "string" || jti === "") throw badResponse(status, '"jti" is missing');
  if (typeof expiresAt !== "string" || Number.isNaN(Date.parse(expiresAt)))
    throw badResponse(status, '"expiresAt" is not a timestamp');
  if (sid !== undefined && typeof sid !== "string") throw badResponse(status, '"sid" is not a string');
  return sid === undefined ? { token, jti, expiresAt } : { token, jti, sid, expiresAt };
}

/** Resolves for a 204 (or 200) answer to `DELETE /sessions/{sid}`; rejects with a `SignerClientError` otherwise. */
export async function readEndedAnswer(response: Response): Promise<void> {
  if (response.status !== 204 && response.status !== 200) throw await failure(response);
  await response.body?.cancel().catch(() => undefined);
}
