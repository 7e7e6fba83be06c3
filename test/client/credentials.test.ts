// Where the client's credentials come from: the environment (with a message naming what is
// missing and pointing at the provider chain when credentials live elsewhere) or a provider with
// the AWS SDK v3 shape, memoized until shortly before expiry, its failures reported safely.
import { describe, expect, it } from "vitest";
import { credentialSource, credentialsFromEnv } from "../../client/credentials.ts";
import { SignerClientError } from "../../client/errors.ts";

function failure(run: () => unknown): SignerClientError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SignerClientError);
    return error as SignerClientError;
  }
  throw new Error("expected a SignerClientError");
}

describe("credentialsFromEnv", () => {
  it("reads the three standard variables; an empty session token is none", () => {
    expect(
      credentialsFromEnv({ AWS_ACCESS_KEY_ID: "AKIAX", AWS_SECRET_ACCESS_KEY: "s3cr3t", AWS_SESSION_TOKEN: "tok" }),
    ).toEqual({ accessKeyId: "AKIAX", secretAccessKey: "s3cr3t", sessionToken: "tok" });
    expect(
      credentialsFromEnv({ AWS_ACCESS_KEY_ID: "AKIAX", AWS_SECRET_ACCESS_KEY: "s3cr3t", AWS_SESSION_TOKEN: "" }),
    ).toEqual({ accessKeyId: "AKIAX", secretAccessKey: "s3cr3t" });
  });

  it.each([
    [
      {},
      "No AWS credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set. Set them, or pass credentials: fromNodeProviderChain()",
    ],
    [{ AWS_ACCESS_KEY_ID: "AKIAX" }, "No AWS credentials: AWS_SECRET_ACCESS_KEY is not set. Set them, or pass"],
    [{ AWS_SECRET_ACCESS_KEY: "s3cr3t-value" }, "No AWS credentials: AWS_ACCESS_KEY_ID is not set."],
    [{ AWS_PROFILE: "shop" }, "AWS_PROFILE is set, but only a provider reads them"],
    [
      { AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: "/v2/credentials/x", AWS_WEB_IDENTITY_TOKEN_FILE: "/t" },
      "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_WEB_IDENTITY_TOKEN_FILE are set, but only a provider reads them",
    ],
  ])("names what is missing: %j", (env, expected) => {
    const error = failure(() => credentialsFromEnv(env));
    expect(error.code).toBe("credentials");
    expect(error.message).toContain(expected);
    expect(error.message).not.toContain("s3cr3t-value");
  });
});

describe("credentialSource with a provider", () => {
  it("shares one lookup between concurrent calls and asks again only near expiry", async () => {
    let now = 1_000_000;
    let calls = 0;
    const source = credentialSource(
      () => {
        calls++;
        return new Promise((resolve) =>
          setTimeout(
            () =>
              resolve({
                accessKeyId: `ASIA${calls}`,
                secretAccessKey: "x",
                sessionToken: "t",
                expiration: new Date(now + 10 * 60_000),
              }),
            5,
          ),
        );
      },
      () => ({}),
      () => now,
    );
    const [a, b] = await Promise.all([source(), source()]);
    expect([a.accessKeyId, b.accessKeyId, calls]).toEqual(["ASIA1", "ASIA1", 1]);
    now += 4 * 60_000; // 6 minutes left: still fresh
    expect((await source()).accessKeyId).toBe("ASIA1");
    now += 2 * 60_000; // 4 minutes left: refresh
    expect((await source()).accessKeyId).toBe("ASIA2");
  });

  it("reports a failing provider as a credentials error and tries again next time", async () => {
    let calls = 0;
    const source = credentialSource(
      () => {
        calls++;
        return calls === 1
          ? Promise.reject(new Error("Could not load credentials from any providers"))
          : Promise.resolve({ accessKeyId: "AKIAX", secretAccessKey: "y" });
      },
      () => ({}),
    );
    const error = await source().then(
      () => undefined,
      (e: unknown) => e as SignerClientError,
    );
    expect([error?.code, error?.message]).toEqual([
      "credentials",
      "The credentials provider failed (Error: Could not load credentials from any providers).",
    ]);
    expect((await source()).accessKeyId).toBe("AKIAX");
  });

  it("refuses a provider answer without keys", async () => {
    const source = credentialSource(
      () => Promise.resolve({ accessKeyId: "", secretAccessKey: "y" }),
      () => ({}),
    );
    await expect(source()).rejects.toMatchObject({
      code: "credentials",
      message: "The credentials provider returned no accessKeyId and secretAccessKey.",
    });
  });
});
