// Any HTTP request, SigV4-signed for service `lambda` as a site backend signs it (aws4fetch), for
// tests that need requests the client never sends: other methods, media types, raw bodies.
import { AwsV4Signer } from "aws4fetch";

export interface SigningCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly region: string;
}

export async function signedFetch(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | Uint8Array<ArrayBuffer> },
  credentials: SigningCredentials,
): Promise<Response> {
  const { region, ...keys } = credentials;
  const signed = await new AwsV4Signer({
    url,
    method: init.method ?? "GET",
    headers: init.headers ?? {},
    ...(init.body === undefined ? {} : { body: init.body }),
    ...keys,
    service: "lambda",
    region,
  }).sign();
  return fetch(signed.url, { method: signed.method, headers: signed.headers, body: init.body ?? null });
}
