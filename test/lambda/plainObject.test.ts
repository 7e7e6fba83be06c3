// isPlainObject (lambda/plainObject.ts): what JSON.parse builds as an object, or a prototype-less
// object; never an array, null, a primitive or a class instance.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isPlainObject } from "../../lambda/plainObject.ts";

describe("isPlainObject", () => {
  it("accepts {} and Object.create(null); refuses arrays, null, primitives and instances", () => {
    expect([{}, { a: 1 }, Object.create(null) as object].map(isPlainObject)).toEqual([true, true, true]);
    expect(
      [[], null, undefined, "{}", 1, true, new Date(0), new Map(), new (class Point {})(), () => {}].map(isPlainObject),
    ).toEqual(Array(10).fill(false));
  });

  it("any JSON value: true exactly for the objects JSON.parse builds", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const parsed: unknown = JSON.parse(JSON.stringify(value) ?? "null");
        expect(isPlainObject(parsed)).toBe(typeof parsed === "object" && parsed !== null && !Array.isArray(parsed));
      }),
    );
  });
});
