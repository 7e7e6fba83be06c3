// What the signer fetches because an issuer said so. A malicious or compromised issuer controls
// its discovery document (and so `jwks_uri`) and both answers' bodies: it must not steer the
// signer at this machine's or the VPC's private services (the Lambda Runtime API on localhost,
// the instance metadata service on 169.254.169.254), nor exhaust its memory with an endless body.
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { discoveredJwksUriProblem } from "../../lambda/identity/discovery.ts";
import { createIdentityVerifier } from "../../lambda/identity/identityVerifier.ts";
import { maxIdentityResponseBytes } from "../../lambda/identity/boundedBody.ts";
import { expectIdentityError } from "./expectIdentityError.ts";

interface FakeIssuer {
  readonly issuer: string;
  readonly url: string;
  readonly requests: () => readonly string[];
  /** Bytes of the endless body written so far (each write waits for the socket to drain). */
  readonly bytesSent: () => number;
  close(): Promise<void>;
}

const chunk = Buffer.alloc(64 * 1024, 0x20);
/** A guard for the test itself: an "endless" body stops here even if nothing reads it. */
const safetyStopBytes = 48 * 1024 * 1024;

/** Streams spaces (valid JSON whitespace) until the client goes away, waiting for drain between chunks. */
function streamForever(res: ServerResponse, sent: { bytes: number }): void {
  res.writeHead(200, { "content-type": "application/json" });
  const pump = (): void => {
    while (!res.destroyed && sent.bytes < safetyStopBytes) {
      sent.bytes += chunk.length;
      if (!res.write(chunk)) {
        res.once("drain", pump);
        return;
      }
    }
    if (!res.destroyed) res.end();
  };
  pump();
}

/** A tiny issuer on 127.0.0.1 whose discovery document and JWKS answers the test chooses. */
async function startFakeIssuer(
  answer: (path: string, res: ServerResponse, issuer: string, sent: { bytes: number }) => void,
): Promise<FakeIssuer> {
  const requests: string[] = [];
  const sent = { bytes: 0 };
  let issuer = "";
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? "");
    res.on("error", () => {});
    answer(req.url ?? "", res, issuer, sent);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    url: issuer,
    requests: () => requests,
    bytesSent: () => sent.bytes,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const discoveryDocument = (res: ServerResponse, issuer: string, jwksUri: string): void => {
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify({ issuer, jwks_uri: jwksUri }));
};

// A well-formed token for the fake issuer; it never verifies, the fetches are what is tested.
const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString("base64url");
const someToken = `${b64url({ alg: "RS256", kid: "k1" })}.${b64url({ sub: "x" })}.c2ln`;

const open: FakeIssuer[] = [];
afterEach(async () => {
  for (const server of open.splice(0)) await server.close();
});

async function fake(answer: Parameters<typeof startFakeIssuer>[0]): Promise<FakeIssuer> {
  const server = await startFakeIssuer(answer);
  open.push(server);
  return server;
}

describe("jwks_uri from a discovery document", () => {
  it("is not followed to the Lambda Runtime API's shape on another localhost port", async () => {
    const runtimeApi = await fake(
      (_path, res) => void res.writeHead(200, { "content-type": "application/json" }).end('{"keys":[]}'),
    );
    const runtimeUrl = `http://localhost:${new URL(runtimeApi.url).port}/2018-06-01/runtime/invocation/next`;
    const issuer = await fake((_path, res, self) => discoveryDocument(res, self, runtimeUrl));
    const verifier = createIdentityVerifier({ issuer: issuer.issuer, audiences: ["client"] });
    const error = await expectIdentityError(verifier.verify(someToken), 503, "jwks_unavailable");
    expect(error.detail).toContain("jwks_uri that is not https");
    expect(runtimeApi.requests()).toEqual([]);
  });

  it("is not followed to the instance metadata address (link-local), without even trying", async () => {
    const issuer = await fake((_path, res, self) =>
      discoveryDocument(res, self, "https://169.254.169.254/latest/meta-data/iam/security-credentials/"),
    );
    const verifier = createIdentityVerifier({ issuer: issuer.issuer, audiences: ["client"], timeoutMs: 60_000 });
    const started = Date.now();
    const error = await expectIdentityError(verifier.verify(someToken), 503, "jwks_unavailable");
    expect(error.detail).toContain("169.254.169.254 is a link-local address");
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("is followed on the issuer's own origin, even on loopback (the local runner's and the tests' stand-ins)", async () => {
    const issuer = await fake((path, res, self) =>
      path.startsWith("/.well-known/")
        ? discoveryDocument(res, self, `${self}/keys`)
        : void res.writeHead(200).end('{"keys":[]}'),
    );
    const verifier = createIdentityVerifier({ issuer: issuer.issuer, audiences: ["client"] });
    await expectIdentityError(verifier.verify(someToken), 401, "kid_unknown");
    expect(issuer.requests()).toEqual(["/.well-known/openid-configuration", "/keys"]);
  });
});

describe("discoveredJwksUriProblem: public https only, unless on the issuer's own origin", () => {
  const publicIssuer = new URL("https://login.example.com/.well-known/openid-configuration");
  const loopbackIssuer = new URL("http://127.0.0.1:4000/.well-known/openid-configuration");

  it.each([
    ["https://login.example.com/keys", publicIssuer],
    ["https://keys.example.net/tenant/jwks.json", publicIssuer],
    ["https://8.8.8.8/jwks", publicIssuer],
    ["https://[2001:db8::1]/jwks", publicIssuer],
    ["http://127.0.0.1:4000/jwks.json", loopbackIssuer],
  ])("accepts %s", (jwksUri, discoveryUri) => {
    expect(discoveredJwksUriProblem(new URL(jwksUri), discoveryUri)).toBeUndefined();
  });

  it.each([
    ["http://keys.example.net/jwks", "is not https"],
    ["https://user:pw@login.example.com/keys", "carries credentials"],
    ["https://localhost/jwks", "localhost is a loopback address"],
    ["https://api.localhost/jwks", "api.localhost is a loopback address"],
    ["https://127.0.0.1/jwks", "127.0.0.1 is a loopback address"],
    ["https://127.1/jwks", "127.0.0.1 is a loopback address"],
    ["https://2130706433/jwks", "127.0.0.1 is a loopback address"],
    ["https://0x7f.1/jwks", "127.0.0.1 is a loopback address"],
    ["https://[::1]/jwks", "[::1] is a loopback address"],
    ["https://[::ffff:127.0.0.1]/jwks", "is a loopback address"],
    ["https://0.0.0.0/jwks", "0.0.0.0 is an unspecified address"],
    ["https://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"],
    ["https://[fe80::1]/jwks", "[fe80::1] is a link-local address"],
    ["https://[fd00:ec2::254]/jwks", "[fd00:ec2::254] is a private address"],
    ["https://10.0.0.5/jwks", "10.0.0.5 is a private address"],
    ["https://172.16.0.1/jwks", "172.16.0.1 is a private address"],
    ["https://172.31.255.255/jwks", "172.31.255.255 is a private address"],
    ["https://192.168.1.1/jwks", "192.168.1.1 is a private address"],
    ["https://100.64.0.1/jwks", "100.64.0.1 is a private address"],
    ["https://[::ffff:a00:1]/jwks", "is a private address"],
  ])("refuses %s (%s)", (jwksUri, reason) => {
    expect(discoveredJwksUriProblem(new URL(jwksUri), publicIssuer)).toContain(reason);
  });

  it("refuses another port on the loopback issuer's host", () => {
    expect(
      discoveredJwksUriProblem(new URL("http://127.0.0.1:9001/2018-06-01/runtime/invocation/next"), loopbackIssuer),
    ).toContain("is not https");
    expect(discoveredJwksUriProblem(new URL("https://127.0.0.1:9001/x"), loopbackIssuer)).toContain("loopback");
  });

  it("accepts the edges of the private ranges' public neighbours", () => {
    for (const host of ["172.15.255.255", "172.32.0.1", "192.169.0.1", "11.0.0.1", "100.128.0.1", "169.255.0.1"]) {
      expect(discoveredJwksUriProblem(new URL(`https://${host}/jwks`), publicIssuer)).toBeUndefined();
    }
  });
});

describe("answer bodies are read with a byte cap, never whole", () => {
  it("stops reading an endless discovery document at the cap", async () => {
    const issuer = await fake((_path, res, _self, sent) => streamForever(res, sent));
    const verifier = createIdentityVerifier({ issuer: issuer.issuer, audiences: ["client"], timeoutMs: 20_000 });
    const error = await expectIdentityError(verifier.verify(someToken), 503, "jwks_unavailable");
    expect(error.detail).toContain(`is larger than ${maxIdentityResponseBytes} bytes`);
    // The cap plus what sockets and the HTTP client buffer; the old code read all 48 MiB.
    expect(issuer.bytesSent()).toBeLessThan(16 * 1024 * 1024);
  });

  it("stops reading an endless JWKS at the cap", async () => {
    const issuer = await fake((path, res, self, sent) =>
      path.startsWith("/.well-known/") ? discoveryDocument(res, self, `${self}/jwks`) : streamForever(res, sent),
    );
    const verifier = createIdentityVerifier({ issuer: issuer.issuer, audiences: ["client"], timeoutMs: 20_000 });
    const error = await expectIdentityError(verifier.verify(someToken), 503, "jwks_unavailable");
    expect(error.detail).toContain(`is larger than ${maxIdentityResponseBytes} bytes`);
    expect(issuer.bytesSent()).toBeLessThan(16 * 1024 * 1024);
  });

  it("refuses an announced Content-Length over the cap without reading the body", async () => {
    const issuer = await fake((_path, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": String(400 * 1024 * 1024) });
      res.write("{");
    });
    const verifier = createIdentityVerifier({
      issuer: issuer.issuer,
      audiences: ["client"],
      jwksUri: `${issuer.issuer}/jwks`,
    });
    const error = await expectIdentityError(verifier.verify(someToken), 503, "jwks_unavailable");
    expect(error.detail).toContain(`is larger than ${maxIdentityResponseBytes} bytes`);
  });
});
