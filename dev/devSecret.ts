// The local runner's key: LIVECHAT_SECRET (the portal's JSON) or a dev key generated once into
// .dev/secret.json (git-ignored, mode 0600). Never printed.
import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface DevSecret {
  /** The secret in the portal's format: {"id": …, "key": "<base64>"} */
  readonly text: string;
  /** Where it came from, for the start-up message. */
  readonly source: "LIVECHAT_SECRET" | "generated" | "file";
  readonly file?: string;
}

export function devSecretFile(root: string): string {
  return path.join(root, ".dev", "secret.json");
}

/** Returns LIVECHAT_SECRET when set; otherwise reads, or creates on first run, the dev key file. */
export function loadDevSecret(
  root: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): DevSecret {
  const fromEnv = env["LIVECHAT_SECRET"];
  if (fromEnv !== undefined && fromEnv.trim() !== "") return { text: fromEnv, source: "LIVECHAT_SECRET" };
  const file = devSecretFile(root);
  try {
    return { text: readFileSync(file, "utf8"), source: "file", file };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const text = `${JSON.stringify({ id: "dev", key: randomBytes(32).toString("base64") })}\n`;
  try {
    writeFileSync(file, text, { mode: 0o600, flag: "wx" });
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === "EEXIST")
      return { text: readFileSync(file, "utf8"), source: "file", file };
    throw error;
  }
  chmodSync(file, 0o600);
  return { text, source: "generated", file };
}
