// A local AWS Secrets Manager on 127.0.0.1 speaking the real AWS JSON 1.1 protocol for
// GetSecretValue, with fault injection and call counting. Tests point the signer's real
// client at it through AWS_ENDPOINT_URL_SECRETS_MANAGER. Like AWS, one stand-in is one region:
// it knows only its own region's secrets, and a request signed for another region (which AWS
// would have sent to that region's endpoint) finds nothing there.
import { randomUUID } from "node:crypto";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { readBody } from "./readBody.ts";

export type AwsErrorType =
  | "ResourceNotFoundException"
  | "AccessDeniedException"
  | "ThrottlingException"
  | "DecryptionFailure"
  | "InternalServiceError"
  | "InvalidRequestException";

/** How the stand-in answers GetSecretValue right now. */
export type StandInBehaviour =
  | { readonly kind: "ok" }
  | { readonly kind: "aws-error"; readonly type: AwsErrorType }
  | { readonly kind: "http-500" }
  | { readonly kind: "slow"; readonly delayMs: number }
  /** Any answer at all, for fuzzing the client: status, headers and body exactly as given. */
  | {
      readonly kind: "raw";
      readonly status: number;
      readonly headers?: Readonly<Record<string, string>>;
      readonly body: string | Uint8Array;
    };

export interface RecordedCall {
  readonly target: string | undefined;
  readonly contentType: string | undefined;
  readonly authorization: string | undefined;
  readonly amzDate: string | undefined;
  readonly securityToken: string | undefined;
  readonly body: string;
}

export interface SecretsManagerStandIn {
  /** Endpoint URL, e.g. http://127.0.0.1:43123 */
  readonly url: string;
  /** The region whose Secrets Manager this stand-in plays (default eu-central-1). */
  readonly region: string;
  /** The secret's full ARN, in this region. */
  readonly arn: string;
  /** GetSecretValue requests received (well-formed or not). */
  readonly calls: number;
  readonly recorded: readonly RecordedCall[];
  /** Replaces the secret's value (rotation, or a malformed value); gives it a new VersionId. */
  setSecret(secretString: string): void;
  setBehaviour(behaviour: StandInBehaviour): void;
  close(): Promise<void>;
}

export interface StandInOptions {
  readonly secretName: string;
  readonly secretString: string;
  readonly region?: string;
  readonly accountId?: string;
}

const awsErrorStatus: Readonly<Record<AwsErrorType, number>> = {
  ResourceNotFoundException: 400,
  AccessDeniedException: 400,
  ThrottlingException: 400,
  DecryptionFailure: 400,
  InternalServiceError: 500,
  InvalidRequestException: 400,
};

const awsErrorMessage: Readonly<Record<AwsErrorType, string>> = {
  ResourceNotFoundException: "Secrets Manager can't find the specified secret.",
  AccessDeniedException:
    "User is not authorized to perform: secretsmanager:GetSecretValue because no identity-based policy allows it",
  ThrottlingException: "Rate exceeded",
  DecryptionFailure: "Secrets Manager can't decrypt the protected secret text using the provided KMS key.",
  InternalServiceError: "An error occurred on the server side.",
  InvalidRequestException: "You can't perform this operation on the secret because it was marked for deletion.",
};

const sigV4Authorization =
  /^AWS4-HMAC-SHA256 Credential=[A-Z0-9]+\/\d{8}\/([a-z0-9-]+)\/secretsmanager\/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$/;

/** The region of a SigV4 request's credential scope (`Credential=<key>/<date>/<region>/<service>/aws4_request`). */
export function credentialScopeRegion(authorization: string | undefined): string | undefined {
  return authorization === undefined ? undefined : sigV4Authorization.exec(authorization)?.[1];
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/x-amz-json-1.1",
    "x-amzn-requestid": randomUUID(),
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

function sendAwsError(res: ServerResponse, type: string, status: number, message: string): void {
  sendJson(res, status, { __type: type, message });
}

export async function startSecretsManagerStandIn(options: StandInOptions): Promise<SecretsManagerStandIn> {
  const region = options.region ?? "eu-central-1";
  const arn = `arn:aws:secretsmanager:${region}:${options.accountId ?? "123456789012"}:secret:${options.secretName}-AbCdEf`;
  let secretString = options.secretString;
  let versionId = randomUUID();
  let behaviour: StandInBehaviour = { kind: "ok" };
  let calls = 0;
  const recorded: RecordedCall[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const answer = (res: ServerResponse, secretId: unknown, scopeRegion: string | undefined) => {
    // Secrets Manager has no cross-region lookup: signed for another region, the request is that
    // region's, and this region's secret is not there.
    if (scopeRegion !== region || (secretId !== options.secretName && secretId !== arn)) {
      sendAwsError(res, "ResourceNotFoundException", 400, awsErrorMessage.ResourceNotFoundException);
      return;
    }
    sendJson(res, 200, {
      ARN: arn,
      Name: options.secretName,
      SecretString: secretString,
      VersionId: versionId,
      VersionStages: ["AWSCURRENT"],
      CreatedDate: 1.7e9,
    });
  };

  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const target = req.headers["x-amz-target"] as string | undefined;
    if (req.method !== "POST" || req.url !== "/") {
      sendAwsError(res, "UnknownOperationException", 404, "Only POST / is served.");
      return;
    }
    const call: RecordedCall = {
      target,
      contentType: req.headers["content-type"],
      authorization: req.headers.authorization,
      amzDate: req.headers["x-amz-date"] as string | undefined,
      securityToken: req.headers["x-amz-security-token"] as string | undefined,
      body,
    };
    recorded.push(call);
    if (target !== "secretsmanager.GetSecretValue") {
      sendAwsError(res, "UnknownOperationException", 400, `Unknown operation ${String(target)}`);
      return;
    }
    calls += 1;
    if (call.contentType !== "application/x-amz-json-1.1") {
      sendAwsError(res, "SerializationException", 400, "Expected Content-Type application/x-amz-json-1.1");
      return;
    }
    if (
      call.authorization === undefined ||
      !sigV4Authorization.test(call.authorization) ||
      call.amzDate === undefined
    ) {
      sendAwsError(res, "MissingAuthenticationTokenException", 403, "Missing or malformed SigV4 Authorization header.");
      return;
    }
    let secretId: unknown;
    try {
      secretId = (JSON.parse(body) as { SecretId?: unknown }).SecretId;
    } catch {
      sendAwsError(res, "SerializationException", 400, "Body is not JSON.");
      return;
    }
    const scopeRegion = credentialScopeRegion(call.authorization);
    const now = behaviour;
    switch (now.kind) {
      case "ok":
        answer(res, secretId, scopeRegion);
        return;
      case "aws-error":
        sendAwsError(res, now.type, awsErrorStatus[now.type], awsErrorMessage[now.type]);
        return;
      case "http-500":
        res.writeHead(500, { "content-type": "text/html" });
        res.end("<html><body>Internal Server Error</body></html>");
        return;
      case "raw":
        res.writeHead(now.status, { ...now.headers });
        res.end(now.body);
        return;
      case "slow": {
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!res.destroyed) answer(res, secretId, scopeRegion);
        }, now.delayMs);
        timers.add(timer);
        return;
      }
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    region,
    arn,
    get calls() {
      return calls;
    },
    recorded,
    setSecret(next) {
      secretString = next;
      versionId = randomUUID();
    },
    setBehaviour(next) {
      behaviour = next;
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

export interface SecretsManagerRegions {
  /** One endpoint for every region, as AWS_ENDPOINT_URL_SECRETS_MANAGER gives the signer. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Several regional stand-ins behind one endpoint: each request goes, headers and body untouched, to the
 * stand-in of the region its SigV4 credential scope names, as AWS's regional endpoints would receive it.
 * A region without a stand-in holds no secrets (ResourceNotFoundException). Closes the stand-ins too.
 */
export async function startSecretsManagerRegions(
  standIns: readonly SecretsManagerStandIn[],
): Promise<SecretsManagerRegions> {
  const byRegion = new Map(standIns.map((standIn) => [standIn.region, standIn]));
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const target = byRegion.get(credentialScopeRegion(req.headers.authorization) ?? "");
    if (target === undefined) {
      sendAwsError(res, "ResourceNotFoundException", 400, awsErrorMessage.ResourceNotFoundException);
      return;
    }
    const hopByHop = new Set(["host", "connection", "keep-alive", "content-length", "transfer-encoding"]);
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(
        (entry): entry is [string, string] => typeof entry[1] === "string" && !hopByHop.has(entry[0]),
      ),
    );
    const upstream = await fetch(`${target.url}${req.url ?? "/"}`, { method: req.method ?? "POST", headers, body });
    res.writeHead(upstream.status, {
      "content-type": upstream.headers.get("content-type") ?? "application/x-amz-json-1.1",
    });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
      await Promise.all(standIns.map((standIn) => standIn.close()));
    },
  };
}
