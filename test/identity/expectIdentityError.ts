import { expect } from "vitest";
import { IdentityError } from "../../lambda/identity/identityError.ts";
import type { IdentityErrorCode } from "../../lambda/identity/identityError.ts";

/** Awaits a rejection and asserts it is an IdentityError with this status and code; returns it. */
export async function expectIdentityError(
  promise: Promise<unknown>,
  status: 401 | 503,
  code: IdentityErrorCode,
): Promise<IdentityError> {
  const error = await promise.then(
    (value) => {
      throw new Error(`expected IdentityError ${code}, but verification succeeded with ${JSON.stringify(value)}`);
    },
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(IdentityError);
  const identityError = error as IdentityError;
  expect({ status: identityError.status, code: identityError.code, detail: identityError.detail }).toMatchObject({
    status,
    code,
  });
  return identityError;
}
