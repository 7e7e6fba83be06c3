// One SigV4-signed HTTP exchange with a Function URL: service `lambda`, the endpoint's region, the
// session token of temporary credentials in `x-amz-security-token` (inside the signature), the
// body's SHA-256 in the canonical request. aws4fetch's signer only: its `AwsClient.fetch` would
// retry up to ten times on its own, and the client's deadline and single retry decide that here.
import { AwsV4Signer } from "aws4fetch";
import type { AwsCredentials } from "./credentials.ts";

export interface SignedRequest {
  readonly method: "POST" | "DELETE";
  readonly url: URL;
  /** A JSON text, sent with `Content-Type: application/json`. */
  readonly json?: string;
  readonly region: string;
  readonly credentials: AwsCredentials;
  readonly signal: AbortSignal;
}

/** Signs and sends; redirects are returned, never followed (they would carry the signed request elsewhere). */
export async function signedFetch(request: SignedRequest): Promise<Response> {
  const { accessKeyId, secretAccessKey, sessionToken } = request.credentials;
  const signer = new AwsV4Signer({
    method: request.method,
    url: request.url.href,
    headers: request.json === undefined ? {} : { "content-type": "application/json" },
    ...(request.json === undefined ? {} : { body: request.json }),
    accessKeyId,
    secretAccessKey,
    ...(sessionToken === undefined ? {} : { sessionToken }),
    service: "lambda",
    region: request.region,
  });
  const signed = await signer.sign();
  return fetch(signed.url, {
    method: signed.method,
    headers: signed.headers,
    body: request.json ?? null,
    signal: request.signal,
    redirect: "manual",
  });
}
