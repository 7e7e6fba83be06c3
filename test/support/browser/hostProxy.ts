// The host mapping for engines that cannot rewrite name resolution (Firefox, WebKit): a local HTTP
// proxy on 127.0.0.1 that answers only CONNECT, and tunnels a mapped host (any port) to its
// stand-in on 127.0.0.1. TLS (https and wss alike) runs end to end between the browser and the
// stand-in, so the browser sees the stand-in's certificate and the real Host/SNI. Every other
// host, and every plain-HTTP proxy request, is refused by dropping the connection: nothing leaves
// the machine, and every engine sees a network error.
import { createServer, type Server } from "node:http";
import { connect, type AddressInfo, type Socket } from "node:net";
import { portFor, type HostRoute } from "./hostMap.ts";

export interface HostProxy {
  /** `http://127.0.0.1:<port>`: give this to the browser as its proxy. */
  readonly url: string;
  readonly port: number;
  /** `host:port` of every CONNECT the proxy refused, in order (hosts outside the table). */
  readonly refused: readonly string[];
  close(): Promise<void>;
}

/** Splits a CONNECT target `host:port` or `[v6]:port`. */
function parseAuthority(authority: string): { host: string; port: number } | undefined {
  const match = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(authority);
  return match ? { host: match[1] ?? "", port: Number(match[2]) } : undefined;
}

export async function startHostProxy(routes: readonly HostRoute[]): Promise<HostProxy> {
  const refused: string[] = [];
  const sockets = new Set<Socket>();
  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  };

  const server: Server = createServer((req, res) => {
    // Only tunnels are served; an absolute-URI request would be plain HTTP to who knows where.
    refused.push(req.url ?? "");
    res.socket?.destroy();
  });

  server.on("connect", (req, client: Socket, head: Buffer) => {
    track(client);
    const target = parseAuthority(req.url ?? "");
    const port = target && portFor(routes, target.host);
    if (port === undefined) {
      refused.push(req.url ?? "");
      // Dropped, not answered: WebKit would show a 403 from the proxy to a no-cors fetch as the
      // site's own (opaque) response; a dropped tunnel is a network error in every engine.
      client.destroy();
      return;
    }
    const upstream = connect(port, "127.0.0.1", () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    track(upstream);
    const drop = (): void => {
      upstream.destroy();
      client.destroy();
    };
    upstream.on("error", drop);
    client.on("error", drop);
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    refused,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
