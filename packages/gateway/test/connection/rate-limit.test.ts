import { describe, expect, it } from "vitest";
import { createRateLimiter } from "../../src/connection/rate-limit.js";

const clock = () => {
  let t = 0;
  return { now: () => t, advance: (ms: number) => (t += ms) };
};

describe("rate limiter (token bucket)", () => {
  it("allows a burst, warns once, then closes", () => {
    const c = clock();
    const limiter = createRateLimiter({ messagesPerSecond: 10, burst: 3, now: c.now });
    expect([limiter.take(), limiter.take(), limiter.take()]).toEqual(["ok", "ok", "ok"]);
    expect(limiter.take()).toBe("warn");
    expect(limiter.take()).toBe("close");
  });

  it("refills at messagesPerSecond", () => {
    const c = clock();
    const limiter = createRateLimiter({ messagesPerSecond: 10, burst: 1, now: c.now });
    expect(limiter.take()).toBe("ok");
    c.advance(50);
    expect(limiter.take()).toBe("warn");
    c.advance(100);
    expect(limiter.take()).toBe("ok");
  });

  it("keeps the warning while the client keeps pushing at the limit", () => {
    const c = clock();
    const limiter = createRateLimiter({ messagesPerSecond: 10, burst: 5, now: c.now });
    for (let i = 0; i < 5; i++) limiter.take();
    expect(limiter.take()).toBe("warn");
    c.advance(100);
    expect(limiter.take()).toBe("ok");
    expect(limiter.take()).toBe("close");
  });

  it("forgives the warning once the bucket is full again", () => {
    const c = clock();
    const limiter = createRateLimiter({ messagesPerSecond: 10, burst: 2, now: c.now });
    limiter.take();
    limiter.take();
    expect(limiter.take()).toBe("warn");
    c.advance(1000);
    expect([limiter.take(), limiter.take()]).toEqual(["ok", "ok"]);
    expect(limiter.take()).toBe("warn");
  });
});
