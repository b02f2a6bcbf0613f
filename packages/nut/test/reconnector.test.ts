import { describe, expect, it } from "vitest";
import { reconnectDelayMs } from "../src/reconnector.js";

describe("reconnectDelayMs", () => {
  it("starts at the minimum and doubles per failure in a row", () => {
    expect([1, 2, 3, 4].map((n) => reconnectDelayMs(n, 500, 30_000))).toEqual([500, 1000, 2000, 4000]);
  });

  it("never exceeds the maximum, even after very many failures", () => {
    expect(reconnectDelayMs(7, 500, 30_000)).toBe(30_000);
    expect(reconnectDelayMs(10_000, 500, 30_000)).toBe(30_000);
  });
});
