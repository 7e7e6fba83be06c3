// Shared body of the per-stack tests. Each stack imports its own instance of index.ts (the query
// makes it a distinct module), so stacks never share a program run, even in one worker.
import * as pulumi from "@pulumi/pulumi";
import { installMocks, settle, valueOf } from "./mocks.ts";
import { projectName, stackConfig } from "./stackProgram.ts";

export interface StackRun {
  readonly config: Record<string, string>;
  readonly outputs: Record<string, unknown>;
}

/** Sets the stack's config and mocks, imports index.ts, and resolves every exported output. */
export async function runStack(stack: string): Promise<StackRun> {
  const config = stackConfig(stack);
  process.env["PULUMI_CONFIG"] = JSON.stringify(config);
  process.env["PULUMI_CONFIG_SECRET_KEYS"] = "[]";
  pulumi.runtime.setAllConfig(config, []);
  await installMocks(projectName(), stack);
  const program = (await import(/* @vite-ignore */ `../../index.ts?stack=${stack}`)) as Record<string, unknown>;
  const outputs: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(program)) {
    outputs[name] = pulumi.Output.isInstance(value) ? await valueOf(value as pulumi.Output<unknown>) : value;
  }
  await settle();
  return { config, outputs };
}
