// What a route of the local runner is: the runner (server.ts) serves them before the signer sees a
// request, and the features that plug in (the demo page, its backend, the CSP report sink) build them.
// Its own module so that those features and the server import it without importing each other.
import type { IncomingMessage, ServerResponse } from "node:http";

/** A route served by the dev server before the signer sees the request. */
export interface DevRoute {
  /** HTTP method, upper case, e.g. `GET`. */
  readonly method: string;
  /** Exact path, e.g. `/` or `/csp-report`. */
  readonly path: string;
  /**
   * Take this write from any Origin (the Host rule still holds). Only for a route that uses no key
   * and changes nothing: the CSP report sink, to which WebKit posts with `Origin: null`.
   */
  readonly anyOrigin?: true;
  handle(req: IncomingMessage, res: ServerResponse): void | Promise<void>;
}
