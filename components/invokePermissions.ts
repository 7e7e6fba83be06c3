// Who may invoke the signer, as Lambda permissions on its function. Since October 2025 a call through
// a Function URL needs two: lambda:InvokeFunctionUrl (for the URL's auth type) and lambda:InvokeFunction
// via the URL. `permitFunctionUrl` grants that pair to one caller: an allowed invoker, anyone (a public
// URL) or CloudFront on behalf of one distribution.
import type * as pulumi from "@pulumi/pulumi";
import * as lambda from "@pulumi/aws/lambda/index.js";
import { explicitName, type Children } from "./children.ts";
import { autoNamedRules } from "./naming.ts";

/** One caller of the Function URL. */
export interface FunctionUrlCaller {
  /** An IAM principal (ARN or account ID), `*` (anyone), or a service principal such as `cloudfront.amazonaws.com`. */
  readonly principal: pulumi.Input<string>;
  /** For a service principal: the resource it calls on behalf of (a distribution's ARN). */
  readonly sourceArn?: pulumi.Input<string>;
  /** The Function URL's auth type. */
  readonly authType: "AWS_IAM" | "NONE";
}

/** A Lambda permission named `logicalName`; its statement ID stays Pulumi's auto-name unless AWS would refuse it. */
export function permitInvoke(
  logicalName: string,
  permission: lambda.PermissionArgs,
  children: Children,
): lambda.Permission {
  return new lambda.Permission(
    logicalName,
    { ...permission, ...explicitName(children, "statementId", logicalName, autoNamedRules.statementId) },
    { parent: children.parent },
  );
}

/**
 * The pair `caller` needs to call the Function URL of `functionName`: `names.url` allows
 * lambda:InvokeFunctionUrl for the URL's auth type, `names.invoke` lambda:InvokeFunction via the URL only.
 */
export function permitFunctionUrl(
  names: { readonly url: string; readonly invoke: string },
  functionName: pulumi.Input<string>,
  caller: FunctionUrlCaller,
  children: Children,
): void {
  const who = {
    function: functionName,
    principal: caller.principal,
    ...(caller.sourceArn === undefined ? {} : { sourceArn: caller.sourceArn }),
  };
  permitInvoke(
    names.url,
    { action: "lambda:InvokeFunctionUrl", ...who, functionUrlAuthType: caller.authType },
    children,
  );
  permitInvoke(names.invoke, { action: "lambda:InvokeFunction", ...who, invokedViaFunctionUrl: true }, children);
}

/**
 * `allowedInvokerArns`: each invoker `i` gets the pair `<name>-invoke-url-<i>` / `<name>-invoke-<i>` (AWS_IAM), and with
 * `directInvoke` also `<name>-invoke-direct-<i>`, a plain lambda:InvokeFunction (the AWS SDK's Invoke).
 */
export function permitInvokers(
  name: string,
  functionName: pulumi.Input<string>,
  invokers: readonly pulumi.Input<string>[],
  directInvoke: boolean,
  children: Children,
): void {
  invokers.forEach((principal, index) => {
    const names = { url: `${name}-invoke-url-${index}`, invoke: `${name}-invoke-${index}` };
    permitFunctionUrl(names, functionName, { principal, authType: "AWS_IAM" }, children);
    if (directInvoke) {
      permitInvoke(
        `${name}-invoke-direct-${index}`,
        { action: "lambda:InvokeFunction", function: functionName, principal },
        children,
      );
    }
  });
}
