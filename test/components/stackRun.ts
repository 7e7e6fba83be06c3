// Shared body of the per-stack tests: a stack program (this repository's index.ts, or an example's)
// under Pulumi mocks with its shipped config. Each run imports its own instance of the program (the
// query makes it a distinct module), so runs never share a program, even in one worker.
import * as pulumi from "@pulumi/pulumi";
import { installMocks, settle, valueOf } from "./mocks.ts";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { projectName, repoRoot, stackConfig } from "./stackProgram.ts";

export interface StackRun {
  readonly config: Record<string, string>;
  readonly outputs: Record<string, unknown>;
}

export interface StackRunOptions {
  /** The project folder (Pulumi.yaml, Pulumi.<stack>.yaml, index.ts); default this repository. */
  readonly dir?: string;
  /** Config the shipped file leaves to `pulumi config set --secret`, as secrets. */
  readonly secrets?: Readonly<Record<string, string>>;
}

/** Sets the stack's config and mocks, imports the program, and resolves every exported output. */
export async function runStack(stack: string, options: StackRunOptions = {}): Promise<StackRun> {
  const dir = options.dir ?? repoRoot;
  const config = { ...stackConfig(stack, dir), ...options.secrets };
  const secretKeys = Object.keys(options.secrets ?? {});
  process.env["PULUMI_CONFIG"] = JSON.stringify(config);
  process.env["PULUMI_CONFIG_SECRET_KEYS"] = JSON.stringify(secretKeys);
  pulumi.runtime.setAllConfig(config, secretKeys);
  await installMocks(projectName(dir), stack);
  const url = `${pathToFileURL(path.join(dir, "index.ts")).href}?stack=${stack}`;
  const program = (await import(/* @vite-ignore */ url)) as Record<string, unknown>;
  const outputs: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(program)) {
    outputs[name] = pulumi.Output.isInstance(value) ? await valueOf(value as pulumi.Output<unknown>) : value;
  }
  await settle();
  return { config, outputs };
}
