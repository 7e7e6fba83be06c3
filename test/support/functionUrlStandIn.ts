// A local stand-in for the signer's Lambda Function URL with AWS_IAM auth, on 127.0.0.1: every
// request's SigV4 signature is recomputed by @smithy/signature-v4 (independent of the client's
// aws4fetch, of botocore and of curl) for the stand-in's region and known principals, refused with
// AWS's 403 when it does not verify, and otherwise handed, as a Function URL event carrying
// `requestContext.authorizer.iam`, to the real signer with a static key. Scripted answers replace
// the signer's for fault tests (after the signature check, as from a failing function or a proxy).
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  checkFunctionUrlAuth,
  functionUrlForbidden,
  iamAuthorizerFor,
  type IamPrincipal,
} from "../../dev/functionUrlAuth.ts";
import { readBounded } from "../../dev/readBounded.ts";
import { toFunctionUrlEvent } from "../../dev/server.ts";
import type { FunctionUrlResponse } from "../../lambda/http/functionUrlEvent.ts";
import { createSigner } from "../../lambda/http/signer.ts";
import { createStaticKeySource } from "../../lambda/secret/keySources.ts";
import type { InfobipApiSecret } from "../../lambda/sessions/apiSecret.ts";
import { type InfobipApiStandIn, startInfobipApiStandIn } from "./infobipApiStandIn.ts";
import { knownSecretText, tokenSettings } from "./signerFixtures.ts";

export { verifiedClaims } from "./signerFixtures.ts";

/** A long-term IAM user's access key (AKIA…), in the stand-in's account. */
export const backendUser: IamPrincipal = {
  accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  accountId: "111122223333",
  arn: "arn:aws:iam::111122223333:user/site-backend",
  userId: "AIDACKCEVSQ6C2EXAMPLE",
};

/** A role session's temporary credentials (ASIA… with a session token), as a Lambda or ECS task has. */
export const backendRoleSession: IamPrincipal = {
  accessKeyId: "ASIAQNZGKIQY56JQ7WML",
  secretAccessKey: "T2KhW8ALtr0ZPOe1zYB5q0YqUGUp6aUs7q5m6Wxq",
  sessionToken: "IQoJb3JpZ2luX2VjEXAMPLE//////////wEaCWV1LWNlbnRyYWwtMSJHMEUCIQDexampleSessionToken+/=",
  accountId: "111122223333",
  arn: "arn:aws:sts::111122223333:assumed-role/site-backend/i-0abc",
  userId: "AROAQNZGKIQY4EXAMPLE:i-0abc",
};

/** `{ accessKeyId, secretAccessKey, sessionToken? }` of a principal, as a client takes them. */
export function credentialsOf(principal: IamPrincipal): {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
} {
  const { accessKeyId, secretAccessKey, sessionToken } = principal;
  return sessionToken === undefined ? { accessKeyId, secretAccessKey } : { accessKeyId, secretAccessKey, sessionToken };
}

/** An answer given instead of the signer's: `hang` never answers, `reset` drops the connection. */
export type StandInAnswer =
  | {
      readonly status: number;
      readonly headers?: Readonly<Record<string, string>>;
      readonly body?: string | Uint8Array;
    }
  | "hang"
  | "reset";

export interface StandInRequest {
  readonly method: string;
  readonly path: string;
  readonly contentType: string | undefined;
  /** Whether the signature verified; `reason` says why not. */
  readonly admitted: boolean;
  readonly reason?: string;
  readonly status: number | undefined;
}

export interface FunctionUrlStandInOptions {
  /** The region a real Function URL's host would carry. Default eu-central-1. */
  readonly region?: string;
  /** Default: `backendUser` and `backendRoleSession`. */
  readonly principals?: readonly IamPrincipal[];
  /** The portal-format key; default the known-answer key (`knownSecretText`). */
  readonly secret?: string;
  /** Turns on DELETE /sessions/{sid}. */
  readonly infobipApi?: InfobipApiSecret;
}

export interface FunctionUrlStandIn {
  /** e.g. `http://127.0.0.1:41234/`, like a Function URL (ending in `/`). */
  readonly url: string;
  readonly region: string;
  readonly widgetId: string;
  /** Every request, in order. */
  readonly requests: StandInRequest[];
  /** Answers for the next admitted requests, in order, instead of the signer's. */
  script(...answers: StandInAnswer[]): void;
  /** Forgets requests and leftover scripted answers. */
  reset(): void;
  close(): Promise<void>;
}

export async function startFunctionUrlStandIn(options: FunctionUrlStandInOptions = {}): Promise<FunctionUrlStandIn> {
  const region = options.region ?? "eu-central-1";
  const principals = options.principals ?? [backendUser, backendRoleSession];
  const infobipApi = options.infobipApi;
  const signer = createSigner({
    config: tokenSettings,
    loadKey: createStaticKeySource(options.secret ?? knownSecretText),
    log: () => {},
    ...(infobipApi === undefined
      ? {}
      : {
          sessions: { loadApiSecret: () => Promise.resolve(infobipApi), invalidation: { retries: 0, timeoutMs: 2000 } },
        }),
  });
  const requests: StandInRequest[] = [];
  const queue: StandInAnswer[] = [];
  const hanging = new Set<ServerResponse>();

  const server = createServer(async (req, res) => {
    const { bytes } = await readBounded(req, 64 * 1024);
    const path = req.url ?? "/";
    const base = { method: req.method ?? "", path, contentType: req.headers["content-type"] };
    const check = await checkFunctionUrlAuth(
      { method: req.method ?? "GET", target: path, headers: req.headers, body: bytes },
      { region, principals },
    );
    if (!check.ok) {
      requests.push({ ...base, admitted: false, reason: check.reason, status: 403 });
      res.writeHead(functionUrlForbidden.status, functionUrlForbidden.headers);
      res.end(functionUrlForbidden.body);
      return;
    }
    const scripted = queue.shift();
    if (scripted === "hang") {
      requests.push({ ...base, admitted: true, status: undefined });
      hanging.add(res);
      return;
    }
    if (scripted === "reset") {
      requests.push({ ...base, admitted: true, status: undefined });
      req.socket.destroy();
      return;
    }
    if (scripted !== undefined) {
      requests.push({ ...base, admitted: true, status: scripted.status });
      res.writeHead(scripted.status, scripted.headers ?? {});
      res.end(scripted.body ?? "");
      return;
    }
    const event = toFunctionUrlEvent(req, bytes, "127.0.0.1", iamAuthorizerFor(check.principal));
    const response = (await signer.handle(event)) as FunctionUrlResponse;
    requests.push({ ...base, admitted: true, status: response.statusCode });
    res.writeHead(response.statusCode, response.headers);
    res.end(response.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    region,
    widgetId: tokenSettings.widgetId,
    requests,
    script: (...answers) => void queue.push(...answers),
    reset() {
      requests.length = 0;
      queue.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A stand-in whose signer ends sessions through a local Infobip API stand-in (also returned). */
export async function startFunctionUrlStandInWithSessions(): Promise<{
  standIn: FunctionUrlStandIn;
  infobip: InfobipApiStandIn;
  close(): Promise<void>;
}> {
  const infobip = await startInfobipApiStandIn();
  const standIn = await startFunctionUrlStandIn({
    infobipApi: { apiKey: "test-api-key-1234567890", baseUrl: infobip.baseUrl },
  });
  return { standIn, infobip, close: () => standIn.close().then(() => infobip.close()) };
}
