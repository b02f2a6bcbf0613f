import { createMemoryBus, silentLogger } from "@wirewatch/bus";
import { getChannelSpec } from "@wirewatch/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { fetchReplay, fetchSnapshot } from "../../src/subscription/bus-reads.js";
import { stats } from "../helpers/harness.js";

let bus = createMemoryBus({ logger: silentLogger });
afterEach(async () => {
  await bus.close();
  bus = createMemoryBus({ logger: silentLogger });
});
const alert = (i: number) => ({
  resource: "cpu",
  value: i,
  threshold: 1,
  level: "warning",
  state: "firing",
  message: "m",
});

describe("snapshot", () => {
  it("gives each host's newest state of a latest channel, oldest first", async () => {
    for (const host of ["a", "b", "a", "c", "b"])
      await bus.publish({ channel: "system.stats", host, data: stats() });
    const spec = getChannelSpec("system.stats")!;
    const all = await fetchSnapshot(bus, spec, undefined, 100);
    expect(all.map((e) => [e.host, e.seq])).toEqual([
      ["a", 3],
      ["c", 4],
      ["b", 5],
    ]);
    expect((await fetchSnapshot(bus, spec, "a", 100)).map((e) => e.seq)).toEqual([3]);
    expect(await fetchSnapshot(bus, spec, "zz", 100)).toEqual([]);
  });

  it("keeps one state per schedule on collector.status, not one per host", async () => {
    const status = (input: string, state: string) => ({ input, state, last_success: null, error: null });
    await bus.publish({ channel: "collector.status", host: "a", data: status("host.stats", "ok") });
    await bus.publish({ channel: "collector.status", host: "a", data: status("host.storage", "error") });
    await bus.publish({ channel: "collector.status", host: "a", data: status("host.stats", "stale") });
    await bus.publish({ channel: "collector.status", host: "b", data: status("host.stats", "ok") });
    const spec = getChannelSpec("collector.status")!;
    const snap = (await fetchSnapshot(bus, spec, undefined, 100)).map((e) => [
      e.host,
      (e.data as { input: string }).input,
      (e.data as { state: string }).state,
    ]);
    expect(snap).toEqual([
      ["a", "host.storage", "error"],
      ["a", "host.stats", "stale"],
      ["b", "host.stats", "ok"],
    ]);
    expect((await fetchSnapshot(bus, spec, "a", 100)).map((e) => e.seq)).toEqual([2, 3]);
  });

  it("gives only the newest event of an events channel", async () => {
    for (const host of ["a", "b", "a"])
      await bus.publish({ channel: "resource.alert", host, data: alert(1) });
    const spec = getChannelSpec("resource.alert")!;
    expect((await fetchSnapshot(bus, spec, undefined, 100)).map((e) => e.seq)).toEqual([3]);
    expect((await fetchSnapshot(bus, spec, "b", 100)).map((e) => e.seq)).toEqual([2]);
  });

  it("is empty for a channel without events", async () => {
    expect(await fetchSnapshot(bus, getChannelSpec("sensors")!, undefined, 100)).toEqual([]);
  });
});

describe("replay", () => {
  it("returns what came after the resume point", async () => {
    for (let i = 1; i <= 6; i++) await bus.publish({ channel: "resource.alert", host: "a", data: alert(i) });
    const { epoch } = (await bus.last("resource.alert"))!;
    const r = await fetchReplay(bus, "resource.alert", { seq: 3, epoch }, 100);
    expect(r.recovered && r.events.map((e) => e.seq)).toEqual([4, 5, 6]);
    expect(r.recovered && r.upto).toBe(6);
  });

  it("is not recovered past maxEvents, for another epoch, or for a point ahead of the channel", async () => {
    for (let i = 1; i <= 6; i++) await bus.publish({ channel: "resource.alert", host: "a", data: alert(i) });
    const { epoch } = (await bus.last("resource.alert"))!;
    expect((await fetchReplay(bus, "resource.alert", { seq: 1, epoch }, 4)).recovered).toBe(false);
    expect((await fetchReplay(bus, "resource.alert", { seq: 1, epoch: "other" }, 100)).recovered).toBe(false);
    expect((await fetchReplay(bus, "resource.alert", { seq: 60, epoch }, 100)).recovered).toBe(false);
    expect((await fetchReplay(bus, "sensors", { seq: 1, epoch }, 100)).recovered).toBe(false);
  });
});
