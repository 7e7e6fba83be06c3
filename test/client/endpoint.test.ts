// Which URL and region the client signs for: the region comes from a Function URL's host or from
// the caller, never guessed, and a contradiction is refused before anything is sent.
import { describe, expect, it } from "vitest";
import { createSignerClient, functionUrlRegion, SignerClientError } from "../../client/index.ts";
import { resolveEndpoint } from "../../client/endpoint.ts";

function message(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SignerClientError);
    expect((error as SignerClientError).code).toBe("invalid-argument");
    return (error as Error).message;
  }
  throw new Error("expected a SignerClientError");
}

describe("functionUrlRegion", () => {
  it.each([
    ["abcdefghij0123456789abcdefghij01.lambda-url.eu-central-1.on.aws", "eu-central-1"],
    ["X7.LAMBDA-URL.US-EAST-1.ON.AWS", "us-east-1"],
    ["abc.lambda-url.ap-southeast-3.on.aws", "ap-southeast-3"],
  ])("%s → %s", (host, region) => expect(functionUrlRegion(host)).toBe(region));

  it.each([
    "127.0.0.1",
    "abc.execute-api.eu-west-1.amazonaws.com",
    "a.b.lambda-url.eu-west-1.on.aws",
    "abc.lambda-url.eu-west-1.on.aws.evil.example",
  ])("%s has none", (host) => expect(functionUrlRegion(host)).toBeUndefined());
});

describe("resolveEndpoint", () => {
  it("takes the region from a Function URL and ends the base URL with /", () => {
    const endpoint = resolveEndpoint("https://abc123.lambda-url.eu-central-1.on.aws");
    expect([endpoint.baseUrl.href, endpoint.region]).toEqual([
      "https://abc123.lambda-url.eu-central-1.on.aws/",
      "eu-central-1",
    ]);
    expect(new URL("token", endpoint.baseUrl).href).toBe("https://abc123.lambda-url.eu-central-1.on.aws/token");
  });

  it("accepts the same region named twice, and a named region for a loopback URL", () => {
    expect(resolveEndpoint("https://abc.lambda-url.eu-west-1.on.aws/", "eu-west-1").region).toBe("eu-west-1");
    expect(resolveEndpoint("http://127.0.0.1:8787", "local").region).toBe("local");
  });

  it.each([
    ["not a url", undefined, "url is not an absolute URL"],
    [
      "http://abc.lambda-url.eu-west-1.on.aws/",
      undefined,
      "url must use https (plain http only on 127.0.0.1, localhost or [::1]); got http://abc.lambda-url.eu-west-1.on.aws.",
    ],
    ["https://abc.lambda-url.eu-west-1.on.aws/?x=1", undefined, "url must not carry a query or fragment"],
    ["https://user:pw@abc.lambda-url.eu-west-1.on.aws/", undefined, "url must not carry a user name or password."],
    [
      "https://abc.lambda-url.eu-west-1.on.aws/",
      "us-east-1",
      'region "us-east-1" contradicts the Function URL\'s region "eu-west-1": leave region unset for a Function URL.',
    ],
    [
      "http://127.0.0.1:8787/",
      undefined,
      "Cannot tell the signing region from 127.0.0.1:8787: it is not a Function URL host (<id>.lambda-url.<region>.on.aws). Pass region (for npm start, the region it prints).",
    ],
    ["http://127.0.0.1:8787/", "EU West", 'region must be an AWS region name such as eu-central-1; got "EU West".'],
  ])("%s with region %s is refused", (url, region, expected) => {
    expect(message(() => resolveEndpoint(url, region))).toContain(expected);
  });
});

describe("createSignerClient options", () => {
  it.each([0, -1, 1.5, Number.NaN, 600_001])("refuses timeoutMs %s", (timeoutMs) => {
    expect(message(() => createSignerClient({ url: "https://abc.lambda-url.eu-west-1.on.aws/", timeoutMs }))).toContain(
      "timeoutMs must be a whole number of milliseconds",
    );
  });

  it("refuses unusable fixed credentials at once, naming the field", () => {
    expect(() =>
      createSignerClient({
        url: "https://abc.lambda-url.eu-west-1.on.aws/",
        credentials: { accessKeyId: "AKIA", secretAccessKey: "" },
      }),
    ).toThrow(
      expect.objectContaining({
        code: "credentials",
        message: "The credentials provider returned no accessKeyId and secretAccessKey.",
      }),
    );
  });
});
