// A local OpenID Provider on 127.0.0.1: discovery document, JWKS with rotating RS256/ES256
// keys, request counters, an outage switch, and `mint` to sign test ID tokens.
import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { SignJWT, exportJWK, generateKeyPair } from "jose";
import type { JWK } from "jose";

export type StandInAlg = "RS256" | "ES256" | "PS256";

export interface StandInKey {
  readonly kid: string;
  readonly alg: StandInAlg;
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  readonly publicJwk: JWK;
}

/** `up`: serve normally; `error`: answer 500; `hang`: never answer (until close). */
export type StandInMode = "up" | "error" | "hang";

export interface MintOptions {
  readonly alg?: string;
  /** Defaults to the newest published key's kid; pass `null` to omit the kid header. */
  readonly kid?: string | null;
  /** Signing key; defaults to the private key of `kid`. */
  readonly key?: CryptoKey | Uint8Array;
  /** Extra protected-header parameters. */
  readonly header?: Record<string, unknown>;
}

export interface OidcIssuerStandIn {
  readonly issuer: string;
  readonly audience: string;
  readonly jwksUri: string;
  readonly discoveryRequests: () => number;
  readonly jwksRequests: () => number;
  /** Published keys, newest last. */
  readonly keys: () => readonly StandInKey[];
  /** Generates and publishes a new key (key rotation). */
  addKey(alg?: StandInAlg, kid?: string): Promise<StandInKey>;
  /** Generates a key that is NOT published. */
  unpublishedKey(alg?: StandInAlg, kid?: string): Promise<StandInKey>;
  removeKey(kid: string): void;
  setDiscoveryMode(mode: StandInMode): void;
  setJwksMode(mode: StandInMode): void;
  /** Signs `claims` merged over defaults { iss, aud, iat: now, exp: now + 600 }; a claim set to undefined is removed. */
  mint(claims: Record<string, unknown>, options?: MintOptions): Promise<string>;
  /** Signs exactly this header and payload with a published RS256/PS256/ES256 key (bypasses jose's header checks). */
  signRaw(header: Record<string, unknown>, payload: Record<string, unknown>, kid: string): Promise<string>;
  close(): Promise<void>;
}

let kidCounter = 0;

async function makeKey(alg: StandInAlg, kid?: string): Promise<StandInKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  const publicJwk = {
    ...(await exportJWK(publicKey)),
    kid: kid ?? `key-${++kidCounter}-${alg.toLowerCase()}`,
    alg,
    use: "sig",
  };
  return { kid: publicJwk.kid, alg, privateKey, publicKey, publicJwk };
}

export async function startOidcIssuerStandIn(
  options: { readonly audience?: string; readonly initialAlgs?: readonly StandInAlg[] } = {},
): Promise<OidcIssuerStandIn> {
  const audience = options.audience ?? "site-client-id";
  const published: StandInKey[] = [];
  for (const alg of options.initialAlgs ?? ["RS256"]) published.push(await makeKey(alg));
  let discoveryRequests = 0;
  let jwksRequests = 0;
  let discoveryMode: StandInMode = "up";
  let jwksMode: StandInMode = "up";
  const hanging = new Set<ServerResponse>();
  let issuer = "";

  const send = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(JSON.stringify(body));
  };
  const misbehave = (res: ServerResponse, mode: StandInMode): boolean => {
    if (mode === "error") {
      send(res, 500, { error: "server_error" });
      return true;
    }
    if (mode === "hang") {
      hanging.add(res);
      return true;
    }
    return false;
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? "/", issuer).pathname;
    if (req.method === "GET" && path === "/.well-known/openid-configuration") {
      discoveryRequests++;
      if (misbehave(res, discoveryMode)) return;
      send(res, 200, {
        issuer,
        jwks_uri: `${issuer}/jwks.json`,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        response_types_supported: ["code"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["RS256", "ES256", "PS256"],
      });
      return;
    }
    if (req.method === "GET" && path === "/jwks.json") {
      jwksRequests++;
      if (misbehave(res, jwksMode)) return;
      send(res, 200, { keys: published.map((key) => key.publicJwk) });
      return;
    }
    send(res, 404, { error: "not_found" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const findKey = (kid: string): StandInKey | undefined => published.find((key) => key.kid === kid);

  return {
    issuer,
    audience,
    jwksUri: `${issuer}/jwks.json`,
    discoveryRequests: () => discoveryRequests,
    jwksRequests: () => jwksRequests,
    keys: () => [...published],
    async addKey(alg = "RS256", kid) {
      const key = await makeKey(alg, kid);
      published.push(key);
      return key;
    },
    unpublishedKey: (alg = "RS256", kid) => makeKey(alg, kid),
    removeKey(kid) {
      const index = published.findIndex((key) => key.kid === kid);
      if (index >= 0) published.splice(index, 1);
    },
    setDiscoveryMode(mode) {
      discoveryMode = mode;
    },
    setJwksMode(mode) {
      jwksMode = mode;
    },
    async mint(claims, mintOptions = {}) {
      const newest = published.at(-1);
      const kid = mintOptions.kid === undefined ? newest?.kid : mintOptions.kid;
      const signer = kid ? findKey(kid) : newest;
      const key = mintOptions.key ?? signer?.privateKey;
      if (!key) throw new Error(`oidcIssuerStandIn.mint: no key for kid ${String(kid)}; pass options.key.`);
      const alg = mintOptions.alg ?? signer?.alg ?? "RS256";
      const now = Math.floor(Date.now() / 1000);
      const merged: Record<string, unknown> = { iss: issuer, aud: audience, iat: now, exp: now + 600, ...claims };
      for (const [name, value] of Object.entries(merged)) if (value === undefined) delete merged[name];
      return new SignJWT(merged).setProtectedHeader({ alg, ...(kid ? { kid } : {}), ...mintOptions.header }).sign(key);
    },
    async signRaw(header, payload, kid) {
      const signer = findKey(kid);
      if (!signer) throw new Error(`oidcIssuerStandIn.signRaw: no published key ${kid}.`);
      const input = `${Buffer.from(JSON.stringify(header)).toString("base64url")}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}`;
      const algorithm =
        signer.alg === "ES256"
          ? { name: "ECDSA", hash: "SHA-256" }
          : signer.alg === "PS256"
            ? { name: "RSA-PSS", saltLength: 32 }
            : { name: "RSASSA-PKCS1-v1_5" };
      const signature = await crypto.subtle.sign(algorithm, signer.privateKey, new TextEncoder().encode(input));
      return `${input}.${Buffer.from(signature).toString("base64url")}`;
    },
    async close() {
      for (const res of hanging) res.destroy();
      hanging.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
