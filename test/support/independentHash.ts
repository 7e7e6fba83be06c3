// A script's CSP hash computed by WebCrypto, apart from the engine's inlineScriptHash, to judge it.
import { webcrypto } from "node:crypto";

export async function independentHash(text: string): Promise<string> {
  const digest = await webcrypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return `'sha256-${Buffer.from(digest).toString("base64")}'`;
}
