// The credentials `npm start` accepts on its signed routes, standing in for an IAM user allowed to
// call the Function URL: an obviously fake access key ID, a secret access key generated once into
// .dev/credentials.json (git-ignored, mode 0600) so exported shell variables survive restarts, and
// a region of its own ("local"): 127.0.0.1 carries none, so callers name it, as they would read it
// from a real Function URL's host. They sign nothing anywhere but on this machine.
import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { IamPrincipal } from "./functionUrlAuth.ts";

/** What a caller needs to sign for the local runner. */
export interface DevIamCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** The region the credential scope must name. */
  readonly region: string;
}

export const devAccessKeyId = "AKIALIVECHATLOCALDEV";
export const devSigningRegion = "local";
/** The environment variable the recipes read for a URL whose host carries no region. */
export const signerRegionEnvName = "LIVECHAT_SIGNER_REGION";

/** The IAM user the runner names as the caller (account 000000000000, like the rest of the fake principal). */
export function devPrincipal(credentials: DevIamCredentials): IamPrincipal {
  return {
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.secretAccessKey,
    accountId: "000000000000",
    arn: "arn:aws:iam::000000000000:user/livechat-local-dev",
    userId: "AIDALIVECHATLOCALDEV",
  };
}

function newSecretAccessKey(): string {
  return randomBytes(30).toString("base64").replace(/[+/]/g, "x"); // 40 characters, like AWS's
}

/** Fresh credentials for one server, kept in memory only (tests, and a runner started without a file). */
export function ephemeralDevCredentials(): DevIamCredentials {
  return { accessKeyId: devAccessKeyId, secretAccessKey: newSecretAccessKey(), region: devSigningRegion };
}

export function devCredentialsFile(root: string): string {
  return path.join(root, ".dev", "credentials.json");
}

function parse(text: string, file: string): DevIamCredentials {
  const value = JSON.parse(text) as { secretAccessKey?: unknown };
  if (typeof value.secretAccessKey !== "string" || !/^[A-Za-z0-9]{40}$/.test(value.secretAccessKey)) {
    throw new Error(`${file} holds no valid secretAccessKey: delete the file and npm start makes a new one.`);
  }
  return { accessKeyId: devAccessKeyId, secretAccessKey: value.secretAccessKey, region: devSigningRegion };
}

/** Reads the runner's credentials, or creates them on first run. */
export function loadDevCredentials(
  root: string,
): DevIamCredentials & { readonly file: string; readonly generated: boolean } {
  const file = devCredentialsFile(root);
  try {
    return { ...parse(readFileSync(file, "utf8"), file), file, generated: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const credentials = ephemeralDevCredentials();
  try {
    writeFileSync(file, `${JSON.stringify({ secretAccessKey: credentials.secretAccessKey })}\n`, {
      mode: 0o600,
      flag: "wx",
    });
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === "EEXIST")
      return { ...parse(readFileSync(file, "utf8"), file), file, generated: false };
    throw error;
  }
  chmodSync(file, 0o600);
  return { ...credentials, file, generated: true };
}
