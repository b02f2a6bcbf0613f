import type { BusEvent } from "@wirewatch/protocol";
import { waitFor } from "@wirewatch/testkit";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Bus, type BusBaseOptions, BusError } from "../src/index.js";

/** One test's backend, able to hand out several buses on it (each like a separate process). */
export interface BusHarness {
  /** A new bus on this backend, ready. */
  connect(options?: Pick<BusBaseOptions, "onHandlerError">): Promise<Bus>;
  /** Loses every channel's history, as a restart without persistence does. Earlier buses may be unusable. */
  loseHistory(): Promise<void>;
  /** Backend connections still open from this harness's buses, if the engine has any. */
  openConnections?(): Promise<number>;
  teardown(): Promise<void>;
}

export type MakeHarness = (options: {
  historyMaxLen: number;
  historyMaxBytes: number;
}) => Promise<BusHarness>;

const HISTORY_MAX_LEN = 50;
const HISTORY_MAX_BYTES = 256 * 1024;
const draft = (channel: string, data: unknown, host = "nas1") => ({ channel, host, data });

/** Collects the events of one channel. */
function collect(bus: Bus, channel: string): { events: BusEvent[]; off: ReturnType<Bus["subscribe"]> } {
  const events: BusEvent[] = [];
  const off = bus.subscribe(channel, (event) => events.push(event));
  return { events, off };
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  await expect(promise).rejects.toSatisfy((error) => error instanceof BusError && error.code === code);
}

function expectThrowsCode(fn: () => unknown, code: string): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(BusError);
    expect((error as BusError).code).toBe(code);
    return;
  }
  expect.fail(`expected ${code}`);
}

/**
 * The Bus contract (architecture §7): every engine runs this same suite.
 */
export function runBusContract(name: string, makeHarness: MakeHarness): void {
  describe(`Bus contract: ${name}`, () => {
    let harness: BusHarness;
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);

    beforeAll(() => {
      process.on("unhandledRejection", onUnhandled);
    });
    afterAll(() => {
      process.off("unhandledRejection", onUnhandled);
    });
    beforeEach(async () => {
      unhandled.length = 0;
      harness = await makeHarness({ historyMaxLen: HISTORY_MAX_LEN, historyMaxBytes: HISTORY_MAX_BYTES });
    });
    afterEach(async () => {
      await harness.teardown();
      expect(unhandled).toEqual([]);
    });

    it("seals a draft: seq from 1 per channel, an epoch, type and timestamp defaults", async () => {
      const bus = await harness.connect();
      const first = await bus.publish(draft("system.stats", { cpu_percent: 25.5 }));
      const second = await bus.publish({ ...draft("custom.backup", { ok: true }), type: "backup.done" });
      const third = await bus.publish({
        ...draft("system.stats", [1]),
        timestamp: "2025-06-19T14:30:00.000Z",
      });
      expect(first).toMatchObject({ type: "system.stats", channel: "system.stats", host: "nas1", seq: 1 });
      expect(first.data).toEqual({ cpu_percent: 25.5 });
      expect(first.epoch).toMatch(/^.{1,64}$/);
      expect(Number.isNaN(Date.parse(first.timestamp))).toBe(false);
      expect(second).toMatchObject({ type: "backup.done", channel: "custom.backup", seq: 1 });
      expect(third).toMatchObject({ seq: 2, epoch: first.epoch, timestamp: "2025-06-19T14:30:00.000Z" });
    });

    it("delivers each channel's events in seq order, once each", async () => {
      const publisher = await harness.connect();
      const subscriber = await harness.connect();
      const a = collect(subscriber, "system.stats");
      const b = collect(subscriber, "docker.stats");
      expect(await a.off.subscribed).toBe(true);
      expect(await b.off.subscribed).toBe(true);
      const published: Promise<BusEvent>[] = [];
      for (let i = 0; i < 300; i++)
        published.push(publisher.publish(draft(i % 3 ? "system.stats" : "docker.stats", { i })));
      await Promise.all(published);
      await waitFor(() => a.events.length === 200 && b.events.length === 100, { description: "all events" });
      expect(a.events.map((event) => event.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
      expect(b.events.map((event) => event.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
      const sent = Array.from({ length: 300 }, (_, i) => i).filter((i) => i % 3);
      expect(a.events.map((event) => (event.data as { i: number }).i)).toEqual(sent);
      expect(a.events.every((event) => event.channel === "system.stats")).toBe(true);
    });

    it("keeps seq strictly increasing and unique with two publishers on one channel", async () => {
      const one = await harness.connect();
      const two = await harness.connect();
      const watcher = await harness.connect();
      const seen = collect(watcher, "custom.race");
      await seen.off.subscribed;
      const run = (bus: Bus, who: string) =>
        Promise.all(Array.from({ length: 250 }, (_, i) => bus.publish(draft("custom.race", { who, i }))));
      const [fromOne, fromTwo] = await Promise.all([run(one, "one"), run(two, "two")]);
      for (const mine of [fromOne, fromTwo]) {
        const seqs = mine.map((event) => event.seq);
        expect(seqs.every((seq, i) => i === 0 || seq > (seqs[i - 1] as number))).toBe(true);
      }
      const all = [...fromOne, ...fromTwo].map((event) => event.seq).sort((x, y) => x - y);
      expect(all).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
      await waitFor(() => seen.events.length === 500, { description: "500 events at the watcher" });
      expect(seen.events.map((event) => event.seq)).toEqual(all);
    });

    it("fans out to every local handler and stops a handler on unsubscribe", async () => {
      const bus = await harness.connect();
      const kept = collect(bus, "system.stats");
      const dropped = collect(bus, "system.stats");
      await Promise.all([kept.off.subscribed, dropped.off.subscribed]);
      await bus.publish(draft("system.stats", 1));
      await waitFor(() => kept.events.length === 1 && dropped.events.length === 1, {
        description: "first event",
      });
      dropped.off();
      dropped.off();
      await bus.publish(draft("system.stats", 2));
      await bus.publish(draft("system.stats", 3));
      await waitFor(() => kept.events.length === 3, { description: "three events" });
      expect(dropped.events.map((event) => event.seq)).toEqual([1]);
      kept.off();
      await bus.publish(draft("system.stats", 4));
      const again = collect(bus, "system.stats");
      expect(await again.off.subscribed).toBe(true);
      await bus.publish(draft("system.stats", 5));
      await waitFor(() => again.events.length === 1, { description: "event after resubscribing" });
      expect(again.events[0]?.seq).toBe(5);
      expect(kept.events.map((event) => event.seq)).toEqual([1, 2, 3]);
    });

    it("runs handlers outside publish() and in order even when a handler publishes", async () => {
      const bus = await harness.connect();
      let returned = false;
      const seenAfterReturn: boolean[] = [];
      const order: number[] = [];
      bus.subscribe("custom.chain", (event) => {
        seenAfterReturn.push(returned);
        const n = event.data as number;
        if (n < 3) void bus.publish(draft("custom.chain", n + 1));
      });
      const second = bus.subscribe("custom.chain", (event) => order.push(event.data as number));
      await second.subscribed;
      const publishing = bus.publish(draft("custom.chain", 1));
      returned = true;
      await publishing;
      await waitFor(() => order.length === 3, { description: "the chain of three" });
      expect(order).toEqual([1, 2, 3]);
      expect(seenAfterReturn[0]).toBe(true);
    });

    it("isolates a throwing handler and reports it", async () => {
      const reported: { error: unknown; seq: number }[] = [];
      const bus = await harness.connect({
        onHandlerError: (error, event) => reported.push({ error, seq: event.seq }),
      });
      let thrown = 0;
      bus.subscribe("system.stats", () => {
        thrown++;
        throw new Error("handler bug");
      });
      const good = collect(bus, "system.stats");
      await good.off.subscribed;
      for (let i = 0; i < 3; i++) await bus.publish(draft("system.stats", i));
      await waitFor(() => good.events.length === 3, { description: "three events at the good handler" });
      expect(thrown).toBe(3);
      expect(reported.map((entry) => entry.seq)).toEqual([1, 2, 3]);
      expect((reported[0]?.error as Error | undefined)?.message).toBe("handler bug");
    });

    it("keeps the last value, readable from another bus", async () => {
      const bus = await harness.connect();
      const other = await harness.connect();
      expect(await bus.last("system.stats")).toBeUndefined();
      await bus.publish(draft("system.stats", { n: 1 }, "nas1"));
      const latest = await bus.publish(draft("system.stats", { n: 2 }, "web-2"));
      await bus.publish(draft("docker.stats", { n: 3 }));
      expect(await bus.last("system.stats")).toEqual(latest);
      expect(await other.last("system.stats")).toEqual(latest);
    });

    it("answers history since a seq, paged by limit, from any bus", async () => {
      const bus = await harness.connect();
      const other = await harness.connect();
      const events: BusEvent[] = [];
      for (let i = 1; i <= 10; i++) events.push(await bus.publish(draft("system.stats", { i })));
      const epoch = events[0]?.epoch as string;
      const after4 = await other.history("system.stats", { seq: 4, epoch });
      expect(after4).toEqual({ recovered: true, epoch, events: events.slice(4) });
      const page = await bus.history("system.stats", { seq: 4, epoch }, 3);
      expect(page.recovered).toBe(true);
      expect(page.events.map((event) => event.seq)).toEqual([5, 6, 7]);
      expect(await bus.history("system.stats", { seq: 10, epoch })).toEqual({
        recovered: true,
        epoch,
        events: [],
      });
      const all = await bus.history("system.stats");
      expect(all).toEqual({ recovered: true, epoch, events });
      expect((await bus.history("system.stats", undefined, 2)).events.map((event) => event.seq)).toEqual([
        9, 10,
      ]);
    });

    it("reports recovered:false beyond the retained window, for another epoch, or ahead of the channel", async () => {
      const bus = await harness.connect();
      let epoch = "";
      for (let i = 1; i <= HISTORY_MAX_LEN + 30; i++)
        epoch = (await bus.publish(draft("system.stats", { i }))).epoch;
      const newest = Array.from({ length: HISTORY_MAX_LEN }, (_, i) => i + 31);
      const edge = await bus.history("system.stats", { seq: 30, epoch });
      expect(edge.recovered).toBe(true);
      expect(edge.events.map((event) => event.seq)).toEqual(newest);
      const tooOld = await bus.history("system.stats", { seq: 29, epoch });
      expect(tooOld.recovered).toBe(false);
      expect(tooOld.events.map((event) => event.seq)).toEqual(newest);
      const otherEpoch = await bus.history("system.stats", { seq: 70, epoch: "not-this-one" });
      expect(otherEpoch).toMatchObject({ recovered: false, epoch });
      expect(otherEpoch.events.map((event) => event.seq)).toEqual(newest);
      expect((await bus.history("system.stats", { seq: 81, epoch })).recovered).toBe(false);
    });

    it("bounds a channel's history in bytes, oldest first, always keeping the newest event", async () => {
      const bus = await harness.connect();
      const big = "x".repeat(20 * 1024);
      const sealed: BusEvent[] = [];
      for (let i = 1; i <= 40; i++) sealed.push(await bus.publish(draft("custom.big", { i, big })));
      await bus.publish(draft("custom.small", { i: 1 }));
      const kept = (await bus.history("custom.big")).events;
      // 256 KiB holds about 12 of these; far fewer than the 40 published (and the 50-event cap).
      expect(kept.length).toBeGreaterThanOrEqual(8);
      expect(kept.length).toBeLessThanOrEqual(13);
      expect(kept).toEqual(sealed.slice(-kept.length));
      const epoch = sealed[0]?.epoch as string;
      expect((await bus.history("custom.big", { seq: 1, epoch })).recovered).toBe(false);
      expect((await bus.history("custom.small")).events).toHaveLength(1);

      const huge = await bus.publish(draft("custom.big", { huge: "y".repeat(HISTORY_MAX_BYTES + 1) }));
      expect(await bus.last("custom.big")).toEqual(huge);
      expect((await bus.history("custom.big")).events).toEqual([huge]);
    });

    it("changes the epoch when history is lost, and seq restarts", async () => {
      const before = await harness.connect();
      await before.publish(draft("system.stats", 1));
      const last = await before.publish(draft("system.stats", 2));
      await harness.loseHistory();
      const after = await harness.connect();
      const first = await after.publish(draft("system.stats", 3));
      expect(first.seq).toBe(1);
      expect(first.epoch).not.toBe(last.epoch);
      const resumed = await after.history("system.stats", { seq: last.seq, epoch: last.epoch });
      expect(resumed.recovered).toBe(false);
      expect(resumed.epoch).toBe(first.epoch);
      expect(resumed.events).toEqual([first]);
    });

    it("validates channel names and drafts before touching the backend", async () => {
      const bus = await harness.connect();
      const noop = () => {};
      expectThrowsCode(() => bus.subscribe("system.stats@nas1", noop), "WW_BUS_INVALID_CHANNEL");
      expectThrowsCode(() => bus.subscribe("system.*", noop), "WW_BUS_INVALID_CHANNEL");
      expectThrowsCode(() => bus.subscribe("", noop), "WW_BUS_INVALID_CHANNEL");
      await expectCode(bus.publish(draft("System Stats", 1)), "WW_BUS_INVALID_CHANNEL");
      await expectCode(bus.publish(draft("system.stats@nas1", 1)), "WW_BUS_INVALID_CHANNEL");
      await expectCode(bus.publish(draft("system.stats", 1, "bad host")), "WW_BUS_INVALID_EVENT");
      await expectCode(bus.publish(draft("system.stats", undefined)), "WW_BUS_INVALID_EVENT");
      await expectCode(
        bus.publish({ ...draft("system.stats", 1), timestamp: "yesterday" }),
        "WW_BUS_INVALID_EVENT",
      );
      await expectCode(bus.history("a*b"), "WW_BUS_INVALID_CHANNEL");
      await expectCode(bus.history("system.stats", { seq: -1, epoch: "x" }), "WW_BUS_INVALID_ARGUMENT");
      await expectCode(bus.history("system.stats", undefined, 1.5), "WW_BUS_INVALID_ARGUMENT");
      await expectCode(bus.last("system.stats@nas1"), "WW_BUS_INVALID_CHANNEL");
      expect(await bus.last("system.stats")).toBeUndefined();
    });

    it("reports readiness and its changes", async () => {
      const bus = await harness.connect();
      expect(bus.ready()).toBe(true);
      const changes: boolean[] = [];
      const removed: boolean[] = [];
      bus.onReadyChange((ready) => changes.push(ready));
      const stop = bus.onReadyChange((ready) => removed.push(ready));
      stop();
      await bus.close();
      expect(bus.ready()).toBe(false);
      expect(changes).toEqual([false]);
      expect(removed).toEqual([]);
    });

    it("close stops delivery, rejects further use and leaves nothing open", async () => {
      const bus = await harness.connect();
      const other = await harness.connect();
      const seen = collect(bus, "system.stats");
      const otherSeen = collect(other, "system.stats");
      await Promise.all([seen.off.subscribed, otherSeen.off.subscribed]);
      await other.publish(draft("system.stats", 1));
      await waitFor(() => seen.events.length === 1, { description: "first event" });
      await Promise.all([bus.close(), bus.close()]);
      await bus.close();
      await other.publish(draft("system.stats", 2));
      await waitFor(() => otherSeen.events.length === 2, { description: "second event at the open bus" });
      expect(seen.events.map((event) => event.seq)).toEqual([1]);
      await expectCode(bus.publish(draft("system.stats", 3)), "WW_BUS_CLOSED");
      await expectCode(bus.history("system.stats"), "WW_BUS_CLOSED");
      await expectCode(bus.last("system.stats"), "WW_BUS_CLOSED");
      expectThrowsCode(() => bus.subscribe("system.stats", () => {}), "WW_BUS_CLOSED");
      await other.close();
      if (harness.openConnections) {
        const open = harness.openConnections;
        await waitFor(async () => (await open()) === 0, { description: "no open connections" });
      }
    });
  });
}
