import { describe, expect, it } from "vitest";
import { RingBuffer } from "../src/ring-buffer.js";

describe("RingBuffer", () => {
  it("keeps the newest `capacity` items, oldest first", () => {
    const ring = new RingBuffer<number>(3);
    for (let i = 1; i <= 5; i++) ring.push(i);
    expect(ring.size).toBe(3);
    expect(ring.slice(0, 3)).toEqual([3, 4, 5]);
    expect(ring.slice(1, 1)).toEqual([4]);
    expect(ring.slice(2, 10)).toEqual([5]);
    expect(ring.slice(-1, 2)).toEqual([3]);
  });

  it("clears and rejects a bad capacity", () => {
    const ring = new RingBuffer<string>(2);
    ring.push("a");
    ring.clear();
    expect(ring.size).toBe(0);
    expect(ring.slice(0, 2)).toEqual([]);
    expect(() => new RingBuffer(0)).toThrow(RangeError);
  });
});

describe("RingBuffer eviction", () => {
  it("hands back what a full push overwrote, and shifts the oldest", () => {
    const ring = new RingBuffer<string>(2);
    expect(ring.push("a")).toBeUndefined();
    expect(ring.push("b")).toBeUndefined();
    expect(ring.push("c")).toBe("a");
    expect(ring.shift()).toBe("b");
    expect(ring.slice(0, 2)).toEqual(["c"]);
    expect(ring.push("d")).toBeUndefined();
    expect(ring.slice(0, 2)).toEqual(["c", "d"]);
    expect(ring.shift()).toBe("c");
    expect(ring.shift()).toBe("d");
    expect(ring.shift()).toBeUndefined();
    expect(ring.size).toBe(0);
  });
});
