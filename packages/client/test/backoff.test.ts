import { describe, expect, it } from "vitest";
import {
  backoffCeiling,
  backoffDelay,
  hintedDelay,
  maxBackoffDelay,
  retryLaterDelay,
} from "../src/backoff.js";
import { parseHint } from "../src/close-policy.js";

const policy = (random: () => number) => ({ minDelayMs: 500, maxDelayMs: 5000, random });

describe("full-jitter backoff", () => {
  it("ceilings double from the base up to the max", () => {
    const ceilings = [0, 1, 2, 3, 4, 5, 40].map((n) => backoffCeiling(n, policy(Math.random)));
    expect(ceilings).toEqual([500, 1000, 2000, 4000, 5000, 5000, 5000]);
  });

  it("every delay is within [0, min(max, base·2^n)] for any draw", () => {
    const draws = [0, 0.001, 0.25, 0.5, 0.75, 0.999999];
    for (let n = 0; n < 8; n++) {
      for (const draw of draws) {
        const delay = backoffDelay(
          n,
          policy(() => draw),
        );
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(Math.min(5000, 500 * 2 ** n));
      }
    }
  });

  it("uses the draw linearly: 0 → 0, 0.5 → half the ceiling", () => {
    expect(
      backoffDelay(
        2,
        policy(() => 0),
      ),
    ).toBe(0);
    expect(
      backoffDelay(
        2,
        policy(() => 0.5),
      ),
    ).toBe(1000);
  });

  it("clamps a misbehaving random source into [0, 1]", () => {
    expect(
      backoffDelay(
        0,
        policy(() => 7),
      ),
    ).toBe(500);
    expect(
      backoffDelay(
        0,
        policy(() => -1),
      ),
    ).toBe(0);
    expect(
      backoffDelay(
        0,
        policy(() => Number.NaN),
      ),
    ).toBe(0);
  });

  it("the slow-down delay stays in [max/2, max]", () => {
    expect(maxBackoffDelay(policy(() => 0))).toBe(2500);
    expect(maxBackoffDelay(policy(() => 0.999999))).toBeLessThanOrEqual(5000);
  });

  it("a 1001 hint is honoured plus up to minDelayMs of jitter, capped at 60 s", () => {
    expect(
      hintedDelay(
        1500,
        policy(() => 0.5),
      ),
    ).toBe(1750);
    expect(
      hintedDelay(
        10 ** 9,
        policy(() => 0),
      ),
    ).toBe(60_000);
    expect(parseHint('{"reconnect":true,"retry_after_ms":1234}')).toBe(1234);
    expect(parseHint("server shutting down")).toBeUndefined();
    expect(parseHint('{"retry_after_ms":-5}')).toBeUndefined();
    expect(parseHint("{broken")).toBeUndefined();
  });

  it("a try-again-later hint is a floor: the longer of hint plus jitter and the attempt's backoff", () => {
    const draw = (r: number) => policy(() => r);
    expect(retryLaterDelay(2000, 0, draw(0))).toBe(2000);
    expect(retryLaterDelay(2000, 0, draw(0.5))).toBe(2250);
    // attempt 4's ceiling (5000) draws past the hint
    expect(retryLaterDelay(2000, 4, draw(0.8))).toBe(4000);
    expect(retryLaterDelay(10 ** 9, 0, draw(0))).toBe(60_000);
  });
});
