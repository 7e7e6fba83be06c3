// The pure decisions of the exposure (components/signerExposure.ts) that the exposure step applies.
import { describe, expect, test } from "vitest";
import { functionUrlAuthType, functionUrlHost, resolveExposure } from "../../components/signerExposure.ts";

describe("the Function URL's auth type", () => {
  test("NONE only on a public URL; AWS_IAM with SigV4 callers and behind CloudFront's origin access control", () => {
    expect(functionUrlAuthType("public")).toBe("NONE");
    expect(functionUrlAuthType("iam")).toBe("AWS_IAM");
    expect(functionUrlAuthType("cloudfront")).toBe("AWS_IAM");
    expect(functionUrlAuthType(resolveExposure({ identity: {}, publicFunctionUrl: true }).mode)).toBe("NONE");
  });

  test("the origin host is the URL's host", () => {
    expect(functionUrlHost("https://abc123.lambda-url.eu-central-1.on.aws/")).toBe(
      "abc123.lambda-url.eu-central-1.on.aws",
    );
  });
});
