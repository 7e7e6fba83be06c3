// How a component's shell creates its children: each under the component (`{ parent }`), named
// `${name}-<role>`, with an explicit physical name only where Pulumi's auto-name would be refused
// (naming.ts), so a name that works today never changes. One value passed to the helpers that
// create children (the secrets, the invoke permissions, the exposure).
import * as pulumi from "@pulumi/pulumi";
import { nameUnlessAutoNamed, type NameRule } from "./naming.ts";

/** What a helper needs to create a component's children. */
export interface Children {
  /** The component: every child's parent. */
  readonly parent: pulumi.Resource;
  /** Project and stack: the scope that keeps explicit physical names distinct per stack. */
  readonly scope: readonly string[];
}

/** The children of `parent`, in the current project and stack. */
export function childrenOf(parent: pulumi.Resource): Children {
  return { parent, scope: [pulumi.getProject(), pulumi.getStack()] };
}

/**
 * `{ [property]: <name> }` when the child `logicalName` needs an explicit physical name under `rule`;
 * `{}` while Pulumi's auto-name for it is valid (the child keeps it).
 */
export function explicitName(
  children: Children,
  property: string,
  logicalName: string,
  rule: NameRule,
): Record<string, string> {
  const explicit = nameUnlessAutoNamed(logicalName, rule, children.scope);
  return explicit === undefined ? {} : { [property]: explicit };
}
