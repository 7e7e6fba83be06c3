// Reads Infobip's error body `{"requestError":{"serviceException":{"messageId","text"}}}` for a
// problem detail: bounded, printable, and scrubbed of the API key in case an upstream echoes it.

const maxBodyBytes = 8192;
const maxFieldLength = 120;

export interface InfobipServiceException {
  readonly messageId?: string;
  readonly text?: string;
}

/** Reads at most `maxBodyBytes` of the body and drops the rest. */
export async function readBoundedText(response: Response): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    while (total < maxBodyBytes) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      total += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return new TextDecoder().decode(Buffer.concat(chunks).subarray(0, maxBodyBytes));
}

function clean(value: unknown, apiKey: string): string | undefined {
  if (typeof value !== "string" || value.length === 0) return undefined;
  const scrubbed = apiKey.length > 0 ? value.split(apiKey).join("[redacted]") : value;
  const printable = scrubbed.replace(/[^\x20-\x7e]/g, " ").trim();
  return printable.length > maxFieldLength ? `${printable.slice(0, maxFieldLength)}…` : printable;
}

export function parseServiceException(body: string, apiKey: string): InfobipServiceException {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return {};
  }
  const exception = (value as { requestError?: { serviceException?: Record<string, unknown> } } | null)?.requestError
    ?.serviceException;
  if (typeof exception !== "object" || exception === null) return {};
  const messageId = clean(exception["messageId"], apiKey);
  const text = clean(exception["text"], apiKey);
  return { ...(messageId ? { messageId } : {}), ...(text ? { text } : {}) };
}

/** ` (UNAUTHORIZED: Invalid login details)` or empty. */
export function describeServiceException({ messageId, text }: InfobipServiceException): string {
  if (!messageId && !text) return "";
  return ` (${[messageId, text].filter(Boolean).join(": ")})`;
}
