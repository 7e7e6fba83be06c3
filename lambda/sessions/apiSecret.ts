// The second Secrets Manager secret: the Infobip API key used to end chat sessions.
// `{"apiKey": "<key>", "baseUrl": "https://xxxxx.api.infobip.com"}`. Errors never contain the key.
import { type ErrorCode, SignerRuntimeError } from "../errors.ts";
import { isSecureOrLoopback } from "../loopback.ts";

export interface InfobipApiSecret {
  readonly apiKey: string;
  /** Origin of the account's API, without a trailing slash, e.g. `https://xxxxx.api.infobip.com`. */
  readonly baseUrl: string;
}

/** The Infobip API secret is not `{"apiKey", "baseUrl"}` as required; `code` says how. Never carries the key. */
export class ApiSecretError extends SignerRuntimeError<ErrorCode<"ApiSecretError">> {
  override readonly name = "ApiSecretError";
}

const example =
  'store it as {"apiKey": "<Infobip API key with the live-chat:manage scope>", "baseUrl": "https://<yours>.api.infobip.com"}';

/** Validates an Infobip API base URL: https origin only (http only on loopback, for local stand-ins). */
export function parseBaseUrl(value: unknown): string {
  if (typeof value !== "string" || value.length === 0)
    throw new ApiSecretError("missing-base-url", `The API secret has no "baseUrl": ${example}.`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ApiSecretError("invalid-base-url", `The API secret's "baseUrl" is not a URL: ${example}.`);
  }
  if (!isSecureOrLoopback(url)) {
    throw new ApiSecretError("invalid-base-url", `The API secret's "baseUrl" must use https:// (got ${url.protocol}).`);
  }
  if (url.username || url.password)
    throw new ApiSecretError("invalid-base-url", 'The API secret\'s "baseUrl" must not contain credentials.');
  if (url.pathname !== "/" || url.search || url.hash || value.includes("?") || value.includes("#")) {
    throw new ApiSecretError(
      "invalid-base-url",
      `The API secret's "baseUrl" must be the account's API origin only, without a path, query or fragment (e.g. https://xxxxx.api.infobip.com); got ${JSON.stringify(url.origin + url.pathname)}.`,
    );
  }
  return url.origin;
}

export function parseApiSecret(text: string): InfobipApiSecret {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Not JSON.parse's message: it quotes the input, which holds the key.
    throw new ApiSecretError("not-json", `The API secret is not valid JSON: ${example}.`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new ApiSecretError("not-object", `The API secret must be a JSON object: ${example}.`);
  const record = value as Record<string, unknown>;
  const apiKey = record["apiKey"];
  if (apiKey === undefined || apiKey === null)
    throw new ApiSecretError("missing-api-key", `The API secret has no "apiKey": ${example}.`);
  if (typeof apiKey !== "string")
    throw new ApiSecretError("invalid-api-key", `The API secret's "apiKey" must be a string; got a ${typeof apiKey}.`);
  if (apiKey.length < 16 || apiKey.length > 512 || !/^[\x21-\x7e]+$/.test(apiKey)) {
    throw new ApiSecretError(
      "invalid-api-key",
      'The API secret\'s "apiKey" must be 16–512 visible ASCII characters (no spaces); copy it again from the Infobip portal.',
    );
  }
  const baseUrl = record["baseUrl"];
  // parseBaseUrl quotes a bad URL's path; a key pasted into it (e.g. ".../App <key>") must not be quoted.
  if (typeof baseUrl === "string" && baseUrl.includes(apiKey)) {
    throw new ApiSecretError(
      "base-url-contains-key",
      'The API secret\'s "baseUrl" contains the apiKey: put only the account\'s API origin there (e.g. https://xxxxx.api.infobip.com) and the key in "apiKey" alone.',
    );
  }
  return { apiKey, baseUrl: parseBaseUrl(baseUrl) };
}
