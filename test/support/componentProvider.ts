// This package started the way Pulumi starts a component plugin from source (`pulumi package add
// <repo>@vX.Y.Z`, then every preview or update of a Python, Go, C# or YAML stack): the language host
// runs `node <plugin>/node_modules/@pulumi/pulumi/cmd/run-plugin <plugin dir> <engine address>` in the
// program's directory, reads the port the provider prints, and speaks gRPC to it. No Pulumi CLI:
// the engine's side is test/support/pulumiEngineStandIn.ts.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import * as grpc from "@grpc/grpc-js";
import pluginPb from "@pulumi/pulumi/proto/plugin_pb.js";
import * as providerRpc from "@pulumi/pulumi/proto/provider_grpc_pb.js";
import providerPb from "@pulumi/pulumi/proto/provider_pb.js";
import emptyPb from "google-protobuf/google/protobuf/empty_pb.js";
import structPb from "google-protobuf/google/protobuf/struct_pb.js";

export interface ConstructArgs {
  readonly project: string;
  readonly stack: string;
  readonly monitorAddress: string;
  readonly parent: string;
  readonly type: string;
  readonly name: string;
  /** The component's inputs in Pulumi's wire encoding (secrets and output values as the engine forwards them). */
  readonly inputs: Record<string, unknown>;
  /** Package name → provider reference (`<urn>::<id>`), as `providers` on the component's resource options. */
  readonly providers?: Readonly<Record<string, string>>;
  readonly dryRun?: boolean;
}

export interface ConstructResult {
  readonly urn: string;
  /** The component's outputs in wire encoding. */
  readonly state: Record<string, unknown>;
}

export interface ComponentProvider {
  getPluginVersion(): Promise<string>;
  /** GetSchema, parsed. */
  getSchema(): Promise<unknown>;
  construct(args: ConstructArgs): Promise<ConstructResult>;
  /** What the provider process wrote to stderr so far. */
  stderr(): string;
  close(): Promise<void>;
}

type Unary<Req, Res> = (request: Req, callback: (error: grpc.ServiceError | null, response: Res) => void) => unknown;

function unary<Req, Res>(method: Unary<Req, Res>, request: Req): Promise<Res> {
  return new Promise((resolve, reject) => {
    method(request, (error, response) => (error === null ? resolve(response) : reject(error)));
  });
}

/**
 * Starts `run-plugin` on `pluginDir` with `cwd` as the program's directory and connects to it. Rejects
 * with the provider's stderr when it exits or prints no port within `startTimeoutMs`.
 */
export async function startComponentProvider(options: {
  readonly pluginDir: string;
  readonly engineAddress: string;
  readonly cwd: string;
  readonly startTimeoutMs?: number;
}): Promise<ComponentProvider> {
  const runPlugin = createRequire(path.join(options.pluginDir, "package.json")).resolve(
    "@pulumi/pulumi/cmd/run-plugin",
  );
  const env = { ...process.env };
  // `runtime.options.typescript: false` in PulumiPlugin.yaml: the language host does not set it.
  delete env["PULUMI_NODEJS_TYPESCRIPT"];
  const child = spawn(process.execPath, [runPlugin, options.pluginDir, options.engineAddress], {
    cwd: options.cwd,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stopOnExit = (): void => void child.kill();
  process.once("exit", stopOnExit);

  const port = await new Promise<number>((resolve, reject) => {
    let stdout = "";
    const timer = setTimeout(
      () => fail(`printed no port within ${options.startTimeoutMs ?? 60_000} ms`),
      options.startTimeoutMs ?? 60_000,
    );
    function fail(why: string): void {
      clearTimeout(timer);
      child.kill();
      reject(new Error(`run-plugin ${why}; stdout: ${JSON.stringify(stdout)}; stderr:\n${stderr}`));
    }
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      const line = /^(\d+)\r?\n/m.exec(stdout);
      if (line?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(Number(line[1]));
      }
    });
    child.once("exit", (code, signal) => fail(`exited (code ${code}, signal ${signal})`));
  });

  const client = new providerRpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  return {
    async getPluginVersion() {
      const info = await unary<emptyPb.Empty, pluginPb.PluginInfo>(
        client.getPluginInfo.bind(client),
        new emptyPb.Empty(),
      );
      return info.getVersion();
    },
    async getSchema() {
      const request = new providerPb.GetSchemaRequest();
      request.setVersion(0);
      const response = await unary<providerPb.GetSchemaRequest, providerPb.GetSchemaResponse>(
        client.getSchema.bind(client),
        request,
      );
      return JSON.parse(response.getSchema()) as unknown;
    },
    async construct(args) {
      const request = new providerPb.ConstructRequest();
      request.setProject(args.project);
      request.setStack(args.stack);
      request.setOrganization("organization");
      request.setDryrun(args.dryRun ?? false);
      request.setParallel(4);
      request.setMonitorendpoint(args.monitorAddress);
      request.setParent(args.parent);
      request.setType(args.type);
      request.setName(args.name);
      request.setInputs(structPb.Struct.fromJavaScript(args.inputs as Record<string, structPb.JavaScriptValue>));
      for (const [pkg, ref] of Object.entries(args.providers ?? {})) request.getProvidersMap().set(pkg, ref);
      const response = await unary<providerPb.ConstructRequest, providerPb.ConstructResponse>(
        client.construct.bind(client),
        request,
      );
      return { urn: response.getUrn(), state: (response.getState()?.toJavaScript() ?? {}) as Record<string, unknown> };
    },
    stderr: () => stderr,
    async close() {
      client.close();
      process.off("exit", stopOnExit);
      child.kill();
      await exited;
    },
  };
}
