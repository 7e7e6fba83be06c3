// Runs an argument check on a Pulumi input: at once when the value is plain, or when the value
// becomes known (at preview for config values, including secrets) when it is an Output or Promise.
import * as pulumi from "@pulumi/pulumi";

export function checkedString(value: pulumi.Input<string>, check: (value: string) => void): pulumi.Input<string> {
  if (typeof value === "string") {
    check(value);
    return value;
  }
  return pulumi.output(value).apply((known) => {
    check(known);
    return known;
  });
}
