// `livechat-aws/client`: what a site backend imports to call the token signer. No AWS SDK, no
// Pulumi, nothing done at import; the only dependency is aws4fetch (SigV4 over fetch).
export { createSignerClient, defaultTimeoutMs } from "./signerClient.ts";
export type { SignerClient, SignerClientOptions, SignerTokenRequest } from "./signerClient.ts";
export type { SignerToken } from "./answer.ts";
export type { AwsCredentials, AwsCredentialsProvider } from "./credentials.ts";
export { functionUrlRegion } from "./endpoint.ts";
export { SignerClientError, SignerError, signerClientErrorCodes } from "./errors.ts";
export type { SignerClientErrorCode, SignerFieldError, SignerProblem } from "./errors.ts";
