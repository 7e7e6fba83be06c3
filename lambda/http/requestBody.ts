// Reading a Function URL request body: size checked before decoding and parsing, UTF-8 strict,
// JSON media types only. Problems never quote the body (it may hold a customer identifier).
import { type FunctionUrlEvent, headerValue } from "./functionUrlEvent.ts";
import { type Problem, problem } from "./problem.ts";

/** Largest accepted request body in bytes (after base64 decoding); checked before parsing. */
export const maxBodyBytes = 4096;

const utf8 = new TextDecoder("utf-8", { fatal: true });

export function isJsonMediaType(contentType: string): boolean {
  const mediaType = (contentType.split(";")[0] ?? "").trim().toLowerCase();
  return mediaType === "application/json" || /^application\/[a-z0-9.+-]+\+json$/.test(mediaType);
}

/** True when the event carries no body at all (or an empty one). */
export function hasNoBody(event: FunctionUrlEvent): boolean {
  const body: unknown = event.body;
  return body === undefined || body === null || body === "";
}

/** The body as text, or a problem. `emptyDetail` explains what to send when the body is empty. */
export function bodyText(event: FunctionUrlEvent, emptyDetail: string): string | Problem {
  const body: unknown = event.body;
  if (body === undefined || body === null || body === "") return problem("invalid-request", emptyDetail);
  if (typeof body !== "string") return problem("invalid-request", "The body is not text.");
  const tooLarge = problem("payload-too-large", `The body is larger than ${maxBodyBytes} bytes.`);
  if (event.isBase64Encoded === true) {
    if (body.length > Math.ceil(maxBodyBytes / 3) * 4 + 4) return tooLarge;
    const bytes = Buffer.from(body, "base64");
    if (bytes.length > maxBodyBytes) return tooLarge;
    try {
      return utf8.decode(bytes);
    } catch {
      return problem("invalid-json", "The body is not valid UTF-8.");
    }
  }
  if (body.length > maxBodyBytes || Buffer.byteLength(body, "utf8") > maxBodyBytes) return tooLarge;
  return body;
}

export type JsonBody = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly problem: Problem; readonly headers?: Record<string, string> };

/** Reads, size-checks and parses a JSON body. */
export function readJsonBody(event: FunctionUrlEvent, emptyDetail: string, example: string): JsonBody {
  const text = bodyText(event, emptyDetail);
  if (typeof text !== "string") return { ok: false, problem: text };
  const contentType = headerValue(event.headers, "content-type");
  if (contentType !== undefined && !isJsonMediaType(contentType)) {
    return { ok: false, problem: problem("unsupported-media-type", "Send the body as Content-Type: application/json."), headers: { "accept-post": "application/json" } };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    // Not the parser's message: it quotes the body, which may hold a customer identifier.
    return { ok: false, problem: problem("invalid-json", `The body is not valid JSON: send an object such as ${example}.`) };
  }
}
