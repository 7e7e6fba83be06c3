// The local runner's AWS_IAM auth: in IAM mode every signer request must be SigV4-signed with the
// runner's dev credentials, as a Function URL with AWS_IAM auth demands of the site's backend in
// production. A refused request gets AWS's 403 and the reason goes to the local log (AWS gives no
// reason; a developer here needs one). An admitted one gets the IAM caller Lambda would add. A body
// over the runner's read limit is refused with 413 before the check, as a Function URL refuses an
// oversized payload before it authenticates (the signature cannot be checked on part of a body).
import type { ServerResponse } from "node:http";
import type { FunctionUrlAuthorizer } from "../lambda/http/functionUrlEvent.ts";
import { problem } from "../lambda/http/problem.ts";
import type { Logger } from "../lambda/log.ts";
import { devPrincipal, type DevIamCredentials } from "./devCredentials.ts";
import { sendProblem } from "./problem.ts";
import {
  checkFunctionUrlAuth,
  functionUrlForbidden,
  iamAuthorizerFor,
  type ReceivedRequest,
} from "./functionUrlAuth.ts";

export interface IamGate {
  readonly credentials: DevIamCredentials;
  /** The caller for a correctly signed request; otherwise answers 403 (or 413 when `truncated`) itself and returns undefined. */
  admit(
    request: ReceivedRequest & { readonly truncated: boolean },
    res: ServerResponse,
  ): Promise<FunctionUrlAuthorizer | undefined>;
}

export function createIamGate(credentials: DevIamCredentials, log: Logger): IamGate {
  const principal = devPrincipal(credentials);
  return {
    credentials,
    async admit(request, res) {
      if (request.truncated) {
        const tooLarge = problem("payload-too-large", "The body is larger than this local Function URL accepts.");
        sendProblem(res, tooLarge.status, tooLarge, { connection: "close" });
        return undefined;
      }
      const result = await checkFunctionUrlAuth(request, { region: credentials.region, principals: [principal] });
      if (result.ok) return iamAuthorizerFor(result.principal);
      log("warn", "request.forbidden", {
        reason: result.reason,
        hint: `sign with the runner's dev credentials (service lambda, region ${credentials.region}), as npm start printed them`,
      });
      res.writeHead(functionUrlForbidden.status, functionUrlForbidden.headers);
      res.end(functionUrlForbidden.body);
      return undefined;
    },
  };
}
