// The site's side of Live Chat sign-in, in plain node:http: the page asks its own backend for a
// token (`POST /livechat/token`, same origin, with the site's session cookie), the backend asks the
// signer for one for the customer who is logged in — never for a customer the page names — and
// hands it back for `liveChat('auth', token, …)`. On logout, `POST /livechat/logout` ends the Live
// Chat session too (the signer needs the Infobip API secret for that).
import type { IncomingMessage, ServerResponse } from "node:http";
import { SignerClientError, type SignerClient } from "livechat-aws/client";

/** The logged-in customer, from the site's own session: Live Chat's identity for them. */
export interface Customer {
  readonly sub: string;
  readonly stp: "email" | "msisdn" | "externalPersonId";
  /** The login's session ID (≤ 50 characters), so the Live Chat session can be ended on logout. */
  readonly sid?: string;
}

export type CurrentCustomer = (req: IncomingMessage) => Customer | undefined | Promise<Customer | undefined>;

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

/** Handles the two routes; returns false for any other request, so the site's router goes on. */
export function liveChatRoutes(signer: SignerClient, currentCustomer: CurrentCustomer) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const path = new URL(req.url ?? "/", "http://site.invalid").pathname;
    if (req.method !== "POST" || (path !== "/livechat/token" && path !== "/livechat/logout")) return false;
    req.resume(); // no body is read: the session says who the customer is
    const customer = await currentCustomer(req);
    if (customer === undefined) {
      json(res, 401, { error: "Sign in to the site first." });
      return true;
    }
    try {
      if (path === "/livechat/token") {
        const { token, expiresAt } = await signer.getToken(customer);
        json(res, 200, { token, expiresAt });
      } else {
        if (customer.sid !== undefined) await signer.endSession(customer.sid);
        res.writeHead(204, { "cache-control": "no-store" }).end();
      }
    } catch (error) {
      if (!(error instanceof SignerClientError)) throw error;
      // The message names the cause and never a token or credential; `code` tells the cases apart.
      console.error(`livechat signer: ${error.code}: ${error.message}`);
      json(res, 502, { error: "Live Chat sign-in is unavailable right now." });
    }
    return true;
  };
}
