import { describe, expect, it } from "vitest";
import { jitter, nextDelayMs } from "../src/backoff.js";
import { defaultHostName } from "../src/host-name.js";

describe("nextDelayMs", () => {
  it("is the interval while healthy and doubles per consecutive failure up to the cap", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((n) => nextDelayMs(1000, n, 60_000))).toEqual([
      1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000,
    ]);
  });

  it("never caps below the interval and survives huge failure counts", () => {
    expect(nextDelayMs(120_000, 3, 60_000)).toBe(120_000);
    expect(nextDelayMs(1000, 10_000, 60_000)).toBe(60_000);
  });
});

describe("jitter", () => {
  it("is uniform in [0, jitterMs) and 0 when disabled", () => {
    expect(jitter(200, () => 0)).toBe(0);
    expect(jitter(200, () => 0.999)).toBe(199);
    expect(jitter(0, () => 0.5)).toBe(0);
  });
});

describe("defaultHostName", () => {
  it("makes an OS host name valid for the envelope", () => {
    expect(defaultHostName("nas1.local")).toBe("nas1.local");
    expect(defaultHostName("my host!")).toBe("my-host-");
    expect(defaultHostName("-x")).toBe("x");
    expect(defaultHostName("")).toBe("localhost");
    expect(defaultHostName("a".repeat(80))).toHaveLength(64);
  });
});
