import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ClientError } from "../src/index.js";
import { parseRetryAfter } from "../src/retry-after.js";
import { BrowserFakeSocket, FakeSocket } from "./helpers/fake-socket.js";
import { flush, makeClient, openAndAck, record } from "./helpers/setup.js";

beforeEach(() => {
  FakeSocket.reset();
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const hint = (ms: number) => JSON.stringify({ reconnect: true, retry_after_ms: ms });

/** Advances to just before `delayMs` (no new socket yet), then to it (one new socket). */
async function expectRetryAt(delayMs: number): Promise<void> {
  const before = FakeSocket.instances.length;
  await vi.advanceTimersByTimeAsync(delayMs - 1);
  expect(FakeSocket.instances).toHaveLength(before);
  await vi.advanceTimersByTimeAsync(1);
  expect(FakeSocket.instances).toHaveLength(before + 1);
}

describe("close 1013 (the gateway's per-IP limit)", () => {
  it("waits at least retry_after_ms, emits try_again_later, and waits longer while refused again", async () => {
    const client = makeClient({ reconnect: { minDelayMs: 500, maxDelayMs: 5000, random: () => 0.999999 } });
    const events = record(client);
    client.subscribe("system.stats");
    (await openAndAck()).serverClose(1013, hint(2000));
    await flush();
    const [error] = events.of<ClientError>("error");
    expect(error).toMatchObject({ code: "try_again_later", closeCode: 1013, fatal: false });
    expect(events.of("close")).toEqual([
      { code: 1013, reason: hint(2000), wasOpen: true, willReconnect: true },
    ]);
    // the hint plus jitter, until this attempt's backoff (499 · 2^n) is longer: then the backoff
    for (const delayMs of [2499, 2499, 2499, 3999, 4999]) {
      expect(events.of<{ delayMs: number }>("reconnecting").at(-1)!.delayMs).toBe(delayMs);
      await expectRetryAt(delayMs);
      FakeSocket.last.open(); // the gateway upgrades, then closes at once: no frame resets the backoff
      FakeSocket.last.serverClose(1013, hint(2000));
      await flush();
    }
    expect(client.state).toBe("reconnecting");
    await client.close();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("without a hint, waits near the max delay", async () => {
    const client = makeClient({ reconnect: { random: () => 0 } });
    const events = record(client);
    (await openAndAck()).serverClose(1013, "busy");
    await flush();
    expect(events.of("reconnecting")).toEqual([{ attempt: 1, delayMs: 2500 }]);
    await client.close();
  });

  it("reaches browsers too (a close code, unlike an HTTP status)", async () => {
    const client = makeClient({ WebSocket: BrowserFakeSocket, reconnect: { random: () => 0.5 } });
    const events = record(client);
    (await openAndAck()).serverClose(1013, hint(3000));
    await flush();
    expect(events.of("reconnecting")).toEqual([{ attempt: 1, delayMs: 3250 }]);
    await expectRetryAt(3250);
    await client.close();
  });
});

describe("Retry-After on a refused upgrade (Node's ws)", () => {
  it("HTTP 503 with Retry-After: waits that long plus jitter, without an error", async () => {
    const client = makeClient({ reconnect: { random: () => 0.5 } });
    const events = record(client);
    await flush();
    FakeSocket.last.refuse(503, { "retry-after": "3" });
    await flush();
    expect(events.of("close")).toEqual([
      { code: 1006, reason: "", httpStatus: 503, retryAfterMs: 3000, wasOpen: false, willReconnect: true },
    ]);
    expect(events.of("reconnecting")).toEqual([{ attempt: 1, delayMs: 3250 }]);
    expect(events.of("error")).toEqual([]);
    await expectRetryAt(3250);
    await client.close();
  });

  it("HTTP 429 with Retry-After uses it instead of the near-max delay", async () => {
    const client = makeClient({ reconnect: { random: () => 0 } });
    const events = record(client);
    await flush();
    FakeSocket.last.refuse(429, { "retry-after": "1" });
    await flush();
    expect(events.of("reconnecting")).toEqual([{ attempt: 1, delayMs: 1000 }]);
    await client.close();
  });

  it("a Retry-After date counts from the injected clock", async () => {
    const now = Date.parse("2025-06-19T14:30:00Z");
    const client = makeClient({ clock: () => now, reconnect: { random: () => 0 } });
    const events = record(client);
    await flush();
    FakeSocket.last.refuse(503, { "retry-after": "Thu, 19 Jun 2025 14:30:04 GMT" });
    await flush();
    expect(events.of<{ retryAfterMs: number }>("close")[0]!.retryAfterMs).toBe(4000);
    expect(events.of("reconnecting")).toEqual([{ attempt: 1, delayMs: 4000 }]);
    await client.close();
  });

  it("401 stays fatal whatever Retry-After says", async () => {
    const client = makeClient();
    const events = record(client);
    await flush();
    FakeSocket.last.refuse(401, { "retry-after": "1" });
    await flush();
    expect(client.state).toBe("closed");
    expect(events.of("reconnecting")).toEqual([]);
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2025-06-19T14:30:00Z");
  it("reads delta-seconds and HTTP-dates, capped at 60 s; anything else is no hint", () => {
    expect(parseRetryAfter("5", now)).toBe(5000);
    expect(parseRetryAfter(" 0 ", now)).toBe(0);
    expect(parseRetryAfter(["2", "9"], now)).toBe(2000);
    expect(parseRetryAfter("3600", now)).toBe(60_000);
    expect(parseRetryAfter("Thu, 19 Jun 2025 14:29:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("Thu, 19 Jun 2025 14:30:10 GMT", now)).toBe(10_000);
    for (const bad of [undefined, "", "-1", "1.5", "soon", 5])
      expect(parseRetryAfter(bad, now)).toBeUndefined();
  });
});
