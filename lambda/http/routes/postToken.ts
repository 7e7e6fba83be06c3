// `POST /token` in IAM mode: the caller is the site's backend, authenticated by the Function URL's
// AWS_IAM auth (the handler's gate), and the JSON body names the customer: `{sub, stp, sid?, ttlSeconds?}`.
import { issueFromBody } from "../issue.ts";
import { fail, type Outcome } from "../outcome.ts";
import type { HttpRequest, RequestContext } from "../requestContext.ts";
import { readJsonBody } from "../requestBody.ts";

export const iamExample = '{"sub":"…","stp":"email"}';

export async function postToken(ctx: RequestContext, request: HttpRequest): Promise<Outcome> {
  const body = readJsonBody(request.event, `The body is empty: send a JSON object such as ${iamExample}.`, iamExample);
  if (!body.ok) return fail(body.problem, body.headers);
  return issueFromBody(ctx, body.value, "http");
}
