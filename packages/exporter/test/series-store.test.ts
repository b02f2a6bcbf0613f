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
});
