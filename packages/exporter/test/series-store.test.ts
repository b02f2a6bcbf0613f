import { describe, expect, it } from "vitest";
import { createFamilyBuilder, createSeriesStore } from "../src/index.js";

/** One host's blocks: node_load1 = load, and node_procs_running unless `withProcs` is false. */
const blocks = (host: string, load: number, withProcs = true) => {
  const b = createFamilyBuilder(host);
  b.add("node_load1", "gauge", "1m load average.", {}, load);
  if (withProcs) b.add("node_procs_running", "gauge", "Running.", {}, 1);
  return b.blocks();
};
const samples = (text: string) => text.split("\n").filter((l) => l !== "" && !l.startsWith("#"));

describe("createSeriesStore", () => {
  it("keeps one entry per host and source through removals and updates", () => {
    const store = createSeriesStore({ staleAfterMs: 60_000 });
    for (const [i, host] of ["a", "b", "c"].entries())
      store.replace(host, "system.stats", blocks(host, i), 0);
    store.remove("a", "system.stats"); // the last member (c) moves into a's place
    store.replace("c", "system.stats", blocks("c", 7), 0);
    store.replace("b", "system.stats", blocks("b", 5, false), 0); // b stops reporting procs
    expect(samples(store.render(0))).toEqual([
      'node_load1{instance="c"} 7',
      'node_load1{instance="b"} 5',
      'node_procs_running{instance="c"} 1',
    ]);
    expect(store.hosts()).toEqual(["b", "c"]);
    store.remove("c", "system.stats");
    store.remove("b", "system.stats");
    expect(store.render(0)).toBe("");
    expect(store.hosts()).toEqual([]);
  });

  it("keeps a host's sources apart and drops stale ones when a snapshot meets them", () => {
    const store = createSeriesStore({ staleAfterMs: 1000 });
    store.replace("a", "system.stats", blocks("a", 1), 0);
    store.replace("a", "ups:ups1", blocks("a", 2, false), 900);
    expect(samples(store.render(500))).toHaveLength(3);
    expect(samples(store.render(1500))).toEqual(['node_load1{instance="a"} 2']);
    expect(samples(store.render(1500, "a"))).toEqual(["node_load1 2"]);
  });

  it("a snapshot read in small slices is the text of its moment, whatever changes after it", () => {
    const store = createSeriesStore({ staleAfterMs: 60_000 });
    for (const [i, host] of ["a", "b", "c"].entries())
      store.replace(host, "system.stats", blocks(host, i), 0);
    const before = store.render(0);
    const snapshot = store.snapshot(0);
    store.remove("a", "system.stats"); // moves c into a's slot: copied, not changed under the snapshot
    store.replace("b", "system.stats", blocks("b", 9, false), 0);
    store.replace("d", "system.stats", blocks("d", 4), 0);
    const parts: Buffer[] = [];
    for (let slice = snapshot.read(40); slice !== null; slice = snapshot.read(40)) {
      expect(slice.at(-1)).toBe(10); // whole lines: each slice ends a piece
      parts.push(Buffer.from(slice));
    }
    expect(Buffer.concat(parts).toString()).toBe(before);
    expect(snapshot.remaining).toBe(0);
    expect(samples(store.render(0))).toEqual([
      'node_load1{instance="c"} 2',
      'node_load1{instance="b"} 9',
      'node_load1{instance="d"} 4',
      'node_procs_running{instance="c"} 1',
      'node_procs_running{instance="d"} 1',
    ]);
  });
});
