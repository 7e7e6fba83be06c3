// How the components' shells name and parent their children (components/children.ts).
import { describe, expect, test } from "vitest";
import { installMocks } from "./mocks.ts";

await installMocks("shop", "prod");
const pulumi = await import("@pulumi/pulumi");
const { childrenOf, explicitName } = await import("../../components/children.ts");
const { autoNamedRules, nameUnlessAutoNamed } = await import("../../components/naming.ts");

describe("children", () => {
  const parent = new pulumi.ComponentResource("test:index:Parent", "kids", {});
  const children = childrenOf(parent);

  test("under the component, scoped to the project and stack", () => {
    expect(children.parent).toBe(parent);
    expect(children.scope).toEqual(["shop", "prod"]);
  });

  test("no explicit name while Pulumi's auto-name is valid: deployed names stay", () => {
    expect(explicitName(children, "name", "kids-role", autoNamedRules.iamRole)).toEqual({});
  });

  test("where the auto-name would be refused, the stable name naming.ts gives, under the property asked for", () => {
    const long = `${"k".repeat(60)}-role`;
    const named = explicitName(children, "name", long, autoNamedRules.iamRole);
    expect(named).toEqual({ name: nameUnlessAutoNamed(long, autoNamedRules.iamRole, ["shop", "prod"]) });
    expect(named["name"]?.length).toBeLessThanOrEqual(64);
    const statementId = explicitName(children, "statementId", "a b", autoNamedRules.statementId);
    expect(statementId).toEqual({
      statementId: nameUnlessAutoNamed("a b", autoNamedRules.statementId, ["shop", "prod"]),
    });
    // What AWS accepts as a statement ID, independently of naming.ts.
    expect(statementId["statementId"]).toMatch(/^[0-9A-Za-z_-]{1,100}$/);
  });
});
