// Request bodies on the local runner are read only up to a limit: a page must not make it buffer
// an endless body.
import type { IncomingMessage } from "node:http";

/**
 * Reads a request body up to just past `limit` bytes and stops there; `tooLarge` says whether
 * the body went beyond `limit`, so the caller can refuse it without buffering the rest.
 */
export function readBounded(req: IncomingMessage, limit: number): Promise<{ bytes: Buffer; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on("data", (chunk: Buffer) => {
      if (done) return;
      chunks.push(chunk);
      size += chunk.length;
      if (size > limit) {
        done = true;
        req.pause();
        resolve({ bytes: Buffer.concat(chunks), tooLarge: true });
      }
    });
    req.on("end", () => {
      if (!done) resolve({ bytes: Buffer.concat(chunks), tooLarge: false });
    });
    req.on("error", reject);
  });
}
