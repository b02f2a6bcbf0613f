import { type Bus, createMemoryBus, silentLogger } from "@wirewatch/bus";
import { waitFor } from "@wirewatch/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { connect, ofType, type TestClient } from "./helpers/client.js";
import { type Harness, READ_TOKEN, startHarness, stats } from "./helpers/harness.js";

let h: Harness | undefined;
let clients: TestClient[] = [];
const start = async (options: Parameters<typeof startHarness>[0] = {}) => {
  h = await startHarness(options);
  return h;
};
const open = async () => {
  const c = await connect(`${h!.wsUrl}?token=${READ_TOKEN}`);
  clients.push(c);
  return c;
};
/** The real MemoryBus, with reads that take a while (like Redis round trips under load). */
const slowReads = (bus: Bus, delayMs: number): Bus =>
  Object.assign(Object.create(bus) as Bus, {
    history: async (...args: Parameters<Bus["history"]>) => {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      return bus.history(...args);
    },
    last: async (channel: string) => {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      return bus.last(channel);
    },
  });
/** Publishes events one per timer tick (about 1/ms) in the background until stopped. */
function produce(publishOne: (i: number) => Promise<unknown>, from: number) {
  let stopped = false;
  let published = from;
  const loop = (async () => {
    while (!stopped && published < from + 3000) {
      await publishOne(++published);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  })();
  return {
    get published() {
      return published;
    },
    async stop() {
      stopped = true;
      await loop;
    },
  };
}
const publishAlert = (i: number, host = "nas1") =>
  h!.bus.publish({
    channel: "resource.alert",
    host,
    data: { resource: "cpu", value: i, threshold: 90, level: "warning", state: "firing", message: `#${i}` },
  });

afterEach(async () => {
  for (const c of clients) c.ws.terminate();
  clients = [];
  await h?.close();
  h = undefined;
});

describe("resume with since", () => {
  it("replays the missed events with recovered: true, then a resume reply, then live events", async () => {
    await start();
    for (let i = 1; i <= 5; i++) await publishAlert(i);
    const epoch = (await h!.bus.last("resource.alert"))!.epoch;
    const c = await open();
    c.send({ type: "subscribe", id: "r", channel: "resource.alert", since: { seq: 2, epoch } });
    const resume = await c.next(ofType("resume"));
    expect(resume).toMatchObject({
      id: "r",
      channel: "resource.alert",
      recovered: true,
      epoch,
      from_seq: 2,
      to_seq: 5,
    });
    const types = c.messages.map((m) => m.type);
    expect(types).toEqual([
      "subscription_ack",
      "resource.alert",
      "resource.alert",
      "resource.alert",
      "resume",
    ]);
    const replayed = c.messages.filter(ofType("resource.alert"));
    expect(replayed.map((m) => [m.seq, m.recovered])).toEqual([
      [3, true],
      [4, true],
      [5, true],
    ]);
    await publishAlert(6);
    const live = await c.next((m) => m.seq === 6);
    expect(live.recovered).toBeUndefined();
  });

  it("answers recovered: true with nothing to replay when the client is up to date", async () => {
    await start();
    await publishAlert(1);
    const { epoch } = (await h!.bus.last("resource.alert"))!;
    const c = await open();
    c.send({ type: "subscribe", channel: "resource.alert", since: { seq: 1, epoch } });
    expect(await c.next(ofType("resume"))).toMatchObject({ recovered: true, from_seq: 1, to_seq: 1 });
    expect(c.messages.filter(ofType("resource.alert"))).toHaveLength(0);
  });

  it("sends a gap notice (recovered: false) and the last value for another epoch", async () => {
    await start();
    for (let i = 1; i <= 3; i++) await publishAlert(i);
    const c = await open();
    c.send({ type: "subscribe", channel: "resource.alert", since: { seq: 2, epoch: "an-old-epoch" } });
    const resume = await c.next(ofType("resume"));
    expect(resume).toMatchObject({ recovered: false, from_seq: 2, to_seq: 3 });
    const last = await c.next(ofType("resource.alert"));
    expect(last).toMatchObject({ seq: 3 });
    expect(last.recovered).toBeUndefined();
    expect(c.messages.indexOf(resume)).toBeLessThan(c.messages.indexOf(last));
  });

  it("answers recovered: false when the missed events left the retained window", async () => {
    await start({ bus: createMemoryBus({ logger: silentLogger, historyMaxLen: 5 }) });
    for (let i = 1; i <= 10; i++) await publishAlert(i);
    const { epoch } = (await h!.bus.last("resource.alert"))!;
    const c = await open();
    c.send({ type: "subscribe", channel: "resource.alert", since: { seq: 2, epoch }, snapshot: false });
    expect(await c.next(ofType("resume"))).toMatchObject({ recovered: false, epoch, to_seq: 10 });
    c.send({ type: "ping" });
    await c.next(ofType("pong"));
    expect(c.messages.filter(ofType("resource.alert"))).toHaveLength(0);
  });

  it("takes a map of resume points for `channels`", async () => {
    await start();
    for (let i = 1; i <= 3; i++) await publishAlert(i);
    await h!.bus.publish({ channel: "system.stats", host: "nas1", data: stats(1) });
    await h!.bus.publish({ channel: "system.stats", host: "nas1", data: stats(2) });
    const alertEpoch = (await h!.bus.last("resource.alert"))!.epoch;
    const statsEpoch = (await h!.bus.last("system.stats"))!.epoch;
    const c = await open();
    c.send({
      type: "subscribe",
      channels: ["resource.alert", "system.stats@nas1"],
      since: {
        "resource.alert": { seq: 1, epoch: alertEpoch },
        "system.stats@nas1": { seq: 1, epoch: statsEpoch },
      },
    });
    await waitFor(() => c.messages.filter(ofType("resume")).length === 2);
    const resumes = c.messages.filter(ofType("resume"));
    expect(resumes.map((r) => [r.channel, r.recovered, r.to_seq])).toEqual([
      ["resource.alert", true, 3],
      ["system.stats@nas1", true, 2],
    ]);
    const replayed = c.messages
      .filter((m) => m.type !== "resume" && m.recovered === true)
      .map((m) => `${m.channel}:${m.seq}`);
    expect(replayed).toEqual(["resource.alert:2", "resource.alert:3", "system.stats:2"]);
  });

  it("loses nothing and duplicates nothing while events keep arriving during the replay", async () => {
    await start({ bus: slowReads(createMemoryBus({ logger: silentLogger }), 30) });
    for (let i = 1; i <= 50; i++) await publishAlert(i, i % 2 ? "nas1" : "nas2");
    const { epoch } = (await h!.bus.last("resource.alert"))!;
    const producer = produce((i) => publishAlert(i, i % 2 ? "nas1" : "nas2"), 50);
    try {
      const c = await open();
      c.send({ type: "subscribe", channel: "resource.alert", since: { seq: 10, epoch } });
      await c.next(ofType("resume"));
      await waitFor(() => c.messages.filter(ofType("resource.alert")).length > 60);
      await producer.stop();
      await waitFor(() => c.messages.some((m) => m.seq === producer.published));
      const seqs = c.messages.filter(ofType("resource.alert")).map((m) => m.seq);
      expect(seqs).toEqual(Array.from({ length: producer.published - 10 }, (_, i) => i + 11));
    } finally {
      await producer.stop();
    }
  });

  it("sends a snapshot without regress while events of the same host keep arriving", async () => {
    await start({ bus: slowReads(createMemoryBus({ logger: silentLogger }), 30) });
    for (let i = 1; i <= 5; i++) {
      await h!.bus.publish({ channel: "system.stats", host: "nas1", data: stats(i) });
    }
    const producer = produce(
      (i) => h!.bus.publish({ channel: "system.stats", host: "nas1", data: stats(i % 100) }),
      5,
    );
    try {
      const c = await open();
      c.send({ type: "subscribe", channel: "system.stats@nas1" });
      await waitFor(() => c.messages.filter(ofType("system.stats")).length > 20);
      await producer.stop();
      await waitFor(() => c.messages.some((m) => m.seq === producer.published));
      const seqs = c.messages.filter(ofType("system.stats")).map((m) => m.seq as number);
      const first = seqs[0]!;
      expect(seqs).toEqual(Array.from({ length: producer.published - first + 1 }, (_, i) => i + first));
    } finally {
      await producer.stop();
    }
  });
});
