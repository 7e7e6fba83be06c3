// The Pulumi engine's side of a component provider, on 127.0.0.1: the ResourceMonitor a provider's SDK
// registers a component's children with during Construct, and the Engine service it logs to. It records
// every RegisterResource as it arrives (type, name, parent, provider, inputs in Pulumi's wire encoding),
// answers with the engine's URN rules and deterministic cloud outputs, and refuses what it does not know.
// The same services Pulumi's own SDK tests stand up (sdk/nodejs/tests/runtime/langhost/run.spec.ts).
import * as grpc from "@grpc/grpc-js";
import * as engineRpc from "@pulumi/pulumi/proto/engine_grpc_pb.js";
import enginePb from "@pulumi/pulumi/proto/engine_pb.js";
import * as resourceRpc from "@pulumi/pulumi/proto/resource_grpc_pb.js";
import resourcePb from "@pulumi/pulumi/proto/resource_pb.js";
import emptyPb from "google-protobuf/google/protobuf/empty_pb.js";
import structPb from "google-protobuf/google/protobuf/struct_pb.js";

/** One RegisterResource the provider sent. `inputs` keeps the wire encoding (secrets stay wrapped). */
export interface Registration {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  /** The parent's URN ("" for none). */
  readonly parent: string;
  readonly custom: boolean;
  /** The provider reference (`<urn>::<id>`) the resource is bound to, "" for the default provider. */
  readonly provider: string;
  readonly inputs: Record<string, unknown>;
}

export interface LogEntry {
  readonly severity: string;
  readonly message: string;
  readonly urn: string;
}

export interface EngineStandIn {
  /** Address of the Engine service: the argument Pulumi starts a provider with. */
  readonly engineAddress: string;
  /** Address of the ResourceMonitor: ConstructRequest.monitorEndpoint. */
  readonly monitorAddress: string;
  readonly project: string;
  readonly stack: string;
  /** The root stack resource's URN, the parent of a top-level component. */
  readonly stackUrn: string;
  readonly registrations: readonly Registration[];
  /** RegisterResourceOutputs, by URN (wire encoding). */
  readonly registeredOutputs: ReadonlyMap<string, Record<string, unknown>>;
  readonly logs: readonly LogEntry[];
  /** Invoke tokens and other calls the stand-in refused, so a test can assert there were none. */
  readonly refused: readonly string[];
  /** Forgets what was recorded (between Construct calls). */
  reset(): void;
  close(): Promise<void>;
}

export interface EngineStandInOptions {
  readonly project: string;
  readonly stack: string;
  /** Outputs the cloud would assign to a custom resource, merged over its inputs (e.g. an ARN). */
  readonly cloudOutputs: (type: string, name: string, inputs: Record<string, unknown>) => Record<string, unknown>;
}

const Feature = resourcePb.ResourceMonitorFeature;
// What today's engine advertises and the SDK acts on (runtime/settings.ts awaitFeatureSupport).
const supportedFeatures = [
  Feature.RESOURCE_MONITOR_FEATURE_SECRETS,
  Feature.RESOURCE_MONITOR_FEATURE_RESOURCE_REFERENCES,
  Feature.RESOURCE_MONITOR_FEATURE_OUTPUT_VALUES,
  Feature.RESOURCE_MONITOR_FEATURE_ALIAS_SPECS,
  Feature.RESOURCE_MONITOR_FEATURE_DELETED_WITH,
  Feature.RESOURCE_MONITOR_FEATURE_TRANSFORMS,
  Feature.RESOURCE_MONITOR_FEATURE_PARAMETERIZATION,
];
const severities = ["debug", "info", "warning", "error"];

function toJavaScript(struct: structPb.Struct | undefined): Record<string, unknown> {
  return (struct?.toJavaScript() ?? {}) as Record<string, unknown>;
}

function refuse(callback: (error: Partial<grpc.StatusObject>) => void, details: string): void {
  callback({ code: grpc.status.UNIMPLEMENTED, details });
}

export async function startEngineStandIn(options: EngineStandInOptions): Promise<EngineStandIn> {
  const { project, stack } = options;
  const stackUrn = `urn:pulumi:${stack}::${project}::pulumi:pulumi:Stack::${project}-${stack}`;
  const registrations: Registration[] = [];
  const registeredOutputs = new Map<string, Record<string, unknown>>();
  const logs: LogEntry[] = [];
  const refused: string[] = [];
  const states = new Map<string, { id: string; state: Record<string, unknown> }>();

  // The engine's rule: a child's type is qualified by its parent's, except under the root stack.
  function urnFor(parent: string, type: string, name: string): string {
    const parentType = parent === "" || parent === stackUrn ? undefined : parent.split("::")[2];
    return `urn:pulumi:${stack}::${project}::${parentType === undefined ? type : `${parentType}$${type}`}::${name}`;
  }

  const monitor: Partial<resourceRpc.IResourceMonitorServer> = {
    getDeploymentInfo(_call, callback) {
      const info = new resourcePb.DeploymentInfo();
      info.setProject(project);
      info.setStack(stack);
      info.setSupportedfeaturesList(supportedFeatures);
      callback(null, info);
    },
    supportsFeature(call, callback) {
      const response = new resourcePb.SupportsFeatureResponse();
      response.setHassupport(
        [
          "secrets",
          "resourceReferences",
          "outputValues",
          "aliasSpecs",
          "deletedWith",
          "transforms",
          "parameterization",
        ].includes(call.request.getId()),
      );
      callback(null, response);
    },
    registerResource(call, callback) {
      const request = call.request;
      const urn = urnFor(request.getParent(), request.getType(), request.getName());
      const inputs = toJavaScript(request.getObject());
      registrations.push({
        type: request.getType(),
        name: request.getName(),
        urn,
        parent: request.getParent(),
        custom: request.getCustom(),
        provider: request.getProvider(),
        inputs,
      });
      const response = new resourcePb.RegisterResourceResponse();
      response.setUrn(urn);
      if (request.getCustom()) {
        const id = `${request.getName()}-id`;
        const state = { ...inputs, ...options.cloudOutputs(request.getType(), request.getName(), inputs) };
        states.set(urn, { id, state });
        response.setId(id);
        response.setObject(structPb.Struct.fromJavaScript(state as Record<string, structPb.JavaScriptValue>));
      } else {
        response.setObject(new structPb.Struct());
      }
      callback(null, response);
    },
    registerResourceOutputs(call, callback) {
      registeredOutputs.set(call.request.getUrn(), toJavaScript(call.request.getOutputs()));
      callback(null, new emptyPb.Empty());
    },
    invoke(call, callback) {
      const token = call.request.getTok();
      const args = toJavaScript(call.request.getArgs());
      const known = token === "pulumi:pulumi:getResource" ? states.get(String(args["urn"])) : undefined;
      if (known === undefined) {
        refused.push(`invoke ${token}`);
        refuse(callback, `engine stand-in: no invoke ${token} ${JSON.stringify(args)}`);
        return;
      }
      const response = new resourcePb.ResourceInvokeResponse();
      response.setReturn(
        structPb.Struct.fromJavaScript({ urn: String(args["urn"]), id: known.id, state: known.state } as Record<
          string,
          structPb.JavaScriptValue
        >),
      );
      callback(null, response);
    },
    readResource(call, callback) {
      refused.push(`read ${call.request.getType()}`);
      refuse(callback, "engine stand-in: ReadResource is not expected from these components");
    },
    registerStackTransform(_call, callback) {
      refused.push("registerStackTransform");
      refuse(callback, "engine stand-in: stack transforms are not expected inside Construct");
    },
    signalAndWaitForShutdown(_call, callback) {
      callback(null, new emptyPb.Empty());
    },
  };

  const engine: Partial<engineRpc.IEngineServer> = {
    log(call, callback) {
      logs.push({
        severity: severities[call.request.getSeverity()] ?? "unknown",
        message: call.request.getMessage(),
        urn: call.request.getUrn(),
      });
      callback(null, new emptyPb.Empty());
    },
    getRootResource(_call, callback) {
      const response = new enginePb.GetRootResourceResponse();
      response.setUrn(stackUrn);
      callback(null, response);
    },
    setRootResource(_call, callback) {
      callback(null, new enginePb.SetRootResourceResponse());
    },
  };

  const server = new grpc.Server();
  server.addService(resourceRpc.ResourceMonitorService, monitor as grpc.UntypedServiceImplementation);
  server.addService(engineRpc.EngineService, engine as grpc.UntypedServiceImplementation);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  const address = `127.0.0.1:${port}`;
  return {
    engineAddress: address,
    monitorAddress: address,
    project,
    stack,
    stackUrn,
    registrations,
    registeredOutputs,
    logs,
    refused,
    reset() {
      registrations.length = 0;
      registeredOutputs.clear();
      logs.length = 0;
      refused.length = 0;
      states.clear();
    },
    close: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
}
