import { readTestdata } from "@wirewatch/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { createFakeRoot, type FakeRoot, fixture } from "../../helpers/fake-root.js";
import { createHostHarness } from "../../helpers/host-harness.js";

let root: FakeRoot | undefined;
afterEach(async () => root?.cleanup());

const statsFiles = {
  "proc/stat": fixture("proc/node_exporter/stat"),
  "proc/meminfo": fixture("proc/jamescun-procfs/meminfo"),
  "proc/loadavg": fixture("proc/jamescun-procfs/loadavg"),
  "proc/uptime": fixture("proc/jamescun-procfs/uptime"),
  "proc/net/dev": fixture("proc/jamescun-procfs/net/dev"),
};

describe("host input: truncated, garbled and missing files", () => {
  it("reports a truncated /proc/stat as an error naming the file, publishes nothing, recovers", async () => {
    root = await createFakeRoot(statsFiles);
    const stat = readTestdata("proc/node_exporter/stat");
    await root.write("proc/stat", stat.slice(0, stat.indexOf("cpu3") + "cpu3 470".length));
    const h = createHostHarness(root);
    await h.run("stats");
    expect(h.publisher.data("system.stats")).toEqual([]);
    expect(h.statuses()).toEqual([
      expect.objectContaining({
        input: "host.stats",
        state: "error",
        error: `${root.paths.proc}/stat: line 5: cpu line has 1 counters, at least 4 expected (truncated?)`,
        consecutive_errors: 1,
      }),
    ]);
    await root.write("proc/stat", fixture("proc/node_exporter/stat"));
    await h.run("stats");
    expect(h.publisher.data("system.stats")).toHaveLength(1);
    expect(h.statuses().map((s) => s.state)).toEqual(["error", "ok"]);
    await h.scheduler.stop();
  });

  it("names garbled meminfo, net/dev and mdstat files", async () => {
    root = await createFakeRoot({
      ...statsFiles,
      "proc/meminfo": readTestdata("proc/jamescun-procfs/meminfo").replace("MemFree:", "MemFree"),
    });
    const h = createHostHarness(root);
    await h.run("stats");
    expect(h.statuses().at(-1)?.error).toBe(
      `${root.paths.proc}/meminfo: line 2: 'MemFree        31539768 kB' is not 'Key: value [kB]'`,
    );

    await root.write("proc/meminfo", fixture("proc/jamescun-procfs/meminfo"));
    await root.write("proc/net/dev", readTestdata("proc/jamescun-procfs/net/dev").replace("wg0:", "wg0"));
    await h.run("stats");
    expect(h.statuses().at(-1)?.error).toMatch(
      new RegExp(`^${root.paths.proc}/net/dev: line 5: no 'interface:' prefix$`),
    );

    await root.write(
      "proc/mdstat",
      readTestdata("proc/pymdstat/mdstat.05").replace("(37043392/", "(37043392"),
    );
    await root.write("proc/1/mounts", "");
    await h.run("storage");
    expect(h.statuses().find((s) => s.input === "host.storage")).toMatchObject({
      state: "error",
      error: `${root.paths.proc}/mdstat: line 4: unreadable progress '[==>..................]  recovery = 12.6% (37043392292945152) finish=127.5min speed=33440K/sec'`,
    });
    expect(h.publisher.data("storage.status")).toEqual([]);
    await h.scheduler.stop();
  });

  it("reports a required file that is missing, and keeps the other schedules running", async () => {
    root = await createFakeRoot({ ...statsFiles, "proc/1/mounts": "" });
    await root.remove("proc/loadavg");
    const h = createHostHarness(root);
    await h.run("stats");
    await h.run("storage");
    expect(h.statuses().map((s) => [s.input, s.state, s.error])).toEqual([
      ["host.stats", "error", `${root.paths.proc}/loadavg: not found`],
      ["host.storage", "ok", null],
    ]);
    expect(h.publisher.data<Record<string, unknown>>("storage.status")[0]).toMatchObject({
      array_status: "none",
    });
    await h.scheduler.stop();
  });
});
