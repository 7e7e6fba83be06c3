// The real AWS Lambda Node.js runtime (`aws-lambda-ric`, the runtime interface client the managed
// runtime runs) hosting a handler in a child process, fed by a stand-in of the Lambda Runtime API
// on 127.0.0.1. What the runtime writes is captured where Lambda reads it: console calls arrive,
// formatted by the runtime's own code, as frames on the telemetry file descriptor
// (`_LAMBDA_TELEMETRY_LOG_FD`, as in Lambda), and raw `process.stdout.write` output on stdout.
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Readable } from "node:stream";
import { readBody } from "./readBody.ts";

/** The runtime's telemetry frame types (16-byte header: type, length, timestamp in µs; big-endian). */
const frameTypeJson = 0xa55a0002;
const frameTypeText = 0xa55a0003;

/** One log record the runtime wrote to the telemetry descriptor. */
export interface TelemetryFrame {
  readonly format: "json" | "text";
  /** The level bits of the frame type (Lambda's TLV mask): 12 INFO, 16 WARN, 20 ERROR. */
  readonly levelMask: number;
  readonly timestampMicros: bigint;
  readonly text: string;
}

/** Parses the telemetry stream (`aws-lambda-ric`'s TelemetryLogger.writeFrame layout). Throws on a torn or unknown frame. */
export function parseTelemetryFrames(bytes: Buffer): TelemetryFrame[] {
  const frames: TelemetryFrame[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    if (offset + 16 > bytes.length) throw new Error(`telemetry stream ends inside a frame header at byte ${offset}`);
    const type = bytes.readUInt32BE(offset);
    const length = bytes.readInt32BE(offset + 4);
    const timestampMicros = bytes.readBigInt64BE(offset + 8);
    const base = (type & ~0x1c) >>> 0;
    if (base !== frameTypeJson && base !== frameTypeText)
      throw new Error(`unknown telemetry frame type 0x${type.toString(16)}`);
    if (offset + 16 + length > bytes.length) throw new Error(`telemetry frame at byte ${offset} is cut short`);
    frames.push({
      format: base === frameTypeJson ? "json" : "text",
      levelMask: type & 0x1c,
      timestampMicros,
      text: bytes.subarray(offset + 16, offset + 16 + length).toString("utf8"),
    });
    offset += 16 + length;
  }
  return frames;
}

/** What the Runtime API received for one invocation. */
export type InvocationResult =
  { readonly kind: "response"; readonly body: unknown } | { readonly kind: "error"; readonly body: unknown };

export interface LambdaRuntime {
  /** Sends `event` as invocation `requestId` and resolves with what the handler returned (or its error). */
  invoke(event: unknown, requestId: string): Promise<InvocationResult>;
  /** Console output as the runtime framed it on the telemetry descriptor. */
  telemetry(): TelemetryFrame[];
  /** Raw stdout of the runtime process. */
  stdout(): string;
  stderr(): string;
  /** Stops the runtime process and the Runtime API stand-in. */
  close(): Promise<void>;
}

export interface LambdaRuntimeOptions {
  /** Directory holding the handler module (`LAMBDA_TASK_ROOT`). */
  readonly taskRoot: string;
  /** `_HANDLER`, e.g. `index.handler`. */
  readonly handler: string;
  /** The function's environment (besides what the Lambda service sets, which this adds). */
  readonly env: Readonly<Record<string, string>>;
  readonly functionName?: string;
  /** `AWS_LAMBDA_LOG_FORMAT`, set by Lambda from the function's `loggingConfig.logFormat`. Default JSON. */
  readonly logFormat?: "JSON" | "Text";
  /** Longest wait for one invocation's result. Default 20 s. */
  readonly invokeTimeoutMs?: number;
}

const runtimeApiPrefix = "/2018-06-01/runtime";

function collect(stream: Readable | null | undefined, into: Buffer[]): void {
  stream?.on("data", (chunk: Buffer) => into.push(chunk));
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Starts the Runtime API stand-in and `aws-lambda-ric` (the package's own entry) hosting `options.handler`. */
export async function startLambdaRuntime(options: LambdaRuntimeOptions): Promise<LambdaRuntime> {
  const functionName = options.functionName ?? "livechat-test-signer";
  const invokeTimeoutMs = options.invokeTimeoutMs ?? 20_000;
  const queue: { requestId: string; event: unknown }[] = [];
  const waiting: ServerResponse[] = [];
  const pending = new Map<string, { resolve: (r: InvocationResult) => void; reject: (e: Error) => void }>();
  let initError: string | undefined;

  function deliver(res: ServerResponse, next: { requestId: string; event: unknown }): void {
    res.writeHead(200, {
      "content-type": "application/json",
      "lambda-runtime-aws-request-id": next.requestId,
      "lambda-runtime-deadline-ms": String(Date.now() + 10_000),
      "lambda-runtime-invoked-function-arn": `arn:aws:lambda:eu-central-1:111122223333:function:${functionName}`,
      "lambda-runtime-trace-id": "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0",
    });
    res.end(JSON.stringify(next.event));
  }

  const server: Server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const url = req.url ?? "";
      if (req.method === "GET" && url === `${runtimeApiPrefix}/invocation/next`) {
        const next = queue.shift();
        if (next === undefined) waiting.push(res);
        else deliver(res, next);
        return;
      }
      const done = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/.exec(url);
      if (req.method === "POST" && done) {
        const requestId = decodeURIComponent(done[1] ?? "");
        pending.get(requestId)?.resolve({ kind: done[2] === "response" ? "response" : "error", body: parsed(body) });
        pending.delete(requestId);
        res.writeHead(202, { "content-type": "application/json" }).end('{"status":"OK"}');
        return;
      }
      if (req.method === "POST" && url === `${runtimeApiPrefix}/init/error`) {
        initError = body;
        for (const [, p] of pending) p.reject(new Error(`the runtime reported an init error: ${body}`));
        pending.clear();
        res.writeHead(202).end();
        return;
      }
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;

  const ricEntry = createRequire(import.meta.url).resolve("aws-lambda-ric/index.mjs");
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  const telemetry: Buffer[] = [];
  const child: ChildProcess = spawn(process.execPath, [ricEntry], {
    env: {
      ...options.env,
      // What the Lambda service sets for the runtime.
      AWS_LAMBDA_RUNTIME_API: `127.0.0.1:${port}`,
      _HANDLER: options.handler,
      LAMBDA_TASK_ROOT: options.taskRoot,
      AWS_LAMBDA_LOG_FORMAT: options.logFormat ?? "JSON",
      _LAMBDA_TELEMETRY_LOG_FD: "3",
      AWS_LAMBDA_FUNCTION_NAME: functionName,
      AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "256",
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${functionName}`,
      AWS_LAMBDA_LOG_STREAM_NAME: "2026/01/01/[$LATEST]0123456789abcdef0123456789abcdef",
    },
    stdio: ["ignore", "pipe", "pipe", "pipe"],
  });
  collect(child.stdout, stdout);
  collect(child.stderr, stderr);
  collect(child.stdio[3] as Readable | null, telemetry);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.once("exit", (code, signal) => {
    for (const [, p] of pending)
      p.reject(new Error(`the runtime exited (${code ?? signal}); stderr: ${Buffer.concat(stderr).toString("utf8")}`));
    pending.clear();
  });

  return {
    invoke(event, requestId) {
      if (initError !== undefined) return Promise.reject(new Error(`the runtime reported an init error: ${initError}`));
      return new Promise<InvocationResult>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(requestId);
          reject(
            new Error(
              `no result for ${requestId} within ${invokeTimeoutMs} ms; stderr: ${Buffer.concat(stderr).toString("utf8")}`,
            ),
          );
        }, invokeTimeoutMs);
        pending.set(requestId, {
          resolve: (r) => {
            clearTimeout(timer);
            resolve(r);
          },
          reject: (e) => {
            clearTimeout(timer);
            reject(e);
          },
        });
        const next = { requestId, event };
        const poll = waiting.shift();
        if (poll === undefined) queue.push(next);
        else deliver(poll, next);
      });
    },
    telemetry: () => parseTelemetryFrames(Buffer.concat(telemetry)),
    stdout: () => Buffer.concat(stdout).toString("utf8"),
    stderr: () => Buffer.concat(stderr).toString("utf8"),
    async close() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
      for (const res of waiting.splice(0)) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
