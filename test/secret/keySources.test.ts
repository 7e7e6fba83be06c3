// The Secrets Manager key source (lambda/secret/keySources.ts): what it logs about the secret it loaded.
import { describe, expect, it } from "vitest";
import type { LogFields, LogLevel } from "../../lambda/log.ts";
import { createSecretsManagerKeySource } from "../../lambda/secret/keySources.ts";
import { parseSecret } from "../../lambda/secret/parseSecret.ts";
import { startSecretsManagerStandIn } from "../support/secretsManagerStandIn.ts";

describe("the Lambda logs the parser's warnings", () => {
  it("once per loaded secret, as a warning, without the key", async () => {
    const hexKey = Buffer.alloc(32, 0xcd).toString("hex");
    const standIn = await startSecretsManagerStandIn({
      secretName: "livechat/hex",
      secretString: JSON.stringify({ id: 7, key: hexKey }),
    });
    try {
      const logged: { level: LogLevel; event: string; fields: LogFields | undefined }[] = [];
      const loadKey = createSecretsManagerKeySource({
        settings: { secretId: "livechat/hex", cacheSeconds: 300, staleSeconds: 900, timeoutMs: 2000 },
        env: {
          AWS_REGION: "eu-central-1",
          AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
          AWS_SECRET_ACCESS_KEY: "secret-example",
          AWS_ENDPOINT_URL_SECRETS_MANAGER: standIn.url,
        },
        log: (level, event, fields) => void logged.push({ level, event, fields }),
      });
      await loadKey();
      await loadKey();
      const warnings = logged.filter((entry) => entry.event === "secret.warning");
      expect(warnings).toEqual([
        {
          level: "warn",
          event: "secret.warning",
          fields: { ski: 7, warning: parseSecret(JSON.stringify({ id: 7, key: hexKey })).warnings[0] },
        },
      ]);
      expect(JSON.stringify(logged)).not.toContain(hexKey.slice(0, 12));
    } finally {
      await standIn.close();
    }
  });
});
