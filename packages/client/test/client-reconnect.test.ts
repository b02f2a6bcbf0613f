import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ClientError } from "../src/index.js";
import { FakeSocket } from "./helpers/fake-socket.js";
import { flush, makeClient, openAndAck, record } from "./helpers/setup.js";

beforeEach(() => {
  FakeSocket.reset();
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A random source replaying `draws` in a loop. */
const sequence = (draws: number[]) => {
  let i = 0;
  return () => draws[i++ % draws.length]!;
};

describe("reconnect backoff", () => {
  it("waits a full-jitter delay within [0, min(max, base·2^n)] and reconnects exactly then", async () => {
    const draws = [0.999999, 0.3, 0, 0.75, 0.5, 0.999999, 0.1];
    const client = makeClient({ reconnect: { minDelayMs: 500, maxDelayMs: 5000, random: sequence(draws) } });
    const events = record(client);
    await flush();
    for (let n = 0; n < draws.length; n++) {
      const before = FakeSocket.instances.length;
      FakeSocket.last.serverClose(1006);
      await flush();
      const { attempt, delayMs } = events.of<{ attempt: number; delayMs: number }>("reconnecting").at(-1)!;
      const ceiling = Math.min(5000, 500 * 2 ** n);
      expect(attempt).toBe(n + 1);
      expect(delayMs).toBe(Math.floor(draws[n]! * ceiling));
      expect(delayMs).toBeGreaterThanOrEqual(0);
      expect(delayMs).toBeLessThanOrEqual(ceiling);
      if (delayMs > 0) {
        await vi.advanceTimersByTimeAsync(delayMs - 1);
        expect(FakeSocket.instances).toHaveLength(before);
      }
      await vi.advanceTimersByTimeAsync(1);
      expect(FakeSocket.instances).toHaveLength(before + 1);
    }
    await client.close();
  });

  it("starts over from the base once a connection delivered a frame", async () => {
    const client = makeClient({ reconnect: { random: () => 0.999999 } });
    const events = record(client);
    await flush();
    for (let i = 0; i < 4; i++) {
      FakeSocket.last.serverClose(1006);
      await vi.advanceTimersByTimeAsync(5000);
    }
    const ws = FakeSocket.last;
    ws.open();
    ws.receive({ type: "pong", timestamp: "t" });
    ws.serverClose(1006);
    await flush();
    expect(events.of<{ delayMs: number }>("reconnecting").map((r) => r.delayMs)).toEqual([
      499, 999, 1999, 3999, 499,
    ]);
    await client.close();
  });
});

describe("close codes", () => {
  it("1001 with a hint: reconnects after retry_after_ms plus jitter, without an error", async () => {
    const client = makeClient();
    const events = record(client);
    client.subscribe("system.stats");
    const ws = await openAndAck();
    ws.serverClose(1001, JSON.stringify({ reconnect: true, retry_after_ms: 1500 }));
    await flush();
    expect(events.of("reconnecting")).toEqual([{ attempt: 1, delayMs: 1750 }]);
    expect(events.of("close")).toEqual([
      { code: 1001, reason: '{"reconnect":true,"retry_after_ms":1500}', wasOpen: true, willReconnect: true },
    ]);
    await vi.advanceTimersByTimeAsync(1749);
    expect(FakeSocket.instances).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeSocket.instances).toHaveLength(2);
    expect(events.of("error")).toEqual([]);
    await client.close();
  });

  it("4401: emits a fatal unauthorized error and stops — no timer, no retry", async () => {
    const client = makeClient();
    const events = record(client);
    const sub = client.subscribe("system.stats");
    const ws = await openAndAck();
    ws.serverClose(4401, "token expired");
    await flush();
    const [error] = events.of<ClientError>("error");
    expect(error).toMatchObject({ code: "unauthorized", fatal: true, closeCode: 4401 });
    expect(client.state).toBe("closed");
    expect(vi.getTimerCount()).toBe(0);
    expect(sub.active).toBe(false);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.instances).toHaveLength(1);
  });

  it("HTTP 401 at the upgrade (ws) is unauthorized too, and rejects a pending subscribe", async () => {
    const client = makeClient();
    const events = record(client);
    const sub = client.subscribe("system.stats");
    await flush();
    FakeSocket.last.refuse(401);
    await flush();
    expect(FakeSocket.last.terminated).toBe(true);
    await expect(sub).rejects.toMatchObject({ code: "unauthorized", httpStatus: 401 });
    expect(events.of("close")).toEqual([
      { code: 1006, reason: "", httpStatus: 401, wasOpen: false, willReconnect: false },
    ]);
    expect(client.state).toBe("closed");
    expect(vi.getTimerCount()).toBe(0);
  });

  it("retryOnUnauthorized keeps trying, near the max delay", async () => {
    const client = makeClient({ retryOnUnauthorized: true, reconnect: { random: () => 0 } });
    const events = record(client);
    await flush();
    FakeSocket.last.refuse(401);
    await flush();
    expect(events.of("reconnecting")).toEqual([{ attempt: 1, delayMs: 2500 }]);
    expect(events.of<ClientError>("error")[0]).toMatchObject({ code: "unauthorized", fatal: false });
    await client.close();
  });

  it("4429 backs off to the max with a rate_limited error; 4008 resumes with a slow_consumer error", async () => {
    const client = makeClient({ reconnect: { random: () => 0.5 } });
    const events = record(client);
    const ws = await openAndAck();
    ws.serverClose(4429, "rate limited");
    await flush();
    expect(events.of("reconnecting").at(-1)).toEqual({ attempt: 1, delayMs: 3750 });
    await vi.advanceTimersByTimeAsync(3750);
    const next = await openAndAck();
    next.serverClose(4008, "slow consumer");
    await flush();
    expect(events.of<ClientError>("error").map((e) => [e.code, e.fatal])).toEqual([
      ["rate_limited", false],
      ["slow_consumer", false],
    ]);
    expect(client.state).toBe("reconnecting");
    await client.close();
  });
});

describe("watchdog", () => {
  it("pings when idle, is satisfied by a pong, and reconnects when nothing arrives in time", async () => {
    const client = makeClient({ watchdog: { pingIntervalMs: 10_000, timeoutMs: 25_000 } });
    const events = record(client);
    const ws = await openAndAck();
    const pings = () => ws.sent.filter((m) => m.type === "ping").length;
    await vi.advanceTimersByTimeAsync(9_999);
    expect(pings()).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(pings()).toBe(1);
    await vi.advanceTimersByTimeAsync(500);
    ws.receive({ type: "pong", timestamp: "t" });
    await vi.advanceTimersByTimeAsync(20_000);
    expect(pings()).toBe(3);
    expect(client.state).toBe("open");
    // silence since the pong at 10.5 s: dropped 25 s after it
    await vi.advanceTimersByTimeAsync(4_999);
    expect(ws.terminated).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(ws.terminated).toBe(true);
    expect(events.of("close").at(-1)).toMatchObject({ code: 1006, wasOpen: true, willReconnect: true });
    expect(client.state).toBe("reconnecting");
    await client.close();
  });

  it("does not ping while data flows", async () => {
    const client = makeClient({ watchdog: { pingIntervalMs: 1000, timeoutMs: 3000 } });
    const ws = await openAndAck();
    for (let i = 0; i < 50; i++) {
      ws.receive({ type: "pong", timestamp: "t" });
      await vi.advanceTimersByTimeAsync(500);
    }
    expect(ws.sent.filter((m) => m.type === "ping")).toEqual([]);
    await client.close();
  });

  it("gives up on a connection attempt that never opens", async () => {
    const client = makeClient({ watchdog: { pingIntervalMs: 1000, timeoutMs: 3000 } });
    await flush();
    const ws = FakeSocket.last;
    await vi.advanceTimersByTimeAsync(3000);
    expect(ws.terminated).toBe(true);
    expect(client.state).toBe("reconnecting");
    await client.close();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("can be turned off", async () => {
    const client = makeClient({ watchdog: false });
    const ws = await openAndAck();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(ws.sent.filter((m) => m.type === "ping")).toEqual([]);
    await client.close();
  });
});
