// What npm start prints in IAM mode: the dev credentials as one shell line that the client, the
// recipes and the smoke command read unchanged, and commands that run against the runner as printed.
import { describe, expect, it } from "vitest";
import { describeIamAuth, iamTryLines } from "../../dev/iamBanner.ts";

const credentials = { accessKeyId: "AKIALIVECHATLOCALDEV", secretAccessKey: "a".repeat(40), region: "local" };

describe("npm start's IAM lines", () => {
  it("print the credentials as exports, with the region and no stale session token", () => {
    const lines = describeIamAuth(credentials, ".dev/credentials.json");
    expect(lines).toContain(
      `  export AWS_ACCESS_KEY_ID=AKIALIVECHATLOCALDEV AWS_SECRET_ACCESS_KEY=${"a".repeat(40)} LIVECHAT_SIGNER_REGION=local; unset AWS_SESSION_TOKEN`,
    );
    expect(lines.join("\n")).toContain(
      "(service lambda,\n           region local) with these dev credentials (.dev/credentials.json; fake, good only here):",
    );
  });

  it("suggest curl, the curl recipe, the smoke command and the client against the runner's URL", () => {
    expect(iamTryLines("http://127.0.0.1:8787", credentials)).toEqual([
      `curl -sS --aws-sigv4 "aws:amz:local:lambda" --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" http://127.0.0.1:8787/token \\`,
      `    -H 'content-type: application/json' -d '{"sub":"alice@example.com","stp":"email"}'`,
      "examples/backend/curl/get-token.sh http://127.0.0.1:8787/ alice@example.com email",
      "npm run smoke -- --url http://127.0.0.1:8787/",
      'node: createSignerClient({ url: "http://127.0.0.1:8787/", region: "local" }).getToken({ sub: "alice@example.com", stp: "email" })',
    ]);
  });
});
