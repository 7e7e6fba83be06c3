// What a caller may still choose in OIDC identity mode: only `ttlSeconds` (GET query parameter
// or POST JSON body). `sub`, `stp` and `sid` come from the verified ID token; a request that
// tries to set them is refused, field by field, rather than silently ignored.
import { type FieldError, safeFieldName } from "../token/tokenRequest.ts";
import type { FunctionUrlEvent } from "./functionUrlEvent.ts";
import { hasNoBody, readJsonBody } from "./requestBody.ts";
import { invalidRequest, type Problem } from "./problem.ts";

export type OidcTokenRequest =
  | { readonly ok: true; readonly ttlSeconds: unknown }
  | { readonly ok: false; readonly problem: Problem; readonly headers?: Record<string, string> };

const identityFields = new Set(["sub", "stp", "sid"]);

function fieldErrors(names: readonly string[], where: string): FieldError[] {
  const errors: FieldError[] = [];
  for (const name of names) {
    if (identityFields.has(name)) {
      errors.push({
        field: name,
        message: `${name} cannot be set by the request: in this signer's OIDC mode the identity (sub, stp, sid) comes only from the verified ID token.`,
      });
    } else if (name !== "ttlSeconds") {
      errors.push({ field: safeFieldName(name), message: `Unknown ${where}: only ttlSeconds is accepted.` });
    }
  }
  return errors;
}

function invalid(errors: readonly FieldError[]): OidcTokenRequest {
  return { ok: false, problem: invalidRequest(errors) };
}

/** `GET /token?ttlSeconds=N`: no body; the only query parameter is ttlSeconds, at most once. */
export function readGetTokenRequest(event: FunctionUrlEvent): OidcTokenRequest {
  if (!hasNoBody(event))
    return invalid([
      { field: "", message: "GET /token takes no body: send ttlSeconds as a query parameter, or use POST." },
    ]);
  const query = typeof event.rawQueryString === "string" ? event.rawQueryString : "";
  const params = new URLSearchParams(query);
  const names = [...params.keys()];
  const errors = fieldErrors([...new Set(names)], "query parameter");
  const ttl = params.getAll("ttlSeconds");
  if (ttl.length > 1)
    errors.push({ field: "ttlSeconds", message: "ttlSeconds is given more than once: give it once." });
  if (errors.length > 0) return invalid(errors);
  const raw = ttl[0];
  // A query value is text: whole numbers become numbers; anything else stays text and is refused
  // by the token request validation with its usual message.
  return { ok: true, ttlSeconds: raw === undefined ? undefined : /^\d{1,9}$/.test(raw) ? Number(raw) : raw };
}

/** `POST /token`: an empty body, or a JSON object with at most ttlSeconds. */
export function readPostTokenRequest(event: FunctionUrlEvent): OidcTokenRequest {
  if (hasNoBody(event)) return { ok: true, ttlSeconds: undefined };
  const body = readJsonBody(event, "", '{"ttlSeconds":60} (or no body)');
  if (!body.ok) return body;
  const value = body.value;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return invalid([{ field: "", message: 'The body must be a JSON object such as {"ttlSeconds":60}, or empty.' }]);
  }
  const errors = fieldErrors(Object.keys(value), "field");
  if (errors.length > 0) return invalid(errors);
  return { ok: true, ttlSeconds: (value as Record<string, unknown>)["ttlSeconds"] };
}
