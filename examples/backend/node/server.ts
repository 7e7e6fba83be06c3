// A minimal site backend on node:http with the Live Chat routes, to run against a signer:
//   LIVECHAT_SIGNER_URL=<function-url> EXAMPLE_CUSTOMER_EMAIL=alice@example.com node server.ts
// (for npm start's runner add LIVECHAT_SIGNER_REGION=local and its dev credentials). Then
//   curl -X POST http://127.0.0.1:3000/livechat/token
// EXAMPLE_CUSTOMER_EMAIL stands in for the site's login session: replace `currentCustomer` with
// your session lookup. Never take the customer from the request body, a header or a query.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { createSignerClient, type SignerClient } from "livechat-aws/client";
import { type CurrentCustomer, liveChatRoutes } from "./liveChatRoutes.ts";

export async function startSite(
  signer: SignerClient,
  currentCustomer: CurrentCustomer,
  port = 0,
): Promise<{ url: string; server: Server }> {
  const routes = liveChatRoutes(signer, currentCustomer);
  const server = createServer(async (req, res) => {
    if (!(await routes(req, res))) res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const signer = createSignerClient({
    url: process.env["LIVECHAT_SIGNER_URL"] ?? "",
    region: process.env["LIVECHAT_SIGNER_REGION"] || undefined,
  });
  const email = process.env["EXAMPLE_CUSTOMER_EMAIL"];
  const site = await startSite(
    signer,
    () => (email ? { sub: email, stp: "email" } : undefined),
    Number(process.env["PORT"] ?? 3000),
  );
  console.log(`site on ${site.url}: POST /livechat/token, POST /livechat/logout`);
}
