// The one place browser tests start the `npm start` dev server and put it behind an HTTPS site
// (`https://www.shop.test`, or another host), the way CloudFront fronts the deployed signer. Every
// end-to-end file goes through here, so a change in how the dev server must be reached (which Host
// and Origin it accepts, how /token is authorised) is adapted once.
import { type DevServer, type DevServerOptions, startDevServer } from "../../../dev/server.ts";
import { siteHost, startSite, type Site } from "./site.ts";

export interface DevServerBehindSite {
  readonly server: DevServer;
  /** The HTTPS front the browser talks to; it forwards every request it has no page for to the dev server. */
  readonly site: Site;
  close(): Promise<void>;
}

/**
 * Starts the dev server on a free 127.0.0.1 port with `options` and an HTTPS site for `host`
 * (default `www.shop.test`) that proxies to it.
 */
export async function startDevServerBehindSite(
  options: Omit<DevServerOptions, "port">,
  front: { readonly host?: string } = {},
): Promise<DevServerBehindSite> {
  // The site forwards the browser's Host and Origin, as a developer's local proxy would: the dev
  // server answers them only when told to trust that front (its DNS-rebinding guard).
  const host = front.host ?? siteHost;
  const server = await startDevServer({
    ...options,
    port: 0,
    allowedHosts: [...(options.allowedHosts ?? []), host],
    allowedOrigins: [...(options.allowedOrigins ?? []), `https://${host}`],
  });
  const site = await startSite({ proxyTo: server.url, host }).catch(async (error: unknown) => {
    await server.close();
    throw error;
  });
  return {
    server,
    site,
    close: async () => {
      await site.close();
      await server.close();
    },
  };
}
