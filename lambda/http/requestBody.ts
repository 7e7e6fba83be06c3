// Reading a Function URL request body: size checked before decoding and parsing, UTF-8 strict,
// JSON media types only. Problems never quote the body (it may hold a customer identifier).
//
// A body must say it is JSON. Without a Content-Type, or with text/plain or a form type, a POST
// is a CORS "simple" request: any web page can send it cross-site without a preflight, so such a
// body is refused (415) before it is read, whatever it contains.
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

export type JsonBody =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly problem: Problem; readonly headers?: Record<string, string> };
type Refusal = Extract<JsonBody, { ok: false }>;

/** The 415 refusal for a body that is not declared JSON; undefined when there is no body or it is declared JSON. */
export function undeclaredJsonBody(event: FunctionUrlEvent): Refusal | undefined {
  if (hasNoBody(event)) return undefined;
  const contentType = headerValue(event.headers, "content-type");
  if (contentType !== undefined && isJsonMediaType(contentType)) return undefined;
  const why =
    contentType === undefined ? "The request has a body but no Content-Type" : "The body's Content-Type is not JSON";
  return {
    ok: false,
    problem: problem(
      "unsupported-media-type",
      `${why}: send it as Content-Type: application/json (a body of any other type is what a foreign web page can send without asking).`,
    ),
    headers: { "accept-post": "application/json" },
  };
}

/** Reads, size-checks and parses a JSON body. */
export function readJsonBody(event: FunctionUrlEvent, emptyDetail: string, example: string): JsonBody {
  const text = bodyText(event, emptyDetail);
  if (typeof text !== "string") return { ok: false, problem: text };
  const undeclared = undeclaredJsonBody(event);
  if (undeclared !== undefined) return undeclared;
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    // Not the parser's message: it quotes the body, which may hold a customer identifier.
    return {
      ok: false,
      problem: problem("invalid-json", `The body is not valid JSON: send an object such as ${example}.`),
    };
  }
}
