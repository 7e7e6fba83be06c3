import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadDevSecret } from "../../../dev/devSecret.ts";

/** A dev key generated the way `npm start` does, in a temp dir (never the developer's .dev/). */
export interface TempDevKey {
  /** The portal-format JSON, for `startDevServer({ secret })`. */
  readonly secretText: string;
  /** The key's `id` (the tokens' `ski`). */
  readonly keyId: string | number;
  /** The decoded key bytes, for independent HMAC checks. */
  readonly keyBytes: Buffer;
  /** Deletes the temp dir. */
  remove(): void;
}

export function tempDevKey(prefix: string): TempDevKey {
  const root = mkdtempSync(path.join(tmpdir(), `${prefix}-`));
  const secretText = loadDevSecret(root, {}).text;
  const { id, key } = JSON.parse(secretText) as { id: string | number; key: string };
  return {
    secretText,
    keyId: id,
    keyBytes: Buffer.from(key, "base64"),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
