import { readdirSync } from "node:fs";
import { readTestdata, TESTDATA_DIR } from "@wirewatch/testkit";
import { afterAll, describe, expect, it } from "vitest";
import { createInlineRunner } from "../src/inline-runner.js";
import { closePool, createParsePool, getPool } from "../src/pool.js";
import { createPoolStatusReporter, type QueueUpdate } from "../src/pool-status.js";
import { requireBuiltWorker } from "./helpers/built-worker.js";
import { createRecordingPublisher } from "./helpers/recording-publisher.js";

const workerUrl = requireBuiltWorker();
afterAll(() => closePool());

const mdstatFixtures = ["pymdstat", "systray-mdstat", "node_exporter", "procfs"].flatMap((dir) =>
  readdirSync(`${TESTDATA_DIR}proc/${dir}`)
    .filter((name) => name.startsWith("mdstat"))
    .map((name) => `proc/${dir}/${name}`),
);

describe("parse pool (Piscina, compiled worker)", () => {
  it("parses every mdstat recording in a worker exactly as on the main thread", async () => {
    const pool = createParsePool({ workerUrl, maxThreads: 2 });
    const inline = createInlineRunner();
    expect(mdstatFixtures.length).toBeGreaterThanOrEqual(23);
    for (const name of mdstatFixtures) {
      const text = readTestdata(name);
      expect(await pool.runTask("parseMdstat", text)).toEqual(await inline.runTask("parseMdstat", text));
    }
    await pool.close();
  });

  it("keeps error codes and file names across the thread boundary", async () => {
    const pool = createParsePool({ workerUrl });
    await expect(
      pool.runTask("host.stats", {
        stat: { path: "/host/proc/stat", text: "cpu 1 2" },
        meminfo: { path: "/host/proc/meminfo", text: readTestdata("proc/jamescun-procfs/meminfo") },
        loadavg: { path: "/host/proc/loadavg", text: "0 0 0" },
        uptime: { path: "/host/proc/uptime", text: "1 1" },
        netDev: null,
        diskstats: null,
      }),
    ).rejects.toMatchObject({
      name: "CollectorError",
      code: "WW_COLLECTOR_PARSE",
      file: "/host/proc/stat",
      message: "/host/proc/stat: line 1: cpu line has 2 counters, at least 4 expected (truncated?)",
    });
    await pool.close();
  });

  it("tracks running and queued tasks and reports them on jobs as queue-update", async () => {
    const pool = createParsePool({ workerUrl, maxThreads: 1 });
    const publisher = createRecordingPublisher();
    const reporter = createPoolStatusReporter({
      pool,
      publisher,
      host: "nas1",
      settleMs: 0,
      minIntervalMs: 0,
    });
    const stat = readTestdata("proc/procfs/stat");
    const work = Array.from({ length: 20 }, () => pool.runTask("parseStat", stat));
    const busy = pool.snapshot();
    // one thread: at most one task runs, the others wait for it
    expect(busy.running + busy.queued).toBe(20);
    expect(busy.running).toBeLessThanOrEqual(1);
    expect(busy.tasks.filter((t) => t.state === "queued")).toHaveLength(busy.queued);
    await Promise.all(work);
    expect(pool.snapshot()).toMatchObject({ running: 0, queued: 0, completed: 20, failed: 0, tasks: [] });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const updates = publisher.data<QueueUpdate>("jobs");
    expect(updates[0]).toMatchObject({ type: "queue-update", running: 0, queued: 0 });
    expect(updates.at(-1)).toMatchObject({ running: 0, queued: 0, completed: 20 });
    reporter.stop();
    await pool.close();
  });

  it("is one pool per process until closed", async () => {
    const first = getPool({ workerUrl });
    expect(getPool()).toBe(first);
    await expect(first.runTask("parseUptime", "5.5 1.0")).resolves.toEqual({ uptime: 5.5, idle: 1 });
    await closePool();
    await expect(first.runTask("parseUptime", "1 1")).rejects.toMatchObject({ code: "WW_COLLECTOR_POOL" });
    const second = getPool({ workerUrl });
    expect(second).not.toBe(first);
    await closePool();
  });

  it("refuses to start without the compiled worker, saying how to build it", () => {
    expect(() => createParsePool({ workerUrl: new URL("file:///nonexistent/parse-worker.js") })).toThrow(
      /run `pnpm --filter @wirewatch\/collector build` first/,
    );
  });
});
