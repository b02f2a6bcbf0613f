import { readTestdata } from "@wirewatch/testkit";
import { afterAll, describe, expect, it } from "vitest";
import { measureInput } from "../src/describe-input.js";
import { createInlineRunner } from "../src/inline-runner.js";
import { closePool, createParsePool, DEFAULT_INLINE_MAX_BYTES, getPool } from "../src/pool.js";
import { requireBuiltWorker } from "./helpers/built-worker.js";

const workerUrl = requireBuiltWorker();
afterAll(() => closePool());

const statsInput = (stat: string) => ({
  stat: { path: "/proc/stat", text: stat },
  meminfo: { path: "/proc/meminfo", text: readTestdata("proc/jamescun-procfs/meminfo") },
  loadavg: { path: "/proc/loadavg", text: "0.5 0.4 0.3 1/100 42\n" },
  uptime: { path: "/proc/uptime", text: "100.5 180.2\n" },
  netDev: null,
  diskstats: null,
});

describe("parse pool: small tasks inline, big ones in a worker", () => {
  it("measures the text a task carries, stopping early when asked", () => {
    const input = { a: { path: "/a", text: "x".repeat(10) }, b: [{ path: "/b", text: "y".repeat(5) }] };
    expect(measureInput(input)).toEqual({ paths: ["/a", "/b"], bytes: 15 });
    expect(measureInput(input, 5)).toEqual({ paths: ["/a"], bytes: 10 });
    expect(measureInput("abc")).toEqual({ paths: [], bytes: 3 });
  });

  it("starts no worker for tasks up to inlineMaxBytes, one for bigger ones; same results either way", async () => {
    const small = statsInput(readTestdata("proc/node_exporter/stat"));
    const big = statsInput(readTestdata("proc/procfs/stat")); // ~130 KB intr line
    const limit = measureInput(small).bytes;
    expect(measureInput(big).bytes).toBeGreaterThan(limit);
    const pool = createParsePool({ workerUrl, inlineMaxBytes: limit });
    const inline = createInlineRunner();
    expect(pool.snapshot().threads).toBe(0);
    expect(await pool.runTask("host.stats", small)).toEqual(await inline.runTask("host.stats", small));
    expect(pool.snapshot()).toMatchObject({ threads: 0, completed: 1, running: 0, tasks: [] });
    expect(await pool.runTask("host.stats", big)).toEqual(await inline.runTask("host.stats", big));
    expect(pool.snapshot()).toMatchObject({ completed: 2, failed: 0 });
    expect(pool.snapshot().threads).toBeGreaterThanOrEqual(1);
    await pool.close();
  });

  it("keeps error codes and file names inline, and honours an abort that came first", async () => {
    const pool = createParsePool({ workerUrl, inlineMaxBytes: DEFAULT_INLINE_MAX_BYTES });
    const bad = { ...statsInput("cpu 1 2"), stat: { path: "/host/proc/stat", text: "cpu 1 2" } };
    await expect(pool.runTask("host.stats", bad)).rejects.toMatchObject({
      name: "CollectorError",
      code: "WW_COLLECTOR_PARSE",
      file: "/host/proc/stat",
      message: "/host/proc/stat: line 1: cpu line has 2 counters, at least 4 expected (truncated?)",
    });
    const controller = new AbortController();
    controller.abort(new Error("deadline"));
    await expect(pool.runTask("parseUptime", "1 1", { signal: controller.signal })).rejects.toMatchObject({
      code: "WW_COLLECTOR_TIMEOUT",
      message: "deadline",
    });
    expect(pool.snapshot()).toMatchObject({ completed: 2, failed: 2, threads: 0 });
    await pool.close();
  });

  it("the process-wide pool parses small inputs inline by default", async () => {
    const pool = getPool({ workerUrl });
    expect(await pool.runTask("parseUptime", "5.5 1.0")).toEqual({ uptime: 5.5, idle: 1 });
    expect(pool.snapshot()).toMatchObject({ threads: 0, completed: 1 });
    await closePool();
  });
});
