// Reading an identity provider's answer (discovery document, JWKS) with a byte cap, as a
// stream: a body over the cap is abandoned, never read whole. A malicious or broken issuer could
// otherwise answer with hundreds of MiB and end the execution environment (a 256 MB Lambda).
import { SignerRuntimeError } from "../errors.ts";

/** Largest discovery document or JWKS read, in bytes. Real ones are a few KiB. */
export const maxIdentityResponseBytes = 256 * 1024;

/** The answer's body went over `maxIdentityResponseBytes`; what was read is dropped. */
export class ResponseTooLargeError extends SignerRuntimeError<"response_too_large"> {
  override readonly name = "ResponseTooLargeError";
  readonly maxBytes: number;
  constructor(maxBytes: number) {
    super("response_too_large", `The response body is larger than ${maxBytes} bytes.`);
    this.maxBytes = maxBytes;
  }
}

/** The whole body if it is at most `maxBytes`; otherwise cancels the stream and throws `ResponseTooLargeError`. */
export async function readBodyWithin(
  response: Response,
  maxBytes: number = maxIdentityResponseBytes,
): Promise<Uint8Array<ArrayBuffer>> {
  const announced = Number(response.headers.get("content-length") ?? "");
  const reader = response.body?.getReader();
  if (reader === undefined) return new Uint8Array(0);
  if (Number.isFinite(announced) && announced > maxBytes) {
    await reader.cancel().catch(() => {});
    throw new ResponseTooLargeError(maxBytes);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new ResponseTooLargeError(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}

// Statuses whose Response must not have a body (the Fetch standard's null body statuses).
const nullBodyStatuses = new Set([101, 103, 204, 205, 304]);

/**
 * A `fetch` whose answers carry a body already read within the cap, for libraries that call
 * `response.json()` themselves (jose's remote JWK Set, via its `customFetch` option).
 */
export async function fetchWithin(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const response = await fetch(input, init);
  const body = await readBodyWithin(response);
  return new Response(nullBodyStatuses.has(response.status) ? null : body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}
