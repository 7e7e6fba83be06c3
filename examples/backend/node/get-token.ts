// Asks the livechat-aws token signer for a Live Chat token from a Node.js backend, with the
// package's client: SigV4 for the Function URL, credentials from the environment (or pass
// `credentials: fromNodeProviderChain()` from @aws-sdk/credential-providers for profiles and roles).
//   node get-token.ts <function-url> <sub> <stp>     prints the signer's JSON answer
// The region comes from the Function URL's host; for a URL without one (npm start on 127.0.0.1),
// set LIVECHAT_SIGNER_REGION to the region the runner printed.
import { fileURLToPath } from "node:url";
import { createSignerClient, SignerClientError, type SignerToken, type SignerTokenRequest } from "livechat-aws/client";

export function getToken(functionUrl: string, sub: string, stp: SignerTokenRequest["stp"]): Promise<SignerToken> {
  const signer = createSignerClient({
    url: functionUrl,
    region: process.env["LIVECHAT_SIGNER_REGION"] || undefined,
  });
  return signer.getToken({ sub, stp });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [functionUrl, sub, stp] = process.argv.slice(2);
  if (functionUrl === undefined || sub === undefined || stp === undefined) {
    console.error("usage: node get-token.ts <function-url> <sub> <email|msisdn|externalPersonId>");
    process.exit(2);
  }
  try {
    console.log(JSON.stringify(await getToken(functionUrl, sub, stp as SignerTokenRequest["stp"])));
  } catch (error) {
    if (!(error instanceof SignerClientError)) throw error;
    console.error(`${error.code}: ${error.message}`);
    process.exit(1);
  }
}
