// The demo page's backend, a clearly local shortcut: `POST /demo/token` takes the customer the
// page's form names (a real site takes it from its own login session) and asks the signer for a
// token exactly as a site backend does — through `livechat-aws/client`, SigV4-signed with the
// runner's dev credentials — then hands the page the signer's answer. The signer's own routes stay
// IAM-only, as in production; this route is the only unsigned way in, and exists only here.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { SignerClient, SignerTokenRequest } from "../client/index.ts";
import { SignerClientError, SignerError } from "../client/index.ts";
import { readBounded } from "./readBounded.ts";
import type { DevRoute } from "./devRoute.ts";

export const demoTokenPath = "/demo/token";

const bodyLimitBytes = 4096;
const noStore = { "cache-control": "no-store", "x-content-type-options": "nosniff" } as const;

function send(res: ServerResponse, status: number, contentType: string, body: unknown): void {
  res.writeHead(status, { "content-type": contentType, ...noStore });
  res.end(JSON.stringify(body));
}

function demoProblem(res: ServerResponse, status: number, title: string, detail: string): void {
  send(res, status, "application/problem+json", {
    type: "urn:livechat-aws:problem:demo-backend",
    title,
    status,
    detail,
  });
}

async function handle(req: IncomingMessage, res: ServerResponse, client: SignerClient): Promise<void> {
  const mediaType = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
  if (mediaType !== "application/json") {
    req.resume();
    return demoProblem(
      res,
      415,
      "Unsupported media type",
      "Send the customer as JSON with Content-Type: application/json.",
    );
  }
  const { bytes, tooLarge } = await readBounded(req, bodyLimitBytes);
  if (tooLarge) {
    res.on("finish", () => req.destroy());
    return demoProblem(res, 413, "Request body too large", `The body is larger than ${bodyLimitBytes} bytes.`);
  }
  let request: unknown;
  try {
    request = JSON.parse(bytes.toString("utf8"));
  } catch {
    return demoProblem(
      res,
      400,
      "Request body is not valid JSON",
      'Send a JSON object such as {"sub":"alice@example.com","stp":"email"}.',
    );
  }
  try {
    return send(res, 200, "application/json", await client.getToken(request as SignerTokenRequest));
  } catch (error) {
    // The signer's own problem goes to the page unchanged: the page shows its detail and field errors.
    if (error instanceof SignerError) {
      const { type, title, status, detail, errors } = error;
      return send(res, status, "application/problem+json", {
        type,
        title,
        status,
        detail,
        ...(errors.length === 0 ? {} : { errors }),
      });
    }
    if (error instanceof SignerClientError)
      return demoProblem(res, 502, "The demo backend could not get a token", error.message);
    throw error;
  }
}

/** `POST /demo/token`, calling the signer through `client()`. */
export function demoBackendRoute(client: () => SignerClient): DevRoute {
  return { method: "POST", path: demoTokenPath, handle: (req, res) => handle(req, res, client()) };
}
