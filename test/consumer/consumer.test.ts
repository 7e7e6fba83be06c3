// The published package, used the way a customer uses it: `npm pack`, install the tarball into a
// fresh TypeScript project shaped like `pulumi new aws-typescript` (CommonJS, classic node module
// resolution), compile it with that project's tsc, and run a program that creates a LiveChat under
// Pulumi mocks. Proves the exports, the .d.ts types and the signer bundling (esbuild finding
// lambda/ and jose/aws4fetch inside node_modules) all work from an installed package.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { buildSignerBundle } from "../../components/signerBundle.ts";

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const work = mkdtempSync(path.join(tmpdir(), "livechat-consumer-"));
const project = path.join(work, "shop-infra");
const node = process.execPath;
const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** npm, run by the same Node that runs the tests (npm scripts set npm_execpath). */
function npm(args: string[], cwd: string): Promise<{ stdout: string; stderr: string }> {
  const cli = process.env["npm_execpath"];
  const [file, argv] = cli !== undefined && cli.endsWith(".js") ? [node, [cli, ...args]] : ["npm", args];
  return run(file, argv, { cwd, timeout: 240_000, maxBuffer: 32 * 1024 * 1024, env: { ...process.env, npm_config_update_notifier: "false" } });
}

const program = `import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import { LiveChat, buildCsp, presets, type LiveChatArgs } from "livechat-aws";

const codeHashes: string[] = [];

async function main(): Promise<void> {
  await pulumi.runtime.setMocks(
    {
      newResource(args: pulumi.runtime.MockResourceArgs) {
        const name = typeof args.inputs.name === "string" ? args.inputs.name : args.name;
        const arn = "arn:aws:" + args.type.split(":")[1]!.split("/")[0] + ":eu-central-1:123456789012:" + name;
        if (args.type === "aws:lambda/function:Function") {
          codeHashes.push(args.inputs.code.assets.then((assets: Record<string, { text: Promise<string> }>) => assets["index.mjs"]!.text)
            .then((text: string) => createHash("sha256").update(text).digest("hex")));
        }
        const state: Record<string, unknown> = { ...args.inputs, arn };
        if (args.type === "aws:lambda/functionUrl:FunctionUrl") state.functionUrl = "https://" + args.name + ".lambda-url.eu-central-1.on.aws/";
        return { id: args.name + "-id", state };
      },
      call: (args: pulumi.runtime.MockCallArgs) => args.inputs,
    },
    "shop-infra",
    "dev",
  );
  const args: LiveChatArgs = {
    widgetId: "3f1c2b9e-5a7d-4e21-9b0c-7d6e5f4a3b21",
    secretArn: "arn:aws:secretsmanager:eu-central-1:123456789012:secret:livechat/key-AbC123",
    signer: { allowedInvokerArns: ["arn:aws:iam::123456789012:role/shop-backend"] },
    csp: { reportOnly: true },
  };
  const chat = new LiveChat("chat", args);
  const outputs = await new Promise((resolve) =>
    pulumi
      .all({ functionUrl: chat.functionUrl, functionArn: chat.functionArn, secretArn: chat.secretArn, policyId: chat.policyId, contentSecurityPolicy: chat.contentSecurityPolicy })
      .apply(resolve),
  );
  const expectedCsp = buildCsp({ presets: [presets.infobipLiveChat()] }).header;
  const codeSha256 = await Promise.all(codeHashes as unknown as Promise<string>[]);
  console.log(JSON.stringify({ outputs, expectedCsp, codeSha256 }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
`;

interface ConsumerResult {
  outputs: Record<string, string>;
  expectedCsp: string;
  codeSha256: string[];
}

let result: ConsumerResult;
let tarball: string;

beforeAll(async () => {
  const packed = await npm(["pack", "--json", "--pack-destination", work], root);
  const info = JSON.parse(packed.stdout.slice(packed.stdout.indexOf("["))) as { filename: string; files: { path: string }[] }[];
  tarball = path.join(work, info[0]!.filename);
  const files = info[0]!.files.map((f) => f.path);
  writeFileSync(path.join(work, "files.json"), JSON.stringify(files));

  rmSync(project, { recursive: true, force: true });
  await run("mkdir", ["-p", project]);
  writeFileSync(
    path.join(project, "package.json"),
    JSON.stringify(
      {
        name: "shop-infra",
        main: "bin/index.js",
        devDependencies: { "@types/node": manifest.devDependencies["@types/node"], typescript: manifest.devDependencies["typescript"] },
        dependencies: { "@pulumi/aws": manifest.dependencies["@pulumi/aws"], "@pulumi/pulumi": manifest.dependencies["@pulumi/pulumi"] },
      },
      null,
      2,
    ),
  );
  // The compiler options `pulumi new aws-typescript` writes.
  writeFileSync(
    path.join(project, "tsconfig.json"),
    JSON.stringify(
      {
        compilerOptions: {
          strict: true,
          outDir: "bin",
          target: "es2020",
          module: "commonjs",
          moduleResolution: "node",
          sourceMap: true,
          experimentalDecorators: true,
          pretty: true,
          noFallthroughCasesInSwitch: true,
          noImplicitReturns: true,
          forceConsistentCasingInFileNames: true,
        },
        files: ["index.ts"],
      },
      null,
      2,
    ),
  );
  writeFileSync(path.join(project, "index.ts"), program);
  await npm(["install", tarball, "--prefer-offline", "--no-audit", "--no-fund"], project);
  await run(node, [path.join(project, "node_modules", "typescript", "bin", "tsc"), "-p", project], { cwd: project, timeout: 120_000 });
  const { stdout } = await run(node, [path.join(project, "bin", "index.js")], { cwd: project, timeout: 120_000 });
  result = JSON.parse(stdout.trim().split("\n").at(-1) ?? "") as ConsumerResult;
}, 480_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe("the packed package in a fresh aws-typescript project", () => {
  test("ships compiled JS with types, the lambda sources, README and the CLI; no tests", () => {
    const files = JSON.parse(readFileSync(path.join(work, "files.json"), "utf8")) as string[];
    expect(files).toEqual(expect.arrayContaining(["package.json", "README.md", "lib/components/index.js", "lib/components/index.d.ts", "lambda/index.ts", "lib/bin/livechat-csp.js"]));
    expect(files.filter((f) => f.startsWith("test/") || f.startsWith("dist/") || f.endsWith(".test.ts"))).toEqual([]);
  });

  test("a LiveChat created there resolves its outputs", () => {
    expect(result.outputs).toEqual({
      functionUrl: "https://chat-signer-url.lambda-url.eu-central-1.on.aws/",
      functionArn: "arn:aws:lambda:eu-central-1:123456789012:shop-infra-dev-chat-signer",
      secretArn: "arn:aws:secretsmanager:eu-central-1:123456789012:secret:livechat/key-AbC123",
      policyId: "chat-csp-headers-id",
      contentSecurityPolicy: result.expectedCsp,
    });
    expect(result.expectedCsp).toContain("https://*.infobip.com");
  });

  test("the signer code bundled from inside node_modules is the build:signer bundle", async () => {
    const built = await buildSignerBundle();
    expect(result.codeSha256).toEqual([built.sha256]);
  });
});
