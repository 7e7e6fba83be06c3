// A local stand-in for Infobip's Live Chat session API on 127.0.0.1. It records every request
// exactly as received and answers from a script of responses (default 204 when the script is empty).
import { createServer } from "node:http";
import type { ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  readonly method: string;
  /** The raw request target, still percent-encoded, e.g. `/livechat/1/widgets/w%2F1/sessions/s`. */
  readonly path: string;
  readonly authorization: string | undefined;
  readonly accept: string | undefined;
}

/** `hang` never answers (the client must time out); the connection is dropped on close. */
export type ScriptedResponse = { readonly status: number; readonly body?: unknown } | "hang" | "reset";

export const infobipErrorBodies = {
  unauthorized: { requestError: { serviceException: { messageId: "UNAUTHORIZED", text: "Invalid login details" } } },
  forbidden: {
    requestError: { serviceException: { messageId: "FORBIDDEN", text: "Insufficient permissions: live-chat:manage" } },
  },
  notFound: { requestError: { serviceException: { messageId: "NOT_FOUND", text: "Session not found" } } },
  serverError: { requestError: { serviceException: { messageId: "GENERAL_ERROR", text: "Something went wrong" } } },
} as const;

export interface InfobipApiStandIn {
  readonly baseUrl: string;
  readonly requests: () => readonly RecordedRequest[];
  /** Appends responses for the next calls, in order. */
  script(...responses: ScriptedResponse[]): void;
  /** Drops responses left over from an earlier test. */
  clearScript(): void;
  close(): Promise<void>;
}

export async function startInfobipApiStandIn(): Promise<InfobipApiStandIn> {
  const requests: RecordedRequest[] = [];
  const queue: ScriptedResponse[] = [];
  const hanging = new Set<ServerResponse>();

  const server = createServer((req, res) => {
    requests.push({
      method: req.method ?? "",
      path: req.url ?? "",
      authorization: req.headers.authorization,
      accept: req.headers.accept,
    });
    req.resume();
    const next = queue.shift() ?? { status: 204 };
    if (next === "hang") {
      hanging.add(res);
      return;
    }
    if (next === "reset") {
      req.socket.destroy();
      return;
    }
    if (next.body === undefined) {
      res.writeHead(next.status);
      res.end();
      return;
    }
    res.writeHead(next.status, { "content-type": "application/json" });
    res.end(typeof next.body === "string" ? next.body : JSON.stringify(next.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl,
    requests: () => [...requests],
    script: (...responses) => {
      queue.push(...responses);
    },
    clearScript: () => {
      queue.length = 0;
    },
    async close() {
      for (const res of hanging) res.destroy();
      hanging.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
