import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type RedisServer, startRedis, waitFor } from "@wirewatch/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Bus,
  BusError,
  createBus,
  createMemoryBus,
  createRedisBus,
  waitForReady,
} from "../src/index.js";
import { runBusContract } from "./contract.js";
import { busConnections, recordingLogger, redisHarness } from "./redis-harness.js";

let server: RedisServer;
beforeAll(async () => {
  server = await startRedis();
});
afterAll(async () => {
  await server?.stop();
});

runBusContract(
  "RedisBus",
  redisHarness(() => server),
);

describe("RedisBus on Redis", () => {
  const open: Bus[] = [];
  const connect = async (keyPrefix: string, extra = {}) => {
    const bus = createRedisBus({ redisUrl: server.url, keyPrefix, logger: recordingLogger(), ...extra });
    open.push(bus);
    await waitForReady(bus);
    return bus;
  };
  afterAll(async () => {
    await Promise.all(open.map((bus) => bus.close()));
  });

  it("holds exactly one upstream SUBSCRIBE per channel per bus, and no PSUBSCRIBE", async () => {
    const one = await connect("sub1");
    const two = await connect("sub1");
    const offs = Array.from({ length: 5 }, () => one.subscribe("system.stats", () => {}));
    offs.push(two.subscribe("system.stats", () => {}));
    await Promise.all(offs.map((off) => off.subscribed));
    const numsub = async () =>
      (await server.cli(["pubsub", "numsub", "sub1:ev:system.stats"])).split("\n")[1];
    expect(await numsub()).toBe("2");
    expect(await server.cli(["pubsub", "numpat"])).toBe("0");
    for (const off of offs.slice(0, 4)) off();
    expect(await numsub()).toBe("2");
    offs[4]?.();
    await waitFor(async () => (await numsub()) === "1", { description: "one subscriber left" });
    offs[5]?.();
    await waitFor(async () => (await numsub()) === "0", { description: "no subscriber left" });
  });

  it("keeps the documented key layout: meta hash, batch history list and its index", async () => {
    const bus = await connect("keys", { historyMaxLen: 7 });
    const publishBatch = (from: number, count: number) =>
      Promise.all(
        Array.from({ length: count }, (_, i) =>
          bus.publish({ channel: "custom.backup", host: "nas1", data: { n: from + i } }),
        ),
      );
    await publishBatch(1, 3); // one tick: one batch, seqs 1-3
    await publishBatch(4, 4); // 4-7
    const last = (await publishBatch(8, 2))[1]; // 8-9
    expect(last?.seq).toBe(9);
    const meta = (await server.cli(["hgetall", "keys:{custom.backup}:meta"])).split("\n");
    expect(meta.slice(0, 4)).toEqual(["seq", "9", "epoch", last?.epoch]);
    // `bytes`: the length of every batch message in the history list, for historyMaxBytes.
    const messages = (await server.cli(["lrange", "keys:{custom.backup}:history", "0", "-1"])).split("\n");
    const bytes = messages.reduce((sum, message) => sum + Buffer.byteLength(message), 0);
    expect(meta.slice(4)).toEqual(["bytes", String(bytes)]);
    // Seqs 3-9 are the newest 7: batch 1-3 must stay, whole.
    expect((await server.cli(["lrange", "keys:{custom.backup}:index", "0", "-1"])).split("\n")).toEqual([
      "1",
      "4",
      "8",
    ]);
    await publishBatch(10, 1);
    expect((await server.cli(["lrange", "keys:{custom.backup}:index", "0", "-1"])).split("\n")).toEqual([
      "4",
      "8",
      "10",
    ]);
    const newest = JSON.parse(await server.cli(["lindex", "keys:{custom.backup}:history", "-2"]));
    expect(newest).toMatchObject({ epoch: last?.epoch, seq: 8, n: 2 });
    expect(newest.events[1]).toEqual({
      type: "custom.backup",
      channel: "custom.backup",
      host: "nas1",
      timestamp: last?.timestamp,
      data: { n: 9 },
    });
    // Only the newest 7 are visible, although batch 4-7 keeps seq 4.
    expect((await bus.history("custom.backup")).events.map((event) => event.seq)).toEqual([
      4, 5, 6, 7, 8, 9, 10,
    ]);
    expect((await bus.history("custom.backup", { seq: 3, epoch: last?.epoch as string })).recovered).toBe(
      true,
    );
    expect((await bus.history("custom.backup", { seq: 2, epoch: last?.epoch as string })).recovered).toBe(
      false,
    );
  });

  it("assigns unique, increasing seqs across two processes publishing at once", async () => {
    const script = fileURLToPath(new URL("./fixtures/publisher.mjs", import.meta.url));
    expect(
      existsSync(fileURLToPath(new URL("../dist/index.js", import.meta.url))),
      "build the package first",
    ).toBe(true);
    const child = spawn(process.execPath, [script, server.url, "procs", "custom.race", "400"], {
      stdio: ["pipe", "pipe", "inherit"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    const killer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    const bus = await connect("procs");
    const seen: number[] = [];
    await bus.subscribe("custom.race", (event) => seen.push(event.seq)).subscribed;
    await waitFor(() => output.startsWith("ready\n"), { description: "child ready" });
    child.stdin.end("go\n");
    const mine: number[] = [];
    for (let i = 0; i < 400; i += 10) {
      const batch = Array.from({ length: 10 }, (_, j) =>
        bus.publish({ channel: "custom.race", host: "parent", data: { j } }),
      );
      for (const event of await Promise.all(batch)) mine.push(event.seq);
    }
    expect(await exited).toBe(0);
    clearTimeout(killer);
    const theirs = JSON.parse(output.split("\n")[1] ?? "[]") as number[];
    expect(theirs).toHaveLength(400);
    for (const seqs of [mine, theirs])
      expect(seqs.every((seq, i) => i === 0 || seq > (seqs[i - 1] as number))).toBe(true);
    const all = [...mine, ...theirs].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 800 }, (_, i) => i + 1));
    // Interleaved, or the test did not test concurrency.
    expect(Math.min(...theirs)).toBeLessThan(Math.max(...mine));
    expect(Math.min(...mine)).toBeLessThan(Math.max(...theirs));
    await waitFor(() => seen.length === 800, { description: "800 events delivered" });
    expect(seen).toEqual(all);
  });

  it("bounds publishes waiting for Redis with WW_BUS_QUEUE_FULL", async () => {
    const bus = await connect("queue", { publishInFlightMax: 10 });
    const results = await Promise.allSettled(
      Array.from({ length: 25 }, (_, i) => bus.publish({ channel: "custom.q", host: "nas1", data: i })),
    );
    const fulfilled = results.filter((result) => result.status === "fulfilled");
    const rejected = results.filter(
      (result): result is PromiseRejectedResult => result.status === "rejected",
    );
    expect(fulfilled).toHaveLength(10);
    expect(
      rejected.every(
        (result) => result.reason instanceof BusError && result.reason.code === "WW_BUS_QUEUE_FULL",
      ),
    ).toBe(true);
    expect((await bus.publish({ channel: "custom.q", host: "nas1", data: "after" })).seq).toBe(11);
  });

  it("answers history exactly like the memory bus for every resume point (Lua mirrors planHistory)", async () => {
    const redis = await connect("grid", { historyMaxLen: 10 });
    const memory = createMemoryBus({ historyMaxLen: 10 });
    open.push(memory);
    const epochs = { redis: "", memory: "" };
    for (let i = 1; i <= 27; i++) {
      epochs.redis = (await redis.publish({ channel: "custom.grid", host: "h", data: i })).epoch;
      epochs.memory = (await memory.publish({ channel: "custom.grid", host: "h", data: i })).epoch;
    }
    const shape = async (
      bus: Bus,
      epoch: string,
      seq: number | undefined,
      limit: number | undefined,
      sameEpoch: boolean,
    ) => {
      const since = seq === undefined ? undefined : { seq, epoch: sameEpoch ? epoch : "other" };
      const result = await bus.history("custom.grid", since, limit);
      return {
        recovered: result.recovered,
        seqs: result.events.map((event) => event.seq),
        data: result.events.map((e) => e.data),
      };
    };
    for (const seq of [undefined, ...Array.from({ length: 31 }, (_, i) => i)]) {
      for (const limit of [undefined, 0, 1, 4, 50]) {
        for (const sameEpoch of [true, false]) {
          const fromRedis = await shape(redis, epochs.redis, seq, limit, sameEpoch);
          const fromMemory = await shape(memory, epochs.memory, seq, limit, sameEpoch);
          expect(fromRedis, `since ${seq} limit ${limit} sameEpoch ${sameEpoch}`).toEqual(fromMemory);
        }
      }
    }
  });

  it("createBus picks Redis when a URL is given, and close leaves no connection", async () => {
    const before = await busConnections(server);
    const bus = createBus({ redisUrl: server.url, keyPrefix: "factory", logger: recordingLogger() });
    expect(bus.engine).toBe("redis");
    await waitForReady(bus);
    expect(await busConnections(server)).toBe(before + 2);
    await bus.close();
    await waitFor(async () => (await busConnections(server)) === before, {
      description: "connections closed",
    });
  });
});
