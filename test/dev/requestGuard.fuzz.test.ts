// Property: the runner answers a Host only if it is one of its own names on its port (or an
// opted-in one), and takes a write only from its own origins (or none), whatever else is sent.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRequestGuard } from "../../dev/requestGuard.ts";

const port = 8787;
const own = ["127.0.0.1:8787", "localhost:8787", "[::1]:8787"];
const ownOrigins = ["http://127.0.0.1:8787", "http://localhost:8787", "http://[::1]:8787"];
const guard = createRequestGuard({
  port,
  listenHost: "127.0.0.1",
  allowedHosts: ["www.shop.test"],
  allowedOrigins: ["https://www.shop.test"],
});

// Near misses of the real values, and arbitrary text.
const mutate = (text: string) =>
  fc.oneof(
    fc.constant(text),
    fc.constant(text.toUpperCase()),
    fc.tuple(fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 })).map(([a, b]) => `${a}${text}${b}`),
    fc.nat({ max: text.length }).map((i) => text.slice(0, i)),
  );
const hostValue = fc.oneof(
  fc.constantFrom(...own, "www.shop.test").chain(mutate),
  fc.string({ maxLength: 40 }),
  fc.webAuthority(),
);
const originValue = fc.oneof(
  fc.constantFrom(...ownOrigins, "https://www.shop.test").chain(mutate),
  fc.webUrl(),
  fc.constant("null"),
);

describe("createRequestGuard", () => {
  it("answers exactly the allowed Host values", () => {
    fc.assert(
      fc.property(hostValue, (host) => {
        const allowed = [...own, "www.shop.test"].includes(host.toLowerCase());
        expect(guard({ method: "GET", headers: { host } }) === undefined).toBe(allowed);
      }),
      { numRuns: 1000 },
    );
  });

  it("takes a write only from an allowed Origin or without one", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("POST", "PUT", "PATCH", "DELETE", "post"),
        fc.option(originValue, { nil: undefined }),
        (method, origin) => {
          const allowed =
            origin === undefined || [...ownOrigins, "https://www.shop.test"].includes(origin.toLowerCase());
          const headers = origin === undefined ? { host: "127.0.0.1:8787" } : { host: "127.0.0.1:8787", origin };
          expect(guard({ method, headers }) === undefined).toBe(allowed);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
