// `npm run bench`: figures, not assertions.
//  1. per-request cost of the warm signer handler vs a raw node:crypto HS256 baseline and a
//     reference signer shaped like Infobip's Node sample (jsonwebtoken);
//  2. cold start of the built bundle vs bare Node, its bytes, and the same for an AWS SDK
//     based Secrets Manager client (the measurement behind choosing aws4fetch).
import { createHmac, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import jwt from "jsonwebtoken";
import { Bench } from "tinybench";
import { buildSignerBundle, packageRoot, signerBuildOptions } from "../components/signerBundle.ts";
import { signerFileName } from "../components/signerManifest.ts";
import { createSigner } from "../lambda/http/signer.ts";
import { createLogger } from "../lambda/log.ts";
import { createSignerMetrics } from "../lambda/metrics/signerMetrics.ts";
import { createStaticKeySource } from "../lambda/secret/keySources.ts";
import { bareNode, importArgs, measureColdStarts } from "./coldStart.ts";

const root = packageRoot();
const secretText = '{"id":3,"key":"7Q25YT4fKM7G+BO/7QyW9vdF/YC8zBN3w4HQPyKgk98="}';
const widgetId = "e7de374f-e590-4429-ae2d-54be7e90a356";
const coldRuns = Number(process.env["BENCH_COLD_RUNS"] ?? 31);

const fmtUs = (ms: number) => `${(ms * 1000).toFixed(2)} µs`;
const fmtKb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB (${bytes} bytes)`;

// ---- bundles ------------------------------------------------------------------------------
const tmp = mkdtempSync(path.join(tmpdir(), "livechat-bench-"));
const signerBundle = await buildSignerBundle(root);
const signerFile = path.join(tmp, signerFileName);
writeFileSync(signerFile, signerBundle.code);

/** Comparison bundles, built with the signer bundle's esbuild settings. */
async function bundleSnippet(
  name: string,
  contents: string,
  banner?: string,
): Promise<{ file: string; bytes: number }> {
  const result = await build({
    absWorkingDir: root,
    stdin: { contents, resolveDir: root, sourcefile: `${name}.ts`, loader: "ts" },
    ...signerBuildOptions,
    ...(banner === undefined ? {} : { banner: { js: banner } }),
    outfile: path.join(tmp, `${name}.mjs`),
  });
  const code = result.outputFiles[0]?.text ?? "";
  const file = path.join(tmp, `${name}.mjs`);
  writeFileSync(file, code);
  return { file, bytes: Buffer.byteLength(code) };
}

const sdkClient = await bundleSnippet(
  "aws-sdk-client",
  `import { SecretsManagerClient, GetSecretValueCommand } from "@aws-sdk/client-secrets-manager";
   export const client = new SecretsManagerClient({ region: "eu-central-1" });
   export const command = (id: string) => new GetSecretValueCommand({ SecretId: id });`,
  // The SDK's CommonJS parts call require() for Node built-ins, which an ESM bundle needs shimmed.
  'import { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);',
);
const aws4fetchClient = await bundleSnippet("aws4fetch-client", `export { AwsV4Signer } from "aws4fetch";`);
const joseOnly = await bundleSnippet("jose-signjwt", `export { SignJWT } from "jose";`);
// What a site backend bundles when it imports livechat-aws/client (aws4fetch included).
const signerClient = await bundleSnippet("signer-client", `export * from "./client/index.ts";`);

// ---- warm per-request cost ----------------------------------------------------------------
const signer = createSigner({
  config: { widgetId, defaultTtlSeconds: 15, maxTtlSeconds: 60 },
  loadKey: createStaticKeySource(secretText),
  log: createLogger(() => {}), // the log line is built (JSON.stringify) but not written
});
const event = {
  version: "2.0",
  rawPath: "/token",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ sub: "customer@example.com", stp: "email", sid: "85a53925-7bbb-46be-84f8-2b00c4a48a4d" }),
  isBase64Encoded: false,
  // As a Function URL with AWS_IAM auth delivers it: the signer refuses HTTP events without an IAM caller.
  requestContext: {
    requestId: "bench",
    http: { method: "POST", path: "/token" },
    authorizer: { iam: { accountId: "111122223333", userArn: "arn:aws:iam::111122223333:user/bench" } },
  },
};
const warmCheck = (await signer.handle(event)) as { statusCode: number };
if (warmCheck.statusCode !== 200) throw new Error(`warm handler answered ${warmCheck.statusCode}`);
// As in Lambda: one EMF document per request, built and serialised (written to a discarding sink).
let metricBytes = 0;
const signerWithMetrics = createSigner({
  config: { widgetId, defaultTtlSeconds: 15, maxTtlSeconds: 60 },
  loadKey: createStaticKeySource(secretText),
  log: createLogger(() => {}),
  metrics: createSignerMetrics({
    functionName: "livechat-bench-signer",
    write: (line) => void (metricBytes = line.length),
  }),
});
await signerWithMetrics.handle(event);
if (metricBytes === 0) throw new Error("the metrics signer wrote no EMF document");

const parsed = JSON.parse(secretText) as { id: number; key: string };
const keyBytes = Buffer.from(parsed.key, "base64"); // parsed once, like the reference sample
const headerSegment = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString("base64url");
function claims() {
  const iat = Math.floor(Date.now() / 1000);
  return {
    jti: randomUUID(),
    sub: "customer@example.com",
    stp: "email",
    iss: widgetId,
    iat,
    exp: iat + 15,
    ski: parsed.id,
    sid: "85a53925-7bbb-46be-84f8-2b00c4a48a4d",
  };
}
function rawHs256(): string {
  const signingInput = `${headerSegment}.${Buffer.from(JSON.stringify(claims())).toString("base64url")}`;
  return `${signingInput}.${createHmac("sha256", keyBytes).update(signingInput).digest("base64url")}`;
}
function referenceSign(): string {
  return jwt.sign(claims(), keyBytes); // Infobip's Node sample: jwt.sign(payload, Buffer.from(key, "base64"))
}
// Same token shape from all three (sanity check, not a benchmark).
for (const token of [rawHs256(), referenceSign()]) {
  if (token.split(".").length !== 3) throw new Error("baseline produced no JWS");
}

const bench = new Bench({ time: 1500, warmupTime: 300 });
bench.add("warm handler (payload 2.0 event → response)", async () => {
  await signer.handle(event);
});
bench.add("warm handler + EMF metrics document", async () => {
  await signerWithMetrics.handle(event);
});
bench.add("raw node:crypto HS256 (hand-built JWS)", () => {
  rawHs256();
});
bench.add("reference: jsonwebtoken jwt.sign (Infobip sample)", () => {
  referenceSign();
});
await bench.run();

const latency = new Map<string, { mean: number; p50: number; p99: number; ops: number }>();
for (const task of bench.tasks) {
  const r = task.result;
  if (r.state !== "completed") throw new Error(`${task.name}: ${r.state}`);
  latency.set(task.name, { mean: r.latency.mean, p50: r.latency.p50, p99: r.latency.p99, ops: r.throughput.mean });
}
const [handlerName, metricsName, rawName, referenceName] = bench.tasks.map((t) => t.name) as [
  string,
  string,
  string,
  string,
];
const handlerMs = latency.get(handlerName)?.mean ?? NaN;
const metricsMs = latency.get(metricsName)?.mean ?? NaN;
const rawMs = latency.get(rawName)?.mean ?? NaN;
const referenceMs = latency.get(referenceName)?.mean ?? NaN;

// ---- cold start ---------------------------------------------------------------------------
const variants = [
  bareNode,
  { name: "import the signer bundle", args: importArgs(signerFile) },
  {
    // The whole cold path without AWS: import, first key import (static key) and first token.
    name: "import + first token (static key)",
    args: [
      "--input-type=module",
      "-e",
      `const m = await import(${JSON.stringify(pathToFileURL(signerFile).href)});
       const s = m.createSigner({ config: { widgetId: "w", defaultTtlSeconds: 15, maxTtlSeconds: 60 }, loadKey: m.createStaticKeySource(${JSON.stringify(secretText)}), log: () => {} });
       const r = await s.handle({ sub: "a@b.co", stp: "email" });
       if (!r.token) process.exit(3);`,
    ],
  },
  { name: "import AWS SDK client bundle", args: importArgs(sdkClient.file) },
  { name: "import aws4fetch bundle", args: importArgs(aws4fetchClient.file) },
];
const cold = measureColdStarts(variants, coldRuns);
const bare = cold.get(bareNode.name) ?? NaN;
rmSync(tmp, { recursive: true, force: true });

// ---- report -------------------------------------------------------------------------------
console.log(`livechat-aws signer benchmark — Node ${process.version}, ${process.platform}/${process.arch}\n`);
console.log("Warm per-request cost (tinybench, mean / p50 / p99, ops/s):");
for (const [name, l] of latency)
  console.log(
    `  ${name.padEnd(52)} ${fmtUs(l.mean).padStart(11)} ${fmtUs(l.p50).padStart(11)} ${fmtUs(l.p99).padStart(11)}  ${Math.round(l.ops).toLocaleString("en")} ops/s`,
  );
console.log(`  handler / raw baseline:  ${(handlerMs / rawMs).toFixed(2)}×   (target ≤ 10×)`);
console.log(
  `  handler + metrics / raw: ${(metricsMs / rawMs).toFixed(2)}×   (the Lambda's path; EMF document ${metricBytes} bytes; p50 ratio ${((latency.get(metricsName)?.p50 ?? NaN) / (latency.get(rawName)?.p50 ?? NaN)).toFixed(2)}×)`,
);
console.log(
  `  handler / reference:     ${(handlerMs / referenceMs).toFixed(2)}×   (a whole request, parsed, checked, signed and logged, against jwt.sign alone)`,
);
console.log(`\nCold start (whole process wall time, median of ${coldRuns} runs each):`);
for (const [name, ms] of cold) {
  const extra =
    name === bareNode.name ? "" : `  +${(ms - bare).toFixed(1)} ms  (+${(((ms - bare) / bare) * 100).toFixed(1)} %)`;
  console.log(`  ${name.padEnd(36)} ${ms.toFixed(1).padStart(7)} ms${extra}`);
}
console.log("  target: importing the signer bundle adds ≤ 25 % to bare Node");
console.log("\nBundle bytes (esbuild, minified ESM, node24):");
console.log(
  `  dist/signer/index.mjs (whole signer)   ${fmtKb(Buffer.byteLength(signerBundle.code))}  sha256 ${signerBundle.sha256.slice(0, 16)}…  (target ≤ 100 KB)`,
);
console.log(`  aws4fetch AwsV4Signer alone            ${fmtKb(aws4fetchClient.bytes)}`);
console.log(
  `  livechat-aws/client (with aws4fetch)   ${fmtKb(signerClient.bytes)}  (${(signerClient.bytes / aws4fetchClient.bytes).toFixed(2)}× aws4fetch alone)`,
);
console.log(`  jose SignJWT alone                     ${fmtKb(joseOnly.bytes)}`);
console.log(`  @aws-sdk/client-secrets-manager client ${fmtKb(sdkClient.bytes)}`);
