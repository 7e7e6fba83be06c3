// The CspError a call throws, so a test can assert its code, directive and value; fails the test
// when the call succeeds or throws anything else.
import { CspError } from "../../components/csp/index.ts";

export function refusal(run: () => unknown): CspError {
  try {
    run();
  } catch (error) {
    if (error instanceof CspError) return error;
    throw error;
  }
  throw new Error("expected a CspError");
}
