// `npm run consumer:lock`: re-resolves the consumer test's project (test/consumer/project/) and
// writes its package-lock.json. Run it after changing the package's own dependencies.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { refreshLockfile } from "../test/consumer/consumerProject.ts";

const dir = mkdtempSync(path.join(tmpdir(), "livechat-consumer-lock-"));
try {
  await refreshLockfile(dir);
  console.log("test/consumer/project/package-lock.json refreshed; commit it.");
} finally {
  rmSync(dir, { recursive: true, force: true });
}
