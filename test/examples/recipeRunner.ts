// The environment a recipe (python3, bash) runs in, as its own process (runProcess), against a
// stand-in on 127.0.0.1: made from scratch, with only the credentials the test chose, no profile
// files, no instance metadata lookups, and the region the stand-in's URL cannot carry.
import type { IamPrincipal } from "../../dev/functionUrlAuth.ts";

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
