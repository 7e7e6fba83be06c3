// Runs a recipe as its own process (python3, bash) against a stand-in on 127.0.0.1, with an
// environment made from scratch: only the credentials the test chose, no profile files, no
// instance metadata lookups, and the region the stand-in's URL cannot carry.
import { execFile } from "node:child_process";
import type { IamPrincipal } from "../../dev/functionUrlAuth.ts";

export interface RecipeRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function recipeEnv(
  principal: Pick<IamPrincipal, "accessKeyId" | "secretAccessKey" | "sessionToken">,
  region: string,
): Record<string, string> {
  return {
    PATH: process.env["PATH"] ?? "/usr/bin:/bin",
    LANG: "C.UTF-8",
    AWS_ACCESS_KEY_ID: principal.accessKeyId,
    AWS_SECRET_ACCESS_KEY: principal.secretAccessKey,
    ...(principal.sessionToken === undefined ? {} : { AWS_SESSION_TOKEN: principal.sessionToken }),
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    AWS_EC2_METADATA_DISABLED: "true",
    LIVECHAT_SIGNER_REGION: region,
  };
}

/** Runs `file args…` without a shell, bounded to 20 s; resolves with its exit code and output. */
export function runRecipe(file: string, args: readonly string[], env: Record<string, string>): Promise<RecipeRun> {
  return new Promise((resolve) => {
    execFile(file, args, { env, timeout: 20_000, encoding: "utf8" }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}
