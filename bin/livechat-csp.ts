#!/usr/bin/env node
// Shell around runCli: argv in, streams and exit code out.
import { runCli } from "../components/csp/cli.ts";

const result = runCli(process.argv.slice(2));
process.stdout.write(result.stdout);
process.stderr.write(result.stderr);
process.exitCode = result.code;
