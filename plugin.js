// The module Pulumi's run-plugin loads (package.json `main`) when this package serves Python, Go, C#
// and YAML stacks: it hosts every ComponentResource exported here. Plain JavaScript on purpose:
// run-plugin registers ts-node for `.ts` files whatever PulumiPlugin.yaml says, and ts-node refuses
// our `.ts` import paths; a `.js` module's imports go through Node's own loader, which strips the
// types. npm consumers never load this file (package.json `exports` sends them to lib/); npm packs it
// anyway, as it packs every `main`, which is why it sits here and not among the sources in components/.
export * from "./components/index.ts";
