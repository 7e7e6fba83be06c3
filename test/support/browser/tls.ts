// A throwaway self-signed certificate for the local HTTPS stand-ins, made with the openssl CLI.
// Chromium runs with --ignore-certificate-errors, so trust is not the point; the SAN list keeps the
// certificate honest for the hosts we map, which matters if a test ever drops that flag.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TestCertificate {
  readonly key: string;
  readonly cert: string;
}

/** Every host name the harness maps to a local server (wildcards cover the vendors' sub-domains). */
export const certificateHosts: readonly string[] = [
  "*.infobip.com",
  "infobip.com",
  "*.infobip.net",
  "infobip.net",
  "*.cloudfront.net",
  "*.userpilot.io",
  "fonts.googleapis.com",
  "fonts.gstatic.com",
  "evil.example",
  "*.shop.test",
  "shop.test",
  "*.lambda-url.test",
  "localhost",
];

let cached: TestCertificate | undefined;

/** One EC P-256 self-signed certificate per test process, valid for `certificateHosts` and 127.0.0.1. */
export function testCertificate(): TestCertificate {
  if (cached) return cached;
  const dir = mkdtempSync(join(tmpdir(), "livechat-aws-tls-"));
  try {
    const keyPath = join(dir, "key.pem");
    const certPath = join(dir, "cert.pem");
    const san = [...certificateHosts.map((h) => `DNS:${h}`), "IP:127.0.0.1"].join(",");
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-nodes",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-keyout",
        keyPath,
        "-out",
        certPath,
        "-days",
        "2",
        "-subj",
        "/CN=livechat-aws test",
        "-addext",
        `subjectAltName=${san}`,
      ],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    cached = { key: readFileSync(keyPath, "utf8"), cert: readFileSync(certPath, "utf8") };
    return cached;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
