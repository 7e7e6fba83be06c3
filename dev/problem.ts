// The runner's own refusals (a foreign Host or Origin, a bad CSP report), as RFC 9457 problem
// documents like the signer's, so a client reads every failure the same way.
import type { ServerResponse } from "node:http";

export interface DevProblem {
  /** A `urn:livechat-aws:problem:…` URN, or `about:blank` when the status says it all. */
  readonly type: string;
  readonly title: string;
  readonly detail: string;
}

export function sendProblem(
  res: ServerResponse,
  status: number,
  problem: DevProblem,
  headers: Readonly<Record<string, string>> = {},
): void {
  res.writeHead(status, { "content-type": "application/problem+json", "cache-control": "no-store", ...headers });
  res.end(JSON.stringify({ type: problem.type, title: problem.title, status, detail: problem.detail }));
}
