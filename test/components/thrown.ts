// The error of one class a call throws, so a test can assert its fields; fails the test when the call
// succeeds or throws anything else (that error is rethrown as it is).
export function thrown<E extends Error>(type: abstract new (...args: never[]) => E, run: () => unknown): E {
  try {
    run();
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  throw new Error(`expected a ${type.name}`);
}
