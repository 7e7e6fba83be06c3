// Where the client sends its requests and which region it signs for. SigV4's credential scope
// names a region, and a Function URL checks it against its own: `<id>.lambda-url.<region>.on.aws`
// says which. Any other host (the local runner on 127.0.0.1, a stand-in) carries no region, so
// the caller must name it; a region that contradicts the URL's is refused here rather than
// answered 403 by AWS later.
import { isSecureOrLoopback } from "../lambda/loopback.ts";
import { SignerClientError } from "./errors.ts";

export interface SignerEndpoint {
  /** The Function URL, ending in `/`: `token` and `sessions/{sid}` resolve against it. */
  readonly baseUrl: URL;
  /** The region in the SigV4 credential scope. */
  readonly region: string;
}

const functionUrlHost = /^[a-z0-9]{1,63}\.lambda-url\.([a-z0-9-]{1,63})\.on\.aws$/;
const regionShape = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** The region of a Function URL host (`<id>.lambda-url.<region>.on.aws`), or undefined for any other host. */
export function functionUrlRegion(hostname: string): string | undefined {
  return functionUrlHost.exec(hostname.toLowerCase())?.[1];
}

function invalid(message: string): SignerClientError {
  return new SignerClientError("invalid-argument", message);
}

/** Checks the URL and picks the signing region; throws a `SignerClientError` ("invalid-argument") naming the fix. */
export function resolveEndpoint(url: string | URL, region?: string): SignerEndpoint {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid(
      "url is not an absolute URL: pass the signer's Function URL, e.g. https://abc123.lambda-url.eu-central-1.on.aws/.",
    );
  }
  if (!isSecureOrLoopback(parsed)) {
    throw invalid(
      `url must use https (plain http only on 127.0.0.1, localhost or [::1]); got ${parsed.protocol}//${parsed.host}.`,
    );
  }
  if (parsed.username !== "" || parsed.password !== "") throw invalid("url must not carry a user name or password.");
  if (parsed.search !== "" || parsed.hash !== "")
    throw invalid("url must not carry a query or fragment: pass the Function URL itself.");
  if (!parsed.pathname.endsWith("/")) parsed.pathname = `${parsed.pathname}/`;

  const fromHost = functionUrlRegion(parsed.hostname);
  if (region !== undefined) {
    if (typeof region !== "string" || !regionShape.test(region)) {
      throw invalid(
        `region must be an AWS region name such as eu-central-1; got ${JSON.stringify(String(region)).slice(0, 40)}.`,
      );
    }
    if (fromHost !== undefined && fromHost !== region) {
      throw invalid(
        `region "${region}" contradicts the Function URL's region "${fromHost}": leave region unset for a Function URL.`,
      );
    }
    return { baseUrl: parsed, region };
  }
  if (fromHost === undefined) {
    throw invalid(
      `Cannot tell the signing region from ${parsed.host}: it is not a Function URL host (<id>.lambda-url.<region>.on.aws). ` +
        "Pass region (for npm start, the region it prints).",
    );
  }
  return { baseUrl: parsed, region: fromHost };
}
