#!/usr/bin/env node
// The livechat-aws command: `livechat-aws smoke …` checks a deployed token signer (bin/smoke/).
// Shell only: argv and the environment in, streams and the exit code out.
import { runSmoke } from "./smoke/runSmoke.ts";

const [command, ...rest] = process.argv.slice(2);
if (command === "smoke") {
  const result = await runSmoke(rest, process.env);
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.code;
} else {
  process.stderr.write(
    `Usage: livechat-aws smoke --url <function-url> [--region r] [--secret <json>] [--widget-id id] [--ttl s]\n       livechat-aws smoke --help\n`,
  );
  process.exitCode = 2;
}
