// How the signer reports what it refused: a deployment without session invalidation answers 501
// to DELETE /sessions/{sid}; that is a client meeting a documented limit, not an outage, so it is
// logged as a warning, while a real failure (500) stays an error.
import { describe, expect, it } from "vitest";
import { createSigner } from "../../lambda/http/signer.ts";
import { createStaticKeySource } from "../../lambda/secret/keySources.ts";
import { functionUrlEvent, knownSecretText, tokenSettings } from "../support/signerFixtures.ts";
import type { LogEntry } from "./routes/routeContext.ts";

function recordingSigner(loadKey = createStaticKeySource(knownSecretText)) {
  const logged: LogEntry[] = [];
  const signer = createSigner({
    config: tokenSettings,
    loadKey,
    log: (level, event, fields) => void logged.push({ level, event, fields }),
  });
  return { signer, logged };
}

describe("log level of a refusal", () => {
  it("501 sessions-not-configured is a warning, not an error", async () => {
    const { signer, logged } = recordingSigner();
    const response = await signer.handle(functionUrlEvent({ method: "DELETE", path: "/sessions/abc", headers: {} }));
    expect(response).toMatchObject({ statusCode: 501 });
    expect(logged.map(({ level, event, fields }) => ({ level, event, problem: fields?.["problem"] }))).toEqual([
      { level: "warn", event: "request.rejected", problem: "sessions-not-configured" },
    ]);
  });

  it("a 500 stays an error, a 400 stays info", async () => {
    const refused = recordingSigner();
    await refused.signer.handle({ action: "invalidateSession", sid: 5 });
    expect(refused.logged.map((entry) => entry.level)).toEqual(["info"]);
    const failing = recordingSigner(async () => ({
      ...(await createStaticKeySource(knownSecretText)()),
      cryptoKey: "not a key" as unknown as CryptoKey,
    }));
    await failing.signer.handle({ sub: "a", stp: "externalPersonId" });
    expect(failing.logged.map(({ level, event }) => `${level} ${event}`)).toEqual([
      "error request.failed",
      "error request.rejected",
    ]);
  });
});
