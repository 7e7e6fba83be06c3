// The start-up lines `npm start` prints in IAM mode: which dev credentials sign for the runner (as
// shell exports, so the client, the recipes and the smoke command run against it unchanged), and
// how to try it. The credentials are fake and good only on this machine, hence printed.
import { type DevIamCredentials, signerRegionEnvName } from "./devCredentials.ts";
import { demoTokenPath } from "./demoBackend.ts";

/** Lines describing the runner's AWS_IAM auth, without trailing newlines. */
export function describeIamAuth(credentials: DevIamCredentials, source: string): string[] {
  return [
    `auth:      AWS_IAM, as the Function URL: POST /token and DELETE /sessions/{sid} must be SigV4-signed (service lambda,`,
    `           region ${credentials.region}) with these dev credentials (${source}; fake, good only here):`,
    `  export AWS_ACCESS_KEY_ID=${credentials.accessKeyId} AWS_SECRET_ACCESS_KEY=${credentials.secretAccessKey} ${signerRegionEnvName}=${credentials.region}; unset AWS_SESSION_TOKEN`,
    `demo:      POST ${demoTokenPath} is the demo page's backend, a local shortcut without signing: it calls /token signed, with the client`,
  ];
}

/** Commands to try against the runner at `url` once the exports above are in the shell. */
export function iamTryLines(url: string, credentials: DevIamCredentials): string[] {
  const base = `${url.replace(/\/+$/, "")}/`;
  return [
    `curl -sS --aws-sigv4 "aws:amz:${credentials.region}:lambda" --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" ${base}token \\`,
    `    -H 'content-type: application/json' -d '{"sub":"alice@example.com","stp":"email"}'`,
    `examples/backend/curl/get-token.sh ${base} alice@example.com email`,
    `npm run smoke -- --url ${base}`,
    `node: createSignerClient({ url: "${base}", region: "${credentials.region}" }).getToken({ sub: "alice@example.com", stp: "email" })`,
  ];
}
